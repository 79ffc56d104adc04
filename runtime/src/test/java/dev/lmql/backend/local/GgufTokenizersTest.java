package dev.lmql.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmql.backend.local.gguf.GgufFile;
import dev.lmql.backend.local.gguf.GgufFormatException;
import dev.lmql.backend.local.gguf.GgufWriter;
import dev.lmql.testing.SharedModels;
import dev.lmql.tokenizer.ByteLevelBpeTokenizer;
import dev.lmql.tokenizer.SentencePieceTokenizer;
import dev.lmql.tokenizer.Tokenizer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The GGUF tokenizers against llama.cpp's own test vectors (no BOS, special tokens not parsed). */
class GgufTokenizersTest {
    private static final String SEPARATOR = "\n__ggml_vocab_test__\n";

    @TempDir
    Path tmp;

    record Case(int index, String text, int[] expected) {
        @Override
        public String toString() {
            return "#" + index + " " + text.replace("\n", "\\n").replace("\t", "\\t");
        }
    }

    static List<Case> cases(String vocab) throws IOException {
        Path dir = SharedModels.dir().resolve("vocab");
        String inp = Files.readString(dir.resolve(vocab + ".inp"), StandardCharsets.UTF_8);
        List<String> outs = Files.readAllLines(dir.resolve(vocab + ".out"), StandardCharsets.UTF_8);
        String[] texts = inp.split(SEPARATOR, -1);
        List<Case> cases = new ArrayList<>();
        for (int i = 0; i < texts.length - 1; i++) { // the file ends with a separator
            String line = outs.get(i).trim();
            int[] ids = line.isEmpty() ? new int[0] : Arrays.stream(line.split(" ")).mapToInt(Integer::parseInt).toArray();
            cases.add(new Case(i, texts[i], ids));
        }
        assertThat(cases).hasSize(46);
        return cases;
    }

    private static final Tokenizer SPM = load("vocab/ggml-vocab-llama-spm.gguf");
    private static final Tokenizer GPT2 = load("vocab/ggml-vocab-gpt-2.gguf");

