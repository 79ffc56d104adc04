package dev.lmql.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The SentencePiece and byte-level BPE algorithms on small hand-made vocabularies. */
class GgufVocabularyTokenizersTest {

    /** <unk>, <s>, </s>, the 256 byte tokens, then the given pieces with their scores and types. */
    private static GgufVocabulary spm(boolean addSpacePrefix, Object... pieces) {
        List<String> tokens = new ArrayList<>(List.of("<unk>", "<s>", "</s>"));
        List<Float> scores = new ArrayList<>(List.of(0f, 0f, 0f));
        List<Integer> types = new ArrayList<>(List.of(GgufVocabulary.TYPE_UNKNOWN, GgufVocabulary.TYPE_CONTROL,
                GgufVocabulary.TYPE_CONTROL));
        for (int b = 0; b < 256; b++) {
            tokens.add(String.format("<0x%02X>", b));
            scores.add(0f);
            types.add(GgufVocabulary.TYPE_BYTE);
        }
        for (int i = 0; i < pieces.length; i += 3) {
            tokens.add((String) pieces[i]);
            scores.add(((Number) pieces[i + 1]).floatValue());
            types.add((Integer) pieces[i + 2]);
        }
        float[] s = new float[scores.size()];
        int[] t = new int[types.size()];
        for (int i = 0; i < s.length; i++) {
            s[i] = scores.get(i);
            t[i] = types.get(i);
        }
        return new GgufVocabulary("llama", null, tokens, s, t, List.of(), 1, 2, 0, -1, true, false, addSpacePrefix, List.of());
    }

    private static final int N = GgufVocabulary.TYPE_NORMAL;

    private static List<String> pieces(Tokenizer t, String text) {
        List<String> out = new ArrayList<>();
        for (int id : t.encode(text)) {
            out.add(t.tokenText(id));
        }
        return out;
    }

    @Test
    void spmMergesTheHighestScoringPairFirst() {
        Tokenizer t = new SentencePieceTokenizer(spm(false, "a", -1, N, "b", -1, N, "c", -1, N, "ab", -2, N, "bc", -0.5, N));
        assertThat(pieces(t, "abc")).containsExactly("a", "bc");
    }

    @Test
    void spmBreaksScoreTiesLeftmostFirst() {
        Tokenizer t = new SentencePieceTokenizer(spm(false, "a", -1, N, "b", -1, N, "c", -1, N, "ab", -1, N, "bc", -1, N));
        assertThat(pieces(t, "abc")).containsExactly("ab", "c");
    }

    @Test
    void spmEscapesSpacesAddsThePrefixAndFallsBackToBytes() {
        Tokenizer t = new SentencePieceTokenizer(spm(true, "▁", -1, N, "a", -1, N, "▁a", -0.5, N));
        assertThat(pieces(t, "a a")).containsExactly("▁a", "▁a");
        assertThat(pieces(t, "é")).containsExactly("▁", "<0xC3>", "<0xA9>");
        assertThat(t.decode(t.encode("a é"))).isEqualTo(" a é");
        Tokenizer noPrefix = new SentencePieceTokenizer(spm(false, "▁", -1, N, "a", -1, N, "▁a", -0.5, N));
        assertThat(pieces(noPrefix, "a a")).containsExactly("a", "▁a");
    }

    @Test
    void userDefinedTokensAreAlwaysMatchedAndControlTokensOnlyWhenParsingSpecials() {
        SentencePieceTokenizer t = new SentencePieceTokenizer(spm(true, "▁", -1, N, "x", -1, N, "▁x", -0.5, N,
                "<tool>", 0, GgufVocabulary.TYPE_USER_DEFINED));
        assertThat(pieces(t, "x<tool>x")).containsExactly("▁x", "<tool>", "▁x"); // a space prefix after a special
        assertThat(t.tokenBytes(t.encode("<tool>")[0])).isEqualTo("<tool>".getBytes(StandardCharsets.UTF_8));
        assertThat(t.isSpecial(t.encode("<tool>")[0])).isFalse();
        assertThat(t.encode("</s>", true)).containsExactly(2);
        assertThat(t.encode("</s>", false)).doesNotContain(2);
        assertThat(t.encode("")).isEmpty();
    }

