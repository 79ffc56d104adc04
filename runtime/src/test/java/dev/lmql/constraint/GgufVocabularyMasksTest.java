package dev.lmql.constraint;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmql.backend.local.GgufTokenizers;
import dev.lmql.backend.local.gguf.GgufFile;
import dev.lmql.testing.SharedModels;
import dev.lmql.tokenizer.Tokenizer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Masks over the real GGUF vocabularies (SentencePiece with byte fallback, GPT-2 byte-level BPE). */
class GgufVocabularyMasksTest {
    private static final Map<String, Tokenizer> TOKENIZERS = new ConcurrentHashMap<>();
    private static final Map<String, TokenConstraint> COMPILED = new ConcurrentHashMap<>();

    @Provide
    Arbitrary<Tokenizer> tokenizers() {
        return Arbitraries.of("vocab/ggml-vocab-llama-spm.gguf", "vocab/ggml-vocab-gpt-2.gguf")
                .map(name -> TOKENIZERS.computeIfAbsent(name, GgufVocabularyMasksTest::load));
    }

    private static Tokenizer load(String name) {
        try {
            return GgufTokenizers.fromGguf(GgufFile.open(SharedModels.file(name)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static RandomWalk walk(Constraint c, Tokenizer t, long seed) {
        TokenConstraint compiled = COMPILED.computeIfAbsent(t.name() + " " + c.describe("X"), k -> c.compile(t));
        return RandomWalk.run(compiled, t, seed);
    }

    @Property(tries = 10)
    void valuesSatisfyTheirConstraints(@ForAll("tokenizers") Tokenizer t, @ForAll long seed) {
        List<String> options = List.of("naïve", "🙂 ok", "日本語", "yes");
        assertThat(options).contains(walk(Constraints.choice(options), t, seed).value);
        assertThat(walk(Constraints.regex("\\d{4}-\\d{2}-\\d{2}"), t, seed).value).matches("\\d{4}-\\d{2}-\\d{2}");
        assertThat(Long.parseLong(walk(Constraints.integer(), t, seed).value)).isNotNull();
        RandomWalk stopped = walk(Constraints.and(Constraints.stopsAt("."), Constraints.charLength(0, 40)), t, seed);
        assertThat(stopped.value.codePointCount(0, stopped.value.length())).isLessThanOrEqualTo(40);
        assertThat(stopped.value.indexOf('.')).isIn(-1, stopped.value.length() - 1);
    }
}
