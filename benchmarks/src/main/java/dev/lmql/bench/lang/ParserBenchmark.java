package dev.lmql.bench.lang;

import dev.lmql.lang.Expr;
import dev.lmql.lang.Template;
import dev.lmql.lang.TemplateParser;
import dev.lmql.lang.WhereParser;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Parsing speed of templates and where clauses of 1 KB and 64 KB, built from realistic pieces (text with
 * escapes, holes, interpolations, role tags; conjunctions of every built-in constraint).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ParserBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s}
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
public class ParserBenchmark {
    private static final String[] TEMPLATE_PIECES = {
        "{:system}You are a careful assistant. ", "{:user}Review of {review.title} by {review.author}: {review}\n",
        "Sentiment [[one word]]: [SENTIMENT]\n", "Score {{0-10}}: [SCORE: int]\n", "{:assistant}Reason: [REASON_",
    };
    private static final String[] WHERE_PIECES = {
        "STOPS_AT(REASON, \".\")", "len(TOKENS(REASON)) < 120", "SENTIMENT in [\"positive\", \"negative\", \"neutral\"]",
        "not \"\\n\" in REASON", "REGEX(CODE, r\"[A-Z]{3}-\\d+\")", "(INT(SCORE) or FLOAT(SCORE))",
        "REASON.startswith(\"Because\")", "len(WORDS(REASON)) >= 3", "STARTS_WITH(TITLE, prefix)",
    };

    /** Source size in bytes. */
    @Param({"1024", "65536"})
    public int size;

    private String template;
    private String where;

    /** Builds sources of about {@link #size} characters. */
    @Setup
    public void build() {
        StringBuilder t = new StringBuilder();
        int hole = 0;
        while (t.length() < size) {
            String piece = TEMPLATE_PIECES[hole % TEMPLATE_PIECES.length];
            t.append(piece.endsWith("_") ? piece + hole + "]\n" : piece);
            hole++;
        }
        template = t.toString();
        StringBuilder w = new StringBuilder(WHERE_PIECES[0]);
        for (int i = 1; w.length() < size; i++) {
            w.append(i % 7 == 0 ? "\n  or " : " and ").append(WHERE_PIECES[i % WHERE_PIECES.length]);
        }
        where = w.toString();
    }

    /** Parses the template. */
    @Benchmark
    public Template template() {
        return TemplateParser.parse(template);
    }

    /** Parses the where clause. */
    @Benchmark
    public Expr where() {
        return WhereParser.parse(where);
    }
}
