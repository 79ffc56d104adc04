package dev.lmql.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.lmql.testing.SharedModels;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The hand-written pre-tokenizers against the regexes they implement (java.util.regex as an independent
 * reference), and the LLaMA-3 / Qwen2 splitters on llama.cpp's test inputs, whose vocabularies are not available.
 */
class PreTokenizerTest {
    private static final String GPT2_REGEX = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";
    private static final String LLAMA3_REGEX = "(?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])"
            + "|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    private static final String QWEN2_REGEX = LLAMA3_REGEX.replace("\\p{N}{1,3}", "\\p{N}");

    static List<String> inputs() throws IOException {
        Path inp = SharedModels.dir().resolve("vocab/ggml-vocab-llama-bpe.gguf.inp");
        String[] parts = Files.readString(inp, StandardCharsets.UTF_8).split("\n__ggml_vocab_test__\n", -1);
        return Arrays.asList(parts).subList(0, parts.length - 1);
    }

    /** Matches and the gaps between them, as llama.cpp's regex splitter does. */
    static List<String> regexSplit(String regex, String text) {
        Matcher m = Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS).matcher(text);
        List<String> out = new ArrayList<>();
        int prev = 0;
        while (m.find()) {
            if (m.start() > prev) {
                out.add(text.substring(prev, m.start()));
            }
            out.add(m.group());
            prev = m.end();
        }
        if (prev < text.length()) {
            out.add(text.substring(prev));
        }
        return out;
    }

    @Test
    void handWrittenSplittersEqualTheirRegexesOnLlamaCppInputs() throws IOException {
        for (String text : inputs()) {
            assertThat(PreTokenizer.forName("gpt-2").split(text)).as(text).isEqualTo(regexSplit(GPT2_REGEX, text));
            assertThat(PreTokenizer.forName("llama-bpe").split(text)).as(text).isEqualTo(regexSplit(LLAMA3_REGEX, text));
            assertThat(PreTokenizer.forName("qwen2").split(text)).as(text).isEqualTo(regexSplit(QWEN2_REGEX, text));
        }
    }

    @Property(tries = 400)
    void gpt2SplitterEqualsRegex(@ForAll("tricky") String text) {
        assertThat(PreTokenizer.forName("gpt-2").split(text)).isEqualTo(regexSplit(GPT2_REGEX, text));
    }

    @Property(tries = 400)
    void llama3SplitterEqualsRegex(@ForAll("tricky") String text) {
        assertThat(PreTokenizer.forName("llama3").split(text)).isEqualTo(regexSplit(LLAMA3_REGEX, text));
        assertThat(PreTokenizer.forName("qwen2").split(text)).isEqualTo(regexSplit(QWEN2_REGEX, text));
    }

    @Property(tries = 100)
    void everyPreTokenizerSplitsIntoTheWholeText(@ForAll("tricky") String text) {
        for (String name : PreTokenizer.knownNames()) {
            List<String> words = PreTokenizer.forName(name).split(text);
            assertThat(String.join("", words)).as(name).isEqualTo(text);
            assertThat(words).as(name).allMatch(w -> !w.isEmpty());
        }
    }

    @Provide
    Arbitrary<String> tricky() {
        return Arbitraries.of("a", "Z", "é", "ß", "3", "٣", "½", " ", "  ", "\t", "\n", "\r", "\u00A0", "\u3000",
                        "'", "'s", "'S", "'ll", "'Re", "!", "?", ".", ",", "(", "$", "+", "~", "😀", "我", "工作", "ー",
                        "\u0301", "\u200d", "🦙", "Ⅻ", "µ", "\u0085")
                .list().ofMinSize(0).ofMaxSize(12).map(parts -> String.join("", parts));
    }

    @Test
    void llama3GroupsDigitsByThreeAndQwen2SplitsEachDigit() {
        assertThat(PreTokenizer.forName("llama-bpe").split("3333333")).containsExactly("333", "333", "3");
        assertThat(PreTokenizer.forName("qwen2").split("1314151")).containsExactly("1", "3", "1", "4", "1", "5", "1");
        assertThat(PreTokenizer.forName("llama3").split("Hello, y'all! How are you 😁 ?我想在apple工作1314151天～"))
                .containsExactly("Hello", ",", " y", "'all", "!", " How", " are", " you", " 😁", " ?", "我想在apple工作",
                        "131", "415", "1", "天", "～");
        assertThat(PreTokenizer.forName("llama3").split("\n =")).containsExactly("\n", " =");
        assertThat(PreTokenizer.forName("llama3").split("   Hello\n    Hello"))
                .containsExactly("  ", " Hello", "\n", "   ", " Hello");
        assertThat(PreTokenizer.forName("llama3").split("I'VE")).containsExactly("I", "'VE");
        assertThat(PreTokenizer.forName("gpt-2").split("I'VE")).containsExactly("I", "'", "VE");
    }

    @Test
    void preTokenizerCountsFitLlamaCppTokenCounts() throws IOException {
        // a word never shares a token with another, so each case has at least as many tokens as words
        for (String vocab : List.of("llama-bpe", "qwen2")) {
            Path dir = SharedModels.dir().resolve("vocab");
            List<String> outs = Files.readAllLines(dir.resolve("ggml-vocab-" + vocab + ".gguf.out"));
            List<String> texts = inputs();
            for (int i = 0; i < texts.size(); i++) {
                String line = outs.get(i).trim();
                int tokens = line.isEmpty() ? 0 : line.split(" ").length;
                assertThat(PreTokenizer.forName(vocab).split(texts.get(i)).size()).as(vocab + " #" + i)
                        .isLessThanOrEqualTo(tokens);
            }
        }
    }

    @Test
    void deepseekAndStarcoderRules() {
        assertThat(PreTokenizer.forName("starcoder").split("abc 123")).containsExactly("abc", " ", "1", "2", "3");
        assertThat(PreTokenizer.forName("deepseek-coder").split("foo(x)\n12")).containsExactly("foo", "(", "x", ")", "\n", "1", "2");
        assertThat(PreTokenizer.forName("deepseek-llm").split("Hello, 世界 42  ")).containsExactly("Hello", ",", " ", "世界", " ", "42", "  ");
        assertThat(PreTokenizer.forName(null).name()).isEqualTo("default");
        assertThat(PreTokenizer.forName("").split("a+b=1234")).containsExactly("a", "+", "b", "=", "123", "4");
    }

    @Test
    void unknownPreTokenizerNamesTheKnownOnes() {
        assertThatThrownBy(() -> PreTokenizer.forName("llama5"))
                .hasMessageContaining("'llama5'").hasMessageContaining("deepseek-llm").hasMessageContaining("smollm");
    }
}
