package dev.lmql.bench.openai;

import dev.lmql.backend.GeneratedSequence;
import dev.lmql.backend.GenerationRequest;
import dev.lmql.backend.LanguageModel;
import dev.lmql.backend.ModelRegistry;
import dev.lmql.backend.SamplingParams;
import dev.lmql.constraint.Constraints;
import dev.lmql.constraint.TokenConstraint;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The OpenAI backend's own cost per query: a query through the library (prompt tokenization, request building,
 * SSE parsing, token mapping, constraint checks, certificate-less tracing) versus a raw OkHttp call of the same
 * body to the same local mock server that answers instantly with the same streamed completion. The difference of
 * the medians is the library's overhead. {@code concurrent64} measures throughput with 64 queries in flight.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar OverheadBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
public class OverheadBenchmark {
    private static final String SSE = sse("42", " is", " the", " answer", ".");
    private static final String PROMPT = "Question: What is six times seven?\nAnswer:";

    private MockWebServer server;
    private OkHttpClient raw;
    private LanguageModel model;
    private TokenConstraint free;
    private TokenConstraint integer;
    private String rawBody;

    private static String sse(String... tokens) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < tokens.length; i++) {
            String t = tokens[i].replace("\"", "\\\"");
            sb.append("data: {\"id\":\"cmpl-b\",\"object\":\"text_completion\",\"created\":1,\"model\":\"davinci-002\","
                    + "\"choices\":[{\"text\":\"").append(t).append("\",\"index\":0,\"logprobs\":{\"tokens\":[\"")
                    .append(t).append("\"],\"token_logprobs\":[-0.1],\"top_logprobs\":[{\"").append(t)
                    .append("\":-0.1}],\"text_offset\":[0]},\"finish_reason\":")
                    .append(i == tokens.length - 1 ? "\"stop\"" : "null").append("}]}\n\n");
        }
        return sb.append("data: [DONE]\n\n").toString();
    }

    @Setup(Level.Trial)
    public void start() throws IOException {
        server = new MockWebServer();
        // Without TCP_NODELAY on the server's sockets, delayed ACKs add ~40 ms to every exchange and hide everything.
        server.setServerSocketFactory(new NoDelayServerSockets());
        server.setDispatcher(new Dispatcher() {
            @Override
            public MockResponse dispatch(RecordedRequest request) {
                return new MockResponse.Builder().code(200).setHeader("Content-Type", "text/event-stream").body(SSE)
                        .build();
            }
        });
        server.start();
        raw = new OkHttpClient();
        model = ModelRegistry.create("openai/davinci-002@" + server.url("/v1"), Map.of("api_key",
                "sk-bench-not-a-secret", "server", "openai", "max_concurrent_requests", 64));
        free = Constraints.any().compile(model.tokenizer());
        integer = Constraints.integer().compile(model.tokenizer());
        rawBody = "{\"model\":\"davinci-002\",\"prompt\":" + java.util.Arrays.toString(model.tokenizer().encode(PROMPT))
                + ",\"max_tokens\":16,\"temperature\":0.0,\"logprobs\":5,\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true}}";
    }

    @TearDown(Level.Trial)
    public void stop() {
        model.close();
        server.close();
    }

    /** Server sockets whose accepted connections send small writes at once. */
    private static final class NoDelayServerSockets extends javax.net.ServerSocketFactory {
        @Override
        public java.net.ServerSocket createServerSocket() throws IOException {
            return new java.net.ServerSocket() {
                @Override
                public java.net.Socket accept() throws IOException {
                    java.net.Socket s = super.accept();
                    s.setTcpNoDelay(true);
                    return s;
                }
            };
        }

        @Override
        public java.net.ServerSocket createServerSocket(int port) throws IOException {
            throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
        }

        @Override
        public java.net.ServerSocket createServerSocket(int port, int backlog) throws IOException {
            throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
        }

        @Override
        public java.net.ServerSocket createServerSocket(int port, int backlog, java.net.InetAddress address)
                throws IOException {
            throw new UnsupportedOperationException("MockWebServer binds an unbound socket");
        }
    }

    /** The baseline: the same request and response without the library. */
    @Benchmark
    public long rawOkHttp() throws IOException {
        Request request = new Request.Builder().url(server.url("/v1/completions"))
                .header("Authorization", "Bearer sk-bench-not-a-secret")
                .post(RequestBody.create(rawBody, MediaType.get("application/json"))).build();
        try (Response response = raw.newCall(request).execute()) {
            return response.body().string().length();
        }
    }

    /** One unconstrained query through the library. */
    @Benchmark
    public GeneratedSequence libraryFree() throws Exception {
        return query(free).get(30, TimeUnit.SECONDS).get(0);
    }

    /** One INT query: every streamed token is checked against the constraint state. */
    @Benchmark
    public GeneratedSequence libraryInteger() throws Exception {
        return query(integer).get(30, TimeUnit.SECONDS).get(0);
    }

    /** 64 unconstrained queries in flight at once; the score is per query. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @OperationsPerInvocation(64)
    public int concurrent64() throws Exception {
        List<CompletableFuture<List<GeneratedSequence>>> all = new ArrayList<>(64);
        for (int i = 0; i < 64; i++) {
            all.add(query(free));
        }
        int n = 0;
        for (CompletableFuture<List<GeneratedSequence>> f : all) {
            n += f.get(60, TimeUnit.SECONDS).get(0).tokens().length;
        }
        return n;
    }

    private CompletableFuture<List<GeneratedSequence>> query(TokenConstraint constraint) {
        int[] ids = model.tokenizer().encode(PROMPT);
        return model.generate(new GenerationRequest(ids, PROMPT, List.of(), constraint, SamplingParams.ARGMAX, 16,
                null));
    }
}
