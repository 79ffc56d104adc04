package dev.lmql.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class TiktokenTokenizerTest {

    @ParameterizedTest
    @CsvSource({"r50k_base,50257,50256", "p50k_base,50281,50256", "cl100k_base,100277,100257",
            "o200k_base,200019,199999"})
    void vocabularySizeAndEos(String name, int vocabSize, int eos) {
        Tokenizer t = Tokenizers.tiktoken(name);
        assertThat(t.name()).isEqualTo(name);
        assertThat(t.vocabSize()).isEqualTo(vocabSize);
        assertThat(t.eos()).isEqualTo(eos);
        assertThat(t.tokenText(eos)).isEqualTo("<|endoftext|>");
        assertThat(t.isSpecial(eos)).isTrue();
        assertThat(t.tokenBytes(eos)).isEmpty();
        assertThat(t.bos()).isEmpty();
    }

    @Test
    void knownTokenIdsOfCl100k() {
        Tokenizer t = Tokenizers.tiktoken("cl100k_base");
        // "hello world" is [15339, 1917] in cl100k_base (tiktoken reference).
        assertThat(t.encode("hello world")).containsExactly(15339, 1917);
        assertThat(t.decode(new int[] {15339, 1917})).isEqualTo("hello world");
        assertThat(new String(t.tokenBytes(1917), StandardCharsets.UTF_8)).isEqualTo(" world");
    }

    @Test
    void specialTokenTextIsEncodedAsOrdinaryText() {
        Tokenizer t = Tokenizers.tiktoken("cl100k_base");
        int[] ids = t.encode("<|endoftext|>");
        assertThat(ids).doesNotContain(t.eos()).hasSizeGreaterThan(1);
        assertThat(t.decode(ids)).isEqualTo("<|endoftext|>");
    }

    @Test
    void gapsInTheIdSpaceAreSpecialAndEmpty() {
        Tokenizer t = Tokenizers.tiktoken("cl100k_base");
        for (int id : new int[] {100256, 100261, 100275}) {
            assertThat(t.isSpecial(id)).isTrue();
            assertThat(t.tokenBytes(id)).isEmpty();
            assertThat(t.tokenText(id)).isEqualTo("<|unused_" + id + "|>");
        }
        assertThat(t.tokenText(100276)).isEqualTo("<|endofprompt|>");
        assertThat(t.isSpecial(100255)).isFalse();
        assertThatThrownBy(() -> t.tokenBytes(t.vocabSize())).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outside the cl100k_base vocabulary");
    }

    @Test
    void everyOrdinaryTokenHasBytesThatEncodeBackToItself() {
        Tokenizer t = Tokenizers.tiktoken("o200k_base");
        int ordinary = 0;
        for (int id = 0; id < t.vocabSize(); id += 97) {
            if (!t.isSpecial(id)) {
                ordinary++;
                assertThat(t.tokenBytes(id)).isNotEmpty();
            }
        }
        assertThat(ordinary).isGreaterThan(2000);
    }

    @ParameterizedTest
    @ValueSource(strings = {"cl100k_base", "o200k_base"})
    void decodingIsByteCorrectWhenTokensSplitACharacter(String name) {
        Tokenizer t = Tokenizers.tiktoken(name);
        String text = "naïve 🙂 emoji 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 日本語";
        int[] ids = t.encode(text);
        boolean someTokenSplitsACharacter = Arrays.stream(ids)
                .anyMatch(id -> !isValidUtf8(t.tokenBytes(id)));
        assertThat(someTokenSplitsACharacter).isTrue();
        assertThat(t.decode(ids)).isEqualTo(text);
        assertThat(t.decodeBytes(ids)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    }

    @Property(tries = 50)
    void encodeDecodeRoundTrips(@ForAll String text) {
        Tokenizer t = Tokenizers.tiktoken("cl100k_base");
        String wellFormed = new String(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8);
        assertThat(t.decode(t.encode(wellFormed))).isEqualTo(wellFormed);
    }

    @Test
    void instancesAreCached() {
        assertThat(Tokenizers.tiktoken("cl100k_base")).isSameAs(Tokenizers.tiktoken("cl100k_base"));
        assertThat(Tokenizers.forOpenAiModel("gpt-4o")).isSameAs(Tokenizers.tiktoken("o200k_base"));
    }

    @Test
    void unknownEncodingNamesTheKnownOnes() {
        assertThatThrownBy(() -> Tokenizers.tiktoken("cl200k_base")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cl200k_base").hasMessageContaining("o200k_base");
    }

    @ParameterizedTest
    @CsvSource({"gpt-4o,o200k_base", "gpt-4o-mini-2024-07-18,o200k_base", "gpt-4.1-nano,o200k_base",
            "gpt-4.5-preview,o200k_base", "gpt-5,o200k_base", "gpt-5-mini,o200k_base", "o1,o200k_base",
            "o1-mini,o200k_base", "o3-mini,o200k_base", "o4-mini,o200k_base", "chatgpt-4o-latest,o200k_base",
            "ft:gpt-4o-mini:acme::abc123,o200k_base", "openai/gpt-4o,o200k_base", "gpt-4,cl100k_base",
            "gpt-4-turbo,cl100k_base", "gpt-4-0613,cl100k_base", "gpt-3.5-turbo,cl100k_base",
            "gpt-3.5-turbo-instruct,cl100k_base", "gpt-35-turbo,cl100k_base", "davinci-002,cl100k_base",
            "babbage-002,cl100k_base", "text-embedding-3-small,cl100k_base", "text-embedding-ada-002,cl100k_base",
            "text-davinci-003,p50k_base", "davinci,r50k_base", "gpt2,r50k_base"})
    void openAiModelsMapToTheirEncoding(String model, String encoding) {
        assertThat(Tokenizers.encodingNameForOpenAiModel(model)).isEqualTo(encoding);
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama-3", "o10", "claude-3", " "})
    void unknownModelListsWhatIsKnown(String model) {
        assertThatThrownBy(() -> Tokenizers.forOpenAiModel(model)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gpt-4o");
    }

    private static boolean isValidUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes));
            return true;
        } catch (java.nio.charset.CharacterCodingException e) {
            return false;
        }
    }
}