    private static Tokenizer load(String name) {
        try {
            return GgufTokenizers.fromGguf(GgufFile.open(SharedModels.file(name)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static Stream<Arguments> spmCases() throws IOException {
        return cases("ggml-vocab-llama-spm.gguf").stream().map(Arguments::of);
    }

    static Stream<Arguments> gpt2Cases() throws IOException {
        return cases("ggml-vocab-gpt-2.gguf").stream().map(Arguments::of);
    }

    @ParameterizedTest
    @MethodSource("spmCases")
    void llamaSpmMatchesLlamaCpp(Case c) {
        assertThat(SPM.encode(c.text())).containsExactly(c.expected());
    }

    @ParameterizedTest
    @MethodSource("gpt2Cases")
    void gpt2MatchesLlamaCpp(Case c) {
        assertThat(GPT2.encode(c.text())).containsExactly(c.expected());
        // byte-level BPE is lossless
        assertThat(GPT2.decode(c.expected())).isEqualTo(c.text());
    }

    @ParameterizedTest
    @MethodSource("spmCases")
    void spmDecodesBackToTheSpacePrefixedText(Case c) {
        String decoded = SPM.decode(c.expected());
        assertThat(decoded).isEqualTo(c.text().isEmpty() ? "" : " " + c.text());
    }

    @Test
    void spmVocabularyProperties() {
        assertThat(SPM).isInstanceOf(SentencePieceTokenizer.class);
        assertThat(SPM.vocabSize()).isEqualTo(32000);
        assertThat(SPM.bos()).hasValue(1);
        assertThat(SPM.eos()).isEqualTo(2);
        assertThat(SPM.isSpecial(1)).isTrue();
        assertThat(SPM.isSpecial(0)).isTrue();
        assertThat(SPM.tokenBytes(2)).isEmpty();
        assertThat(SPM.tokenBytes(3 + 0x0A)).containsExactly(0x0A);
        assertThat(SPM.tokenText(15043)).isEqualTo("▁Hello");
        assertThat(SPM.tokenBytes(15043)).isEqualTo(" Hello".getBytes(StandardCharsets.UTF_8));
        assertThat(SPM.name()).isEqualTo("gguf:llama:32000");
        assertThat(((SentencePieceTokenizer) SPM).endOfGenerationIds()).containsExactly(2);
    }

    @Test
    void gpt2VocabularyProperties() {
        ByteLevelBpeTokenizer bpe = (ByteLevelBpeTokenizer) GPT2;
        assertThat(bpe.vocabSize()).isEqualTo(50257);
        assertThat(bpe.eos()).isEqualTo(50256);
        assertThat(bpe.bos()).isEmpty(); // GPT-2 prompts do not start with BOS
        assertThat(bpe.isSpecial(50256)).isTrue();
        assertThat(bpe.endOfGenerationIds()).containsExactly(50256);
        assertThat(bpe.tokenBytes(50256)).isEmpty();
        assertThat(bpe.encode("<|endoftext|>", true)).containsExactly(50256);
        assertThat(bpe.encode("<|endoftext|>", false)).hasSizeGreaterThan(1);
        assertThat(new String(bpe.tokenBytes(bpe.encode(" Hello")[0]), StandardCharsets.UTF_8)).isEqualTo(" Hello");
    }

    @Test
    void stories260KEncodesOnceUponATime() throws IOException {
        Tokenizer t = GgufTokenizers.fromGguf(GgufFile.open(SharedModels.file("stories260K.gguf")));
        assertThat(t.encode("Once upon a time")).containsExactly(403, 407, 261, 378);
        assertThat(t.bos()).hasValue(1);
        assertThat(t.vocabSize()).isEqualTo(512);
        assertThat(t.decode(new int[] {1, 403, 407, 261, 378})).isEqualTo(" Once upon a time");
    }

    @Test
    void llama2TinyRandomSharesTheLlama2Vocabulary() throws IOException {
        Tokenizer t = GgufTokenizers.fromGguf(GgufFile.open(SharedModels.file("llama-2-tiny-random.gguf")));
        assertThat(t.vocabSize()).isEqualTo(32000);
        assertThat(t.encode("Hello world")).containsExactly(15043, 3186);
    }

    @Test
    void unsupportedTokenizersGiveClearErrors() throws IOException {
        Path bert = tmp.resolve("bert.gguf");
        new GgufWriter().putString("tokenizer.ggml.model", "bert")
                .putStringArray("tokenizer.ggml.tokens", List.of("a")).write(bert);
        assertThatThrownBy(() -> GgufTokenizers.fromGguf(GgufFile.open(bert)))
                .isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("bert.gguf").hasMessageContaining("tokenizer.ggml.model = 'bert' is not supported");

        Path pre = tmp.resolve("pre.gguf");
        new GgufWriter().putString("tokenizer.ggml.model", "gpt2").putString("tokenizer.ggml.pre", "no-such-pre")
                .putStringArray("tokenizer.ggml.tokens", List.of("a", "b", "ab"))
                .putStringArray("tokenizer.ggml.merges", List.of("a b")).write(pre);
        assertThatThrownBy(() -> GgufTokenizers.fromGguf(GgufFile.open(pre)))
                .isInstanceOf(GgufFormatException.class)
                .hasMessageContaining("unknown BPE pre-tokenizer tokenizer.ggml.pre = 'no-such-pre'")
                .hasMessageContaining("llama-bpe").hasMessageContaining("qwen2");

        Path none = tmp.resolve("none.gguf");
        new GgufWriter().putString("general.architecture", "llama").write(none);
        assertThatThrownBy(() -> GgufTokenizers.fromGguf(GgufFile.open(none)))
                .hasMessageContaining("'tokenizer.ggml.model' is missing");

        Path badId = tmp.resolve("badid.gguf");
        new GgufWriter().putString("tokenizer.ggml.model", "llama")
                .putStringArray("tokenizer.ggml.tokens", List.of("<unk>", "<s>", "</s>"))
                .putUInt32("tokenizer.ggml.eos_token_id", 7).write(badId);
        assertThatThrownBy(() -> GgufTokenizers.fromGguf(GgufFile.open(badId)))
                .hasMessageContaining("'tokenizer.ggml.eos_token_id' = 7 is outside the vocabulary of 3 tokens");
    }

    @Property(tries = 200)
    void bothTokenizersAreLossless(@ForAll("texts") String text) {
        assertThat(GPT2.decode(GPT2.encode(text))).isEqualTo(text);
        // SentencePiece uses ▁ for a space, so a literal ▁ comes back as a space (as in llama.cpp)
        String spmExpected = text.isEmpty() ? "" : " " + text.replace('\u2581', ' ');
        assertThat(SPM.decode(SPM.encode(text))).isEqualTo(spmExpected);
    }

    @Provide
    Arbitrary<String> texts() {
        Arbitrary<String> pieces = Arbitraries.oneOf(
                Arbitraries.of(" ", "  ", "\n", "\t", "'s", "Hello", "world", "123", "ü", "我", "🦙", "<s>", "</s>",
                        "<|endoftext|>", "▁", "\u00A0"),
                Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(6),
                Arbitraries.integers().between(0x80, 0x2FFFF).filter(Character::isDefined)
                        .filter(cp -> !Character.isSurrogate((char) cp.intValue()) || cp > 0xFFFF)
                        .map(cp -> new String(Character.toChars(cp))));
        return pieces.list().ofMaxSize(10).map(p -> String.join("", p));
    }
}
