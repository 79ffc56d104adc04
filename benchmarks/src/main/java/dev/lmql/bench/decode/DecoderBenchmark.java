package dev.lmql.bench.decode;

import dev.lmql.LLM;
import dev.lmql.Lmql;
import dev.lmql.LmqlQuery;
import dev.lmql.QueryResult;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One free-text hole of at most 8 tokens (stopping at a period) decoded by each decoder on the random model: the
 * search cost of the decoders themselves (masks, expansions, bookkeeping) without a forward pass. A fresh prompt per
 * invocation keeps the call cache out of the measurement; the searches keep 3 hypotheses (n=3 or b=3).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class DecoderBenchmark {
    @Param({"argmax", "sample(n=3, seed=1)", "beam(n=3)", "beam_sample(n=3, seed=1)", "beam_var(n=3)",
            "var(b=3, seed=1)",
            "var(b=3, subdecoder=\"beam\")", "bsseq(b=3)"})
    public String decoder;

    private LLM model;
    private LmqlQuery query;
    private long counter;

    @Setup
    public void setup() {
        model = Lmql.model("random", Map.of("seed", 1));
        query = Lmql.F("Note {i}:[NOTE]", "STOPS_AT(NOTE, \".\") and len(TOKENS(NOTE)) < 8").decoder(decoder);
        query.runAll(model, Map.of("i", -1));
    }

    @Benchmark
    public List<QueryResult> oneHole() {
        return query.runAll(model, Map.of("i", counter++));
    }
}
