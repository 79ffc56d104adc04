package dev.lmql.bench.decode;

import dev.lmql.LLM;
import dev.lmql.Lmql;
import dev.lmql.LmqlQuery;
import dev.lmql.QueryCall;
import dev.lmql.QueryResult;
import dev.lmql.decode.HoleListener;
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
import org.openjdk.jmh.annotations.TearDown;

/**
 * What streaming hole text costs: one 32-token free-text hole with and without a {@link HoleListener} (partial
 * text after every token, relayed from the model's thread to the query's), on the {@code random} model (no forward
 * pass: the library's overhead alone) and on stories260K (a real, very small forward pass). A fresh prompt per
 * invocation keeps the call cache out of the measurement. Needs {@code LMQL_MODEL_PATH} for the local model.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StreamingBenchmark {
    @Param({"random", "local:stories260K.gguf"})
    public String modelId;
    @Param({"false", "true"})
    public boolean listening;

    private LLM model;
    private LmqlQuery query;
    private HoleListener listener;
    private long counter;
    private long heardChars;

    @Setup
    public void setup() {
        model = Lmql.model(modelId, Map.of("seed", 1));
        query = Lmql.F("Story {i}:[X]").maxTokens(32);
        listener = !listening ? HoleListener.NONE : new HoleListener() {
            @Override
            public void onPartial(int result, String variable, String textSoFar) {
                heardChars += textSoFar.length();
            }

            @Override
            public void onValue(int result, String variable, Object value) {
                heardChars++;
            }
        };
        run();
    }

    @TearDown
    public void tearDown() {
        if (listening && heardChars == 0) {
            throw new IllegalStateException("the listener heard nothing");
        }
    }

    @Benchmark
    public List<QueryResult> run() {
        return query.execute(new QueryCall(model, Map.of("i", counter++), null, null), listener).join();
    }
}