    private static GgufVocabulary bpe(String pre, List<String> tokens, List<String> merges) {
        return new GgufVocabulary("gpt2", pre, tokens, null, null, merges, -1, 0, -1, -1, false, false, false, List.of());
    }

    @Test
    void bpeMergesByLowestRank() {
        List<String> tokens = List.of("<eos>", "a", "b", "c", "ab", "bc", "abc");
        Tokenizer t1 = new ByteLevelBpeTokenizer(bpe("gpt-2", tokens, List.of("a b", "ab c", "b c")));
        assertThat(pieces(t1, "abc")).containsExactly("abc");
        Tokenizer t2 = new ByteLevelBpeTokenizer(bpe("gpt-2", tokens, List.of("b c", "a b", "ab c")));
        assertThat(pieces(t2, "abc")).containsExactly("a", "bc");
    }

    @Test
    void bpeMapsBytesToPrintableCodePoints() {
        List<String> tokens = List.of("<eos>", "Ġ", "a", "Ġa", "Ċ", "Ã", "©");
        ByteLevelBpeTokenizer t = new ByteLevelBpeTokenizer(bpe("gpt-2", tokens, List.of("Ġ a")));
        assertThat(pieces(t, " a\né")).containsExactly("Ġa", "Ċ", "Ã", "©");
        assertThat(t.decode(t.encode(" a\né"))).isEqualTo(" a\né");
        assertThat(t.tokenBytes(1)).containsExactly(' ');
        assertThat(t.preTokenizerName()).isEqualTo("gpt-2");
    }

    @Test
    void llama3TakesWholeWordsThatAreTokensWithoutMerging() {
        List<String> tokens = List.of("<eos>", "a", "b", "c", "abc");
        ByteLevelBpeTokenizer llama3 = new ByteLevelBpeTokenizer(bpe("llama-bpe", tokens, List.of()));
        assertThat(pieces(llama3, "abc")).containsExactly("abc");
        ByteLevelBpeTokenizer gpt2 = new ByteLevelBpeTokenizer(bpe("gpt-2", tokens, List.of()));
        assertThat(pieces(gpt2, "abc")).containsExactly("a", "b", "c");
    }

    @Test
    void badVocabulariesAreRejectedWithTheReason() {
        assertThatThrownBy(() -> new ByteLevelBpeTokenizer(bpe("gpt-2", List.of("a"), List.of("ab"))))
                .hasMessageContaining("BPE merge 0 'ab'");
        assertThatThrownBy(() -> new SentencePieceTokenizer(bpe("gpt-2", List.of("a"), List.of())))
                .hasMessageContaining("needs tokenizer.ggml.model = llama");
        assertThatThrownBy(() -> new GgufVocabulary("llama", null, List.of("a"), new float[2], null, List.of(),
                -1, 5, -1, -1, false, false, true, null)).hasMessageContaining("2 scores for 1 tokens");
        assertThatThrownBy(() -> new GgufVocabulary("llama", null, List.of("a"), null, null, List.of(),
                -1, 5, -1, -1, false, false, true, null)).hasMessageContaining("EOS token id 5 is outside");
        Tokenizer t = new ByteLevelBpeTokenizer(bpe("gpt-2", List.of("a"), List.of()));
        assertThatThrownBy(() -> t.tokenBytes(7)).hasMessageContaining("token id 7 is outside the vocabulary of 1");
    }

    @Test
    void endOfGenerationCoversEosEndOfTurnAndChatControlTokens() {
        List<String> tokens = List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>", "a", "<|eot_id|>", "<tool_end>");
        int c = GgufVocabulary.TYPE_CONTROL;
        int[] types = {c, c, c, GgufVocabulary.TYPE_NORMAL, GgufVocabulary.TYPE_NORMAL, c};
        ByteLevelBpeTokenizer t = new ByteLevelBpeTokenizer(new GgufVocabulary("gpt2", "qwen2", tokens, null, types,
                List.of(), -1, 0, -1, -1, false, false, false, List.of(5)));
        assertThat(t.endOfGenerationIds()).containsExactly(0, 2, 5); // a NORMAL "<|eot_id|>" is just text
        assertThat(t.isEndOfGeneration(2)).isTrue();
        assertThat(t.isEndOfGeneration(1)).isFalse();
        assertThat(t.encode("<|im_start|>a<|im_end|>", true)).containsExactly(1, 3, 2);
    }
}
