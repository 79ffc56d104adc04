package dev.lmql.lang;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class DecoderParserTest {
    private static final SourcePosition P = SourcePosition.START;

    @Test
    void argmaxWithAndWithoutParentheses() {
        assertThat(DecoderParser.parse("argmax")).isEqualTo(new DecoderClause(Decoder.ARGMAX, List.of(), P));
        assertThat(DecoderParser.parse(" argmax() ")).isEqualTo(new DecoderClause(Decoder.ARGMAX, List.of(), P));
        DecoderClause lmqlStyle = DecoderParser.parse("argmax(max_len=10)");
        assertThat(lmqlStyle.longArgument(DecoderParameter.MAX_LEN)).hasValue(10);
        assertThat(lmqlStyle.longArgument(DecoderParameter.CHUNKSIZE)).isEmpty();
    }

    @Test
    void sampleWithAllArguments() {
        DecoderClause c = DecoderParser.parse("sample(n=2, temperature=0.8, top_p=0.9, top_k=40, seed=-7, max_tokens=30, chunksize=8,)");
        assertThat(c.decoder()).isEqualTo(Decoder.SAMPLE);
        assertThat(c.longArgument(DecoderParameter.N)).hasValue(2);
        assertThat(c.doubleArgument(DecoderParameter.TEMPERATURE)).hasValue(0.8);
        assertThat(c.doubleArgument(DecoderParameter.TOP_P)).hasValue(0.9);
        assertThat(c.longArgument(DecoderParameter.TOP_K)).hasValue(40);
        assertThat(c.longArgument(DecoderParameter.SEED)).hasValue(-7);
        assertThat(c.longArgument(DecoderParameter.MAX_TOKENS)).hasValue(30);
        assertThat(c.longArgument(DecoderParameter.CHUNKSIZE)).hasValue(8);
        assertThat(c.arguments().get(1).position()).isEqualTo(new SourcePosition(12, 1, 13));
    }

    @Test
    void floatParametersAcceptIntegers() {
        DecoderClause c = DecoderParser.parse("sample(temperature=1)");
        assertThat(c.arguments().get(0).value()).isEqualTo(1.0);
        assertThat(c.toSource()).isEqualTo("sample(temperature=1.0)");
    }

    @Test
    void beamAndBestK() {
        assertThat(DecoderParser.parse("beam(n=4)").longArgument(DecoderParameter.N)).hasValue(4);
        assertThat(DecoderParser.parse("best_k(k=3, max_len=100)").longArgument(DecoderParameter.K)).hasValue(3);
    }

    @Test
    void lmqlsFurtherDecodersWithTheirArguments() {
        DecoderClause bs = DecoderParser.parse("beam_sample(n=3, temperature=0.5, seed=4, max_tokens=8)");
        assertThat(bs.decoder()).isEqualTo(Decoder.BEAM_SAMPLE);
        assertThat(bs.doubleArgument(DecoderParameter.TEMPERATURE)).hasValue(0.5);
        assertThat(bs.resultCount()).isEqualTo(3);
        DecoderClause bv = DecoderParser.parse("beam_var(n=3, alpha=0.5, inject_stop=True, prune=2, return_first=False)");
        assertThat(bv.booleanArgument(DecoderParameter.INJECT_STOP)).hasValue(true);
        assertThat(bv.booleanArgument(DecoderParameter.RETURN_FIRST)).hasValue(false);
        assertThat(bv.doubleArgument(DecoderParameter.PRUNE)).hasValue(2.0);
        assertThat(bv.doubleArgument(DecoderParameter.ALPHA)).hasValue(0.5);
        assertThat(bv.toSource()).isEqualTo("beam_var(n=3, alpha=0.5, inject_stop=True, prune=2.0, return_first=False)");
        assertThat(DecoderParser.parse(bv.toSource())).isEqualTo(bv);
        DecoderClause var = DecoderParser.parse("var(b=3, subdecoder='beam', n=None, temperature=0.7)");
        assertThat(var.stringArgument(DecoderParameter.SUBDECODER)).hasValue("beam");
        assertThat(var.longArgument(DecoderParameter.N)).isEmpty();
        assertThat(var.resultCount()).isEqualTo(3);
        assertThat(var.toSource()).isEqualTo("var(b=3, subdecoder=\"beam\", temperature=0.7)");
        assertThat(DecoderParser.parse("bsseq(b=5, max_len=100)").resultCount()).isEqualTo(5);
        assertThat(DecoderParser.parse("bsseq").resultCount()).isEqualTo(2);
        assertThat(DecoderParser.parse("beam_var").resultCount()).isEqualTo(4);
        assertThat(DecoderParser.parse("var(b=3, n=1)").resultCount()).isEqualTo(1);
        assertThat(DecoderParser.parse("beam_var(prune=None)").arguments()).isEmpty();
    }

    @Test
    void errorsOfTheFurtherDecoders() {
        assertError("beam_var(inject_stop=1)", "expected True or False for inject_stop but found the number 1 at line 1, column 22");
        assertError("var(subdecoder=beam)", "expected a string (\"sample\", \"beam\", \"beam_seq\") for subdecoder but found the name beam at line 1, column 16");
        assertError("var(subdecoder=\"beams\")", "unknown subdecoder \"beams\"; did you mean \"beam\"? at line 1, column 16");
        assertError("var(subdecoder=\"greedy\")", "unknown subdecoder \"greedy\"; expected one of \"sample\", \"beam\", \"beam_seq\" at line 1, column 16");
        assertError("bsseq(n=2)", "unknown argument n for decoder bsseq; did you mean b? at line 1, column 7");
        assertError("var(bb=2)", "unknown argument bb for decoder var; did you mean b? at line 1, column 5");
        assertError("beam_var(aplha=0.5)", "unknown argument aplha for decoder beam_var; did you mean alpha? at line 1, column 10");
        assertError("beam_var(prune=0.5)", "prune must be at least 1, got 0.5 at line 1, column 16");
        assertError("beam_var(alpha=-1)", "alpha must be at least 0, got -1 at line 1, column 16");
        assertError("var(b=0)", "b must be at least 1, got 0 at line 1, column 7");
        assertError("beam_sample(n=None)", "n of beam_sample cannot be None; give a value or leave the argument out for the default at line 1, column 15");
        assertError("beam_var(prune=None, prune=2)", "argument prune is given twice at line 1, column 22");
        assertError("beam_smaple(n=2)", "unknown decoder beam_smaple; did you mean beam_sample? at line 1, column 1");
    }

    @Test
    void printsParseableSource() {
        DecoderClause c = DecoderParser.parse("sample( n = 2 ,temperature=0.5 )");
        assertThat(c.toSource()).isEqualTo("sample(n=2, temperature=0.5)");
        assertThat(DecoderParser.parse(c.toSource())).isEqualTo(c);
    }

    // ---- errors: message texts are API ----

    @Test
    void unknownDecoder() {
        assertError("smaple(n=2)", "unknown decoder smaple; did you mean sample? at line 1, column 1");
        assertError("greedy", "unknown decoder greedy; expected argmax, sample, beam, best_k, beam_sample, beam_var, var or bsseq at line 1, column 1");
        assertError("", "expected a decoder (argmax, sample, beam, best_k, beam_sample, beam_var, var or bsseq) but found the end of the clause at line 1, column 1");
    }

    @Test
    void unknownArgument() {
        assertError("sample(temprature=0.5)", "unknown argument temprature for decoder sample; did you mean temperature? at line 1, column 8");
        assertError("beam(k=2)", "unknown argument k for decoder beam; did you mean n? at line 1, column 6");
        assertError("argmax(temperature=0.5)", "unknown argument temperature for decoder argmax; expected one of max_len, max_tokens, chunksize at line 1, column 8");
    }

    @Test
    void argumentTypesAndRanges() {
        assertError("sample(n=1.5)", "n takes an integer, not 1.5 at line 1, column 10");
        assertError("sample(n=0)", "n must be at least 1, got 0 at line 1, column 10");
        assertError("sample(temperature=-0.5)", "temperature must be at least 0, got -0.5 at line 1, column 20");
        assertError("sample(top_p=1.5)", "top_p must be greater than 0 and at most 1, got 1.5 at line 1, column 14");
        assertError("sample(n=\"2\")", "expected an integer for n but found a string at line 1, column 10");
        assertError("sample(temperature=hot)", "expected a number for temperature but found the name hot at line 1, column 20");
        assertError("sample(temperature=1e999)", "number 1e999 is too large for temperature at line 1, column 20");
        assertError("sample(seed=99999999999999999999)", "integer 99999999999999999999 is too large for seed at line 1, column 13");
    }

    @Test
    void malformedArguments() {
        assertError("sample(n=2, n=3)", "argument n is given twice at line 1, column 13");
        assertError("sample(n 2)", "expected '=' after the argument name n but found the number 2 at line 1, column 10");
        assertError("sample(2)", "expected a named argument such as n=2 but found the number 2 at line 1, column 8");
        assertError("sample(n=2", "expected ',' or ')' in the arguments of sample but found the end of the clause at line 1, column 11");
        assertError("sample(n=2) x", "expected the end of the decoder clause but found the name x at line 1, column 13");
        assertError("argmax x", "expected '(' or the end of the decoder clause but found the name x at line 1, column 8");
    }

    private static void assertError(String clause, String message) {
        assertThatThrownBy(() -> DecoderParser.parse(clause))
                .isInstanceOf(QuerySyntaxException.class)
                .hasMessage(message);
    }
}
