package dev.lmql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Runs the {@code java -jar cli/target/lmql.jar ...} samples of docs/cli.md through the command line, in order, as
 * a reader would (files named by the samples live in one temporary working directory; {@code <!-- file: NAME -->}
 * blocks are written there first). Each must exit 0. {@code serve-model} samples, which run until stopped, are only
 * parsed.
 */
class DocCommandsTest {
    private static final Path DOC = Path.of("..", "docs", "cli.md");
    private static final String PREFIX = "java -jar cli/target/lmql.jar ";

    @TempDir
    Path workDir;

    @Test
    void everyCommandSampleInTheCliDocsWorks() throws IOException {
        String doc = Files.readString(DOC, StandardCharsets.UTF_8);
        Matcher files = Pattern.compile("<!-- file: (\\S+) -->\\s*\\n```\\w*\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        while (files.find()) {
            Files.writeString(workDir.resolve(files.group(1)), files.group(2));
        }
        List<List<String>> commands = new ArrayList<>();
        Matcher blocks = Pattern.compile("```bash\\n(.*?)```", Pattern.DOTALL).matcher(doc);
        while (blocks.find()) {
            for (String line : blocks.group(1).split("\n")) {
                if (line.startsWith(PREFIX)) {
                    commands.add(localPaths(shellWords(line.substring(PREFIX.length()))));
                }
            }
        }
        assertThat(commands).as("command samples in " + DOC).hasSizeGreaterThanOrEqualTo(8);
        for (List<String> args : commands) {
            String[] argv = args.toArray(new String[0]);
            if (args.get(0).equals("serve-model")) {
                LmqlCommand.commandLine().parseArgs(argv);
                continue;
            }
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            CommandLine cl = LmqlCommand.commandLine();
            cl.setOut(new PrintWriter(out));
            cl.setErr(new PrintWriter(err));
            int code = cl.execute(argv);
            assertThat(code).as(String.join(" ", args) + "\n" + out + err).isZero();
        }
    }

    /** Arguments that name a sample file (*.lmql, *.json) point into the working directory. */
    private List<String> localPaths(List<String> args) {
        List<String> out = new ArrayList<>();
        for (String a : args) {
            out.add(a.matches("[\\w./-]+\\.(lmql|json)") ? workDir.resolve(a).toString() : a);
        }
        return out;
    }

    /** Splits a shell command line: whitespace separates words, '…' and "…" quote, # starts a comment. */
    static List<String> shellWords(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                word = word == null ? new StringBuilder() : word;
            } else if (c == '#' && word == null) {
                break;
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }
}
