package dev.lmql.bench.constraint;

import dev.lmql.constraint.Constraint;
import dev.lmql.constraint.ConstraintState;
import dev.lmql.constraint.Constraints;
import dev.lmql.constraint.TokenConstraint;
import dev.lmql.constraint.TokenMask;
import dev.lmql.tokenizer.Tokenizer;
import dev.lmql.tokenizer.Tokenizers;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Token-mask cost per generated token for the four constraints over cl100k_base and o200k_base.
 * {@code maskPerToken}: mask + EOS check of the next state of pre-generated random walks (masks are cached per
 * automaton state, so after warm-up this is the steady-state cost a decoder pays per token);
 * {@code advancePerToken}: feeding the chosen token; {@code compile}: building the automaton (the vocabulary trie
 * is shared per tokenizer; compiled constraints are cached by value, so each call uses a fresh variable name to
 * measure a real compile); {@code compileAndFirstMask}: compile plus the uncached trie walk for the start state.
 * Run: {@code java -jar benchmarks/target/benchmarks.jar MaskBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(1)
public class MaskBenchmark {
    private static final List<String> TWENTY = List.of("positive", "negative", "neutral", "mixed", "unknown",
            "very positive", "very negative", "sarcastic", "angry", "happy", "sad", "surprised", "fearful",
            "disgusted", "calm", "excited", "bored", "confused", "hopeful", "naïve 🙂");

    @Param({"cl100k_base", "o200k_base"})
    public String encoding;

    @Param({"choice20", "int", "date", "freetext40"})
    public String constraint;

    private Tokenizer tokenizer;
    private Constraint definition;
    private TokenConstraint compiled;
    /** States along random walks, and the token each walk chose there. */
    private final List<ConstraintState> states = new ArrayList<>();
    private final List<Integer> chosen = new ArrayList<>();
    private int cursor;
    private long fresh;

    @Setup(Level.Trial)
    public void setUp() {
        tokenizer = Tokenizers.tiktoken(encoding);
        definition = definition(constraint);
        compiled = definition.compile(tokenizer);
        Random random = new Random(42);
        for (int walk = 0; walk < 64; walk++) {
            ConstraintState state = compiled.start();
            while (!state.isComplete()) {
                TokenMask mask = state.allowedTokens();
                if (state.eosAllowed() && (mask.isEmpty() || random.nextInt(4) == 0)) {
                    break;
                }
                int[] ids = mask.toArray();
                int token = ids[random.nextInt(ids.length)];
                states.add(state);
                chosen.add(token);
                state = state.advance(token);
            }
        }
    }

    static Constraint definition(String name) {
        switch (name) {
            case "choice20":
                return Constraints.choice(TWENTY);
            case "int":
                return Constraints.integer();
            case "date":
                return Constraints.regex("\\d{4}-\\d{2}-\\d{2}");
            case "freetext40":
                return Constraints.regex("[a-zA-Z ,.]{1,40}");
            default:
                throw new IllegalArgumentException("unknown constraint " + name);
        }
    }

    private int next() {
        int i = cursor;
        cursor = i + 1 == states.size() ? 0 : i + 1;
        return i;
    }

    @Benchmark
    public TokenMask maskPerToken() {
        ConstraintState state = states.get(next());
        return state.eosAllowed() ? state.allowedTokens() : state.allowedTokens();
    }

    @Benchmark
    public ConstraintState advancePerToken() {
        int i = next();
        return states.get(i).advance(chosen.get(i));
    }

    @Benchmark
    public TokenConstraint compile() {
        return definition.compile(tokenizer, "X" + fresh++);
    }

    @Benchmark
    public TokenMask compileAndFirstMask() {
        return definition.compile(tokenizer, "X" + fresh++).start().allowedTokens();
    }
}
