package dev.lmql.bench.decode;

import dev.lmql.LLM;
import dev.lmql.Lmql;
import dev.lmql.LmqlQuery;
import dev.lmql.QueryResult;
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
 * End-to-end cost of the interpreter on the random model (no forward pass, so this is the library's own overhead:
 * prompt assembly, constraint compilation, masks, decoding, tracing): one query with a choice hole and an INT hole,
 * and one 16-token free-text generation. A fresh prompt per invocation keeps the call cache out of the measurement.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class InterpreterBenchmark {
    @Param({"cl100k_base", "o200k_base"})
    public String encoding;

    private LLM model;
    private LmqlQuery query;
    private long counter;

    @Setup
    public void setup() {
        model = Lmql.model("random", Map.of("seed", 1, "tokenizer", encoding));
        query = Lmql.F("Item {i}: colour [COLOUR], count [N]",
                "COLOUR in [\"red\", \"green\", \"blue\", \"light yellow\"] and INT(N) and len(TOKENS(N)) < 4");
        query.run(model, Map.of("i", -1));
    }

    @Benchmark
    public QueryResult choiceAndIntQuery() {
        return query.run(model, Map.of("i", counter++));
    }

    @Benchmark
    public String generate16Tokens() {
        return model.generateSync("Prompt " + counter++ + ":", 16);
    }
}
