package dev.lmql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.lmql.backend.GenerationRequest;
import dev.lmql.backend.LanguageModel;
import dev.lmql.backend.ModelRegistry;
import dev.lmql.backend.SamplingParams;
import dev.lmql.constraint.Constraints;
import dev.lmql.trace.TraceRecorder;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The command line end to end through its entry point: exit codes and output. */
class CliTest {
    @TempDir
    Path dir;

    record Run(int exitCode, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = LmqlCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    /** A real certificate: the random model generating under a constraint, recorded by a trace recorder. */
    private Path certificate(String name, long seed, String prompt) throws Exception {
        TraceRecorder recorder = TraceRecorder.root(name);
        try (LanguageModel model = ModelRegistry.create("random", Map.of("seed", seed))) {
            int[] ids = model.tokenizer().encode(prompt);
            model.generate(new GenerationRequest(ids, prompt, List.of(),
                    Constraints.integer().compile(model.tokenizer(), "N"), new SamplingParams(0.0, null, null, 5L, 1), 6, recorder)).get();
        }
        Path file = dir.resolve(name + ".json");
        Files.writeString(file, recorder.certificate().toJson());
        return file;
    }

    @Test
    void helpForEveryCommand() {
        for (String[] args : List.of(new String[] {"--help"}, new String[] {"certificate", "--help"},
                new String[] {"certificate", "show", "--help"}, new String[] {"certificate", "verify", "--help"},
                new String[] {"certificate", "diff", "--help"}, new String[] {"serve-model", "--help"},
                new String[] {"run", "--help"}, new String[] {"certificate", "replay", "--help"})) {
            Run r = run(args);
            assertThat(r.exitCode()).as(String.join(" ", args)).isZero();
            assertThat(r.out()).contains("Usage:");
        }
    }

    @Test
    void runPrintsConstrainedVariables() {
        Run r = run("run", "argmax \"Count: [N]\" from \"random\" where INT(N) and len(TOKENS(N)) < 4");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("(?m)^N = -?\\d+");
    }

    @Test
    void runStreamsEachValueAsItsHoleIsFilled() {
        Run r = run("run", "--stream", "argmax \"A: [A], B: [B]\" from \"random\" where A in [\"x\", \"y\"] "
                + "and B in [\"p\", \"q\"]");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).containsPattern("(?s)^A = \"[xy]\"\nB = \"[pq]\"\n");
    }

    /** A writer that keeps what had been written at each flush. */
    static final class FlushRecorder extends java.io.Writer {
        final StringBuilder text = new StringBuilder();
        final List<String> flushed = new java.util.ArrayList<>();

        @Override
        public void write(char[] buf, int off, int len) {
            text.append(buf, off, len);
        }

        @Override
        public void flush() {
            if (flushed.isEmpty() || !flushed.get(flushed.size() - 1).contentEquals(text)) {
                flushed.add(text.toString());
            }
        }

        @Override
        public void close() {
        }
    }

    @Test
    void runStreamsHoleTextTokenByTokenOnARealModelAndEndsWithTheSameLines() {
        String query = "argmax \"Once upon a time[STORY]\" from \"local:stories260K.gguf\" "
                + "where STOPS_BEFORE(STORY, \".\") and len(TOKENS(STORY)) < 25";
        Run plain = run("run", query);
        assertThat(plain.exitCode()).as(plain.err()).isZero();
        assertThat(plain.out()).matches("STORY = \"[^.\"]+\"\n");

        FlushRecorder out = new FlushRecorder();
        CommandLine cl = LmqlCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        assertThat(cl.execute("run", "--stream", query)).isZero();
        // the same line as without --stream (a STOP finish prints no suffix), reached through growing prefixes
        assertThat(out.text.toString()).isEqualTo(plain.out());
        List<String> partial = out.flushed.stream().filter(f -> !f.endsWith("\n")).toList();
        assertThat(partial).hasSizeGreaterThan(3);
        for (int i = 1; i < out.flushed.size(); i++) {
            assertThat(out.flushed.get(i)).startsWith(out.flushed.get(i - 1));
        }
        assertThat(partial.get(0)).startsWith("STORY = \"");
    }

