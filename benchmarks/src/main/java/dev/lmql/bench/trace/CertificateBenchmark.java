package dev.lmql.bench.trace;

import dev.lmql.trace.InferenceCertificate;
import dev.lmql.trace.ModelCallEvent;
import dev.lmql.trace.Redaction;
import dev.lmql.trace.TraceEvents;
import dev.lmql.trace.TraceRecorder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * What tracing costs per call: recording one model call (conversion to JSON and redaction included), and writing and
 * reading a certificate of 100 queries.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CertificateBenchmark {
    private int[] prompt;
    private int[] result;
    private String json;
    private InferenceCertificate certificate;

    @Setup
    public void setUp() {
        Redaction.addSecretValues("sk-bench-not-a-real-key-123456");
        prompt = new int[64];
        result = new int[32];
        for (int i = 0; i < prompt.length; i++) {
            prompt[i] = 1000 + i * 7;
        }
        for (int i = 0; i < result.length; i++) {
            result[i] = 2000 + i * 13;
        }
        TraceRecorder root = TraceRecorder.root("bench");
        for (int q = 0; q < 100; q++) {
            TraceRecorder query = root.child("q" + q);
            recordQuery(query);
        }
        certificate = root.certificate();
        json = certificate.toJson();
    }

    private void recordQuery(TraceRecorder query) {
        query.record(TraceEvents.QUERY, Map.of("template", "Greet the world:[GREETING]", "model", "random"));
        ModelCallEvent.generation("random").model(Map.of("backend", "random", "seed", 7)).tokenizer("cl100k_base")
                .promptIds(prompt).sampling(0.0, null, null, null, 1).maxTokens(32).constraint("true")
                .strategy("token-mask").result(result, "Hello there, this is a generated greeting of some length.",
                        "stop")
                .record(query);
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("prompt", "Greet the world: Hello there, this is a generated greeting of some length.");
        r.put("variables", Map.of("GREETING", " Hello there, this is a generated greeting of some length."));
        query.record(TraceEvents.RESULT, List.of(r));
    }

    /** One query's events (query, model call, result) recorded into a fresh child. */
    @Benchmark
    public TraceRecorder recordQueryEvents() {
        TraceRecorder query = TraceRecorder.root("q");
        recordQuery(query);
        return query;
    }

    @Benchmark
    public String toJson100Queries() {
        return certificate.toJson();
    }

    @Benchmark
    public InferenceCertificate parse100Queries() {
        return InferenceCertificate.parse(json);
    }
}
