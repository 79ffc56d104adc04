package dev.lmql.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.lmql.constraint.Constraints;
import dev.lmql.constraint.TokenConstraint;
import dev.lmql.tokenizer.Tokenizer;
import dev.lmql.tokenizer.Tokenizers;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Partial texts: never a broken character, never a STOPS_BEFORE phrase that the value will lose, never shrinking. */
class PartialTextTest {
    private static final Tokenizer CL100K = Tokenizers.tiktoken("cl100k_base");

    private static List<String> feed(TokenConstraint c, byte[] bytes, int[] cuts) {
        PartialText p = new PartialText(CL100K, c);
        List<String> out = new ArrayList<>();
        int from = 0;
        for (int cut : cuts) {
            String t = p.addBytes(Arrays.copyOfRange(bytes, from, cut));
            if (t != null) {
                out.add(t);
            }
            from = cut;
        }
        String t = p.addBytes(Arrays.copyOfRange(bytes, from, bytes.length));
        if (t != null) {
            out.add(t);
        }
        return out;
    }

    private static int[] cuts(int length, List<Integer> raw) {
        return raw.stream().mapToInt(i -> Math.floorMod(i, length + 1)).sorted().toArray();
    }

    private static void assertPrefixChain(List<String> partials, String finalValue) {
        String previous = "";
        for (String p : partials) {
            assertThat(p).startsWith(previous).isNotEqualTo(previous);
            assertThat(finalValue).startsWith(p);
            previous = p;
        }
    }

    @Provide
    Arbitrary<String> mixedText() {
        return Arbitraries.of("a", "é", "€", " ", ".", "\n", "中", "😀", "🚀").list().ofMaxSize(20)
                .map(parts -> String.join("", parts));
    }

    @Property(tries = 200)
    void arbitraryByteSplitsGivePrefixesOfTheDecodedText(@ForAll("mixedText") String text,
            @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 200) Integer> rawCuts) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        List<String> partials = feed(Constraints.any().compile(CL100K, "X"), bytes, cuts(bytes.length, rawCuts));
        assertPrefixChain(partials, text);
        assertThat(partials.isEmpty() ? "" : partials.get(partials.size() - 1)).isEqualTo(text);
    }

    @Property(tries = 200)
    void malformedBytesDecodeAsTheWholeValueDoes(@ForAll @Size(max = 24) byte[] bytes,
            @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 200) Integer> rawCuts) {
        String whole = new String(bytes, StandardCharsets.UTF_8);
        List<String> partials = feed(Constraints.any().compile(CL100K, "X"), bytes, cuts(bytes.length, rawCuts));
        assertPrefixChain(partials, whole);
    }

    @Property(tries = 200)
    void stopsBeforePhrasesAreNeverShown(@ForAll("mixedText") String text,
            @ForAll @Size(max = 8) List<@IntRange(min = 0, max = 200) Integer> rawCuts) {
        TokenConstraint c = Constraints.stopsBefore(". ").compile(CL100K, "X");
        String raw = text + ". tail";
        byte[] bytes = raw.getBytes(StandardCharsets.UTF_8);
        List<String> partials = feed(c, bytes, cuts(bytes.length, rawCuts));
        String value = c.postProcess(raw);
        assertPrefixChain(partials, value);
        assertThat(partials.isEmpty() ? "" : partials.get(partials.size() - 1)).isEqualTo(value);
    }

    @Test
    void aCharacterSplitAcrossTokensWaitsForItsLastByte() {
        PartialText p = new PartialText(CL100K, Constraints.any().compile(CL100K, "X"));
        byte[] euro = "€".getBytes(StandardCharsets.UTF_8);
        assertThat(p.addBytes("a".getBytes(StandardCharsets.UTF_8))).isEqualTo("a");
        assertThat(p.addBytes(Arrays.copyOf(euro, 2))).isNull();
        assertThat(p.addBytes(new byte[] {euro[2], 'b'})).isEqualTo("a€b");
    }

    @Test
    void theStartOfAStopsBeforePhraseWaitsUntilItIsRuledOut() {
        PartialText p = new PartialText(CL100K, Constraints.stopsBefore("END").compile(CL100K, "X"));
        assertThat(p.addBytes("Hello E".getBytes(StandardCharsets.UTF_8))).isEqualTo("Hello ");
        assertThat(p.addBytes("N".getBytes(StandardCharsets.UTF_8))).isNull();
        assertThat(p.addBytes("d".getBytes(StandardCharsets.UTF_8))).isEqualTo("Hello ENd");
        assertThat(p.addBytes(" EN".getBytes(StandardCharsets.UTF_8))).isEqualTo("Hello ENd ");
        assertThat(p.addBytes("D and more".getBytes(StandardCharsets.UTF_8))).isNull();
    }

    @Test
    void stopsAtPhrasesStayInTheText() {
        PartialText p = new PartialText(CL100K, Constraints.stopsAt(".").compile(CL100K, "X"));
        assertThat(p.addBytes("Hi.".getBytes(StandardCharsets.UTF_8))).isEqualTo("Hi.");
    }

    @Test
    void tokensAreDecodedWithTheTokenizer() {
        PartialText p = new PartialText(CL100K, Constraints.any().compile(CL100K, "X"));
        assertThat(p.add(CL100K.encode("Hello world"))).isEqualTo("Hello world");
    }
}
