package dev.lmql.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every Java sample in docs/ and the README is a region of a compiled source file (marked with
 * {@code // tag::name[]} ... {@code // end::name[]}), included with {@code <!-- include: path#name -->} right
 * above the code block. This test fails when a sample is not included that way or has drifted from its source,
 * so the docs only show code that compiles — and, for the examples, code that runs in ExamplesTest.
 */
class DocSnippetsTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Pattern BLOCK = Pattern.compile(
            "(?:<!-- include: (\\S+?)#(\\S+?) -->\\s*\\n)?```java\\n(.*?)```", Pattern.DOTALL);

    record Sample(Path doc, String source, String tag, String code) {
    }

    static List<Sample> samples() throws IOException {
        List<Path> docs = new ArrayList<>();
        docs.add(ROOT.resolve("README.md"));
        try (Stream<Path> s = Files.walk(ROOT.resolve("docs"))) {
            s.filter(p -> p.toString().endsWith(".md")).sorted().forEach(docs::add);
        }
        List<Sample> out = new ArrayList<>();
        for (Path doc : docs) {
            Matcher m = BLOCK.matcher(Files.readString(doc, StandardCharsets.UTF_8));
            while (m.find()) {
                out.add(new Sample(doc, m.group(1), m.group(2), m.group(3)));
            }
        }
        return out;
    }

    static String region(Path file, String tag) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder();
        boolean inside = false;
        for (String line : lines) {
            if (line.strip().equals("// end::" + tag + "[]")) {
                return dedent(out.toString());
            }
            if (inside && !line.strip().matches("// (tag|end)::\\S+\\[\\]")) {
                out.append(line).append('\n');
            }
            if (line.strip().equals("// tag::" + tag + "[]")) {
                inside = true;
            }
        }
        throw new AssertionError("no region " + tag + " in " + file);
    }

    static String dedent(String text) {
        int indent = Integer.MAX_VALUE;
        for (String line : text.split("\n")) {
            if (!line.isBlank()) {
                indent = Math.min(indent, line.length() - line.stripLeading().length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n")) {
            out.append(line.isBlank() ? "" : line.substring(indent)).append('\n');
        }
        return out.toString();
    }

    @Test
    void everyJavaSampleInTheDocsIsIncludedFromCompiledSource() throws IOException {
        List<Sample> samples = samples();
        assertThat(samples).as("java samples in the docs").isNotEmpty();
        for (Sample s : samples) {
            assertThat(s.source()).as("java block in " + s.doc() + " needs an <!-- include: path#tag --> line:\n"
                    + s.code()).isNotNull();
            Path file = ROOT.resolve(s.source());
            assertThat(file).as("included file of " + s.doc()).exists();
            assertThat(s.code()).as(s.doc() + " includes " + s.source() + "#" + s.tag()
                    + "; copy the region again").isEqualTo(region(file, s.tag()));
        }
    }
}