    @Test
    void runWithoutStreamPrintsOnlyWhenTheQueryEnds() {
        FlushRecorder out = new FlushRecorder();
        CommandLine cl = LmqlCommand.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(new StringWriter()));
        assertThat(cl.execute("run", "argmax \"A: [A], B: [B]\" from \"random\" where len(TOKENS(A)) < 5 "
                + "and len(TOKENS(B)) < 5")).isZero();
        assertThat(out.flushed).hasSize(1);
        assertThat(out.text.toString()).matches("A = \".*\".*\nB = \".*\".*\n");
    }

    @Test
    void runPrintsTheDistributionMostLikelyFirst() {
        Run r = run("run", "--model", "random", "argmax \"Pick: [X]\" distribution X in [\"yes\", \"no\"]");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("distribution X:").containsPattern("\"(yes|no)\"\\s+0\\.\\d{4}");
    }

    @Test
    void runReadsLmqlFilesTakesArgumentsAndWritesCertificates() throws Exception {
        Path query = dir.resolve("q.lmql");
        Files.writeString(query, "sample(n=2, seed=1)\n\"Hello {name}:[X]\"\nfrom \"random\"\n"
                + "where X in options\n");
        Path cert = dir.resolve("run-cert.json");
        Run r = run("run", query.toString(), "--arg", "name=Bob", "--arg", "options=[\"a\",\"b\"]",
                "--certificate", cert.toString(), "--prompt");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("result 1 of 2:").contains("result 2 of 2:").containsPattern("X = \"[ab]\"")
                .contains("Hello Bob:");
        assertThat(run("certificate", "verify", cert.toString()).exitCode()).isZero();
    }

    @Test
    void runReportsSyntaxErrorsWithACaret() {
        Run r = run("run", "argmax \"Hi [X\" from \"random\"");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(r.err()).startsWith("error: ").contains("^").doesNotContain("\tat ");
    }

    @Test
    void replayReproducesARunAndCatchesATamperedToken() throws Exception {
        Path cert = dir.resolve("replayed.json");
        Run r = run("run", "argmax \"Hello [X]\" from \"random\"", "--certificate", cert.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        Run replay = run("certificate", "replay", cert.toString());
        assertThat(replay.exitCode()).as(replay.out() + replay.err()).isZero();
        assertThat(replay.out()).contains("REPRODUCED");

        String json = Files.readString(cert);
        Matcher tokens = Pattern.compile("\"tokens\"\\s*:\\s*\\[\\s*(\\d+)").matcher(json);
        assertThat(tokens.find()).isTrue();
        String tampered = json.substring(0, tokens.start(1)) + (Integer.parseInt(tokens.group(1)) == 0 ? 1 : 0)
                + json.substring(tokens.end(1));
        Path bad = dir.resolve("tampered.json");
        Files.writeString(bad, tampered);
        Run failed = run("certificate", "replay", bad.toString());
        assertThat(failed.exitCode()).as(failed.out() + failed.err()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(failed.out()).contains("NOT REPRODUCED");
    }

    @Test
    void unknownOptionIsAUsageError() {
        Run r = run("certificate", "show", "x.json", "--nope");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("Unknown option: '--nope'");
    }

    @Test
    void showPrintsTheCallsAndMetrics() throws Exception {
        Run r = run("certificate", "show", certificate("shown", 1, "Count: ").toString());
        assertThat(r.exitCode()).isZero();
        assertThat(r.out()).contains("certificate shown").containsPattern("random\\.\\w+  model=random  prompt=3 tokens")
                .contains("metrics random");
        Run json = run("certificate", "show", "--json", certificate("raw", 1, "Count: ").toString());
        assertThat(new ObjectMapper().readTree(json.out()).get("type").asText()).isEqualTo("lmql.InferenceCertificate");
    }

    @Test
    void verifyAcceptsARealCertificateAndRejectsATamperedOne() throws Exception {
        Path good = certificate("good", 2, "Number: ");
        assertThat(run("certificate", "verify", good.toString()).exitCode()).isZero();

        JsonNode tree = new ObjectMapper().readTree(Files.readString(good));
        // A result whose variable never occurs in its prompt cannot come from these calls.
        ((com.fasterxml.jackson.databind.node.ArrayNode) tree.get("events")).addObject().put("name", "lmql.LMQLResult")
                .putArray("data").addObject().put("prompt", "Number: 12").putObject("variables").put("N", "77");
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, tree.toString());
        Run r = run("certificate", "verify", bad.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(r.out()).contains("problem:").contains("NOT consistent");
    }

    @Test
    void diffFindsTheFirstDifferingToken() throws Exception {
        Path a = certificate("a", 3, "Number: ");
        Path same = certificate("a2", 3, "Number: ");
        Path other = certificate("b", 4, "Number: ");
        Run identical = run("certificate", "diff", a.toString(), same.toString());
        assertThat(identical.exitCode()).as(identical.out()).isZero();
        Run r = run("certificate", "diff", a.toString(), other.toString());
        assertThat(r.exitCode()).isEqualTo(ExitCodes.CHECK_FAILED);
        assertThat(r.out()).containsPattern("call 0 \\(random\\.\\w+\\)").contains("tokens differ at position");
    }

    @Test
    void missingOrMalformedFilesAreErrorsWithoutStackTraces() throws Exception {
        Run missing = run("certificate", "show", dir.resolve("nope.json").toString());
        assertThat(missing.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(missing.err()).startsWith("error: certificate file not found").doesNotContain("\tat ");

        Path junk = dir.resolve("junk.json");
        Files.writeString(junk, "{\"not\": \"a certificate\"");
        Run malformed = run("certificate", "verify", junk.toString());
        assertThat(malformed.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(malformed.err()).contains("is not an inference certificate");

        Run verbose = run("--verbose", "certificate", "verify", junk.toString());
        assertThat(verbose.err()).contains("\tat ");
    }

    @Test
    void serveModelAnswersUntilStopped() throws Exception {
        StringWriter err = new StringWriter();
        CommandLine cl = LmqlCommand.commandLine();
        cl.setErr(new PrintWriter(err, true));
        CompletableFuture<Integer> server = CompletableFuture.supplyAsync(
                () -> cl.execute("serve-model", "random", "--port", "0"));
        Matcher m = Pattern.compile("at (http://127\\.0\\.0\\.1:\\d+/v1)").matcher("");
        for (int i = 0; i < 200 && !m.reset(err.toString()).find(); i++) {
            Thread.sleep(50);
        }
        assertThat(m.reset(err.toString()).find()).as("server start line in: " + err).isTrue();
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(m.group(1)
                + "/completions")).POST(HttpRequest.BodyPublishers.ofString("{\"prompt\":\"hi\",\"max_tokens\":3}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        ServeModelCommand.stopSignal.countDown();
        assertThat(server.get()).isZero();
    }

    @Test
    void serveModelWithAnUnknownModelFailsClearly() {
        Run r = run("serve-model", "nosuch:thing", "--port", "0");
        assertThat(r.exitCode()).isEqualTo(ExitCodes.ERROR);
        assertThat(r.err()).startsWith("error: ");
    }
}
