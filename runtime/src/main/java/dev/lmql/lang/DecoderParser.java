package dev.lmql.lang;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses decoder clauses: {@code argmax}, {@code argmax(max_len=10)}, {@code sample(n=2, temperature=0.8)},
 * {@code beam(n=4)}, {@code best_k(k=3)}. Unknown decoders and arguments, arguments given twice, values of
 * the wrong type and values out of range are reported as {@link QuerySyntaxException}s.
 */
public final class DecoderParser {
    private final TokenStream tokens;

    private DecoderParser(TokenStream tokens) {
        this.tokens = tokens;
    }

    /**
     * Parses a decoder clause.
     *
     * @throws QuerySyntaxException when the clause is malformed or names an unknown decoder or argument
     */
    public static DecoderClause parse(String clause) {
        return new DecoderParser(new TokenStream(clause)).clause();
    }

    private DecoderClause clause() {
        Token name = tokens.current();
        if (!name.is(Token.Kind.NAME)) {
            throw tokens.unexpected("a decoder (argmax, sample, beam or best_k)");
        }
        Optional<Decoder> known = Decoder.forKeyword(name.text());
        if (known.isEmpty()) {
            String hint = Suggestions.closest(name.text(), Decoder.keywords())
                    .map(k -> "did you mean " + k + "?")
                    .orElse("expected argmax, sample, beam or best_k");
            throw tokens.error("unknown decoder " + name.text() + "; " + hint, name.offset());
        }
        Decoder decoder = known.get();
        tokens.advance();
        List<DecoderArgument> arguments = new ArrayList<>();
        boolean parenthesised = tokens.accept(Token.Kind.LPAREN);
        if (parenthesised) {
            while (!tokens.current().is(Token.Kind.RPAREN)) {
                arguments.add(argument(decoder, arguments));
                if (!tokens.accept(Token.Kind.COMMA) && !tokens.current().is(Token.Kind.RPAREN)) {
                    throw tokens.unexpected("',' or ')' in the arguments of " + decoder.keyword());
                }
            }
            tokens.advance();
        }
        if (!tokens.current().is(Token.Kind.END)) {
            throw tokens.unexpected(parenthesised ? "the end of the decoder clause"
                    : "'(' or the end of the decoder clause");
        }
        return new DecoderClause(decoder, arguments, tokens.positionAt(name.offset()));
    }

    private DecoderArgument argument(Decoder decoder, List<DecoderArgument> previous) {
        Token name = tokens.current();
        if (!name.is(Token.Kind.NAME)) {
            throw tokens.unexpected("a named argument such as n=2");
        }
        Optional<DecoderParameter> parameter = DecoderParameter.forName(name.text())
                .filter(decoder.parameters()::contains);
        if (parameter.isEmpty()) {
            List<String> allowed = decoder.parameters().stream().map(DecoderParameter::argumentName).toList();
            String hint = Suggestions.closest(name.text(), allowed)
                    .map(a -> "did you mean " + a + "?")
                    .orElse("expected one of " + String.join(", ", allowed));
            throw tokens.error("unknown argument " + name.text() + " for decoder " + decoder.keyword() + "; " + hint,
                    name.offset());
        }
        for (DecoderArgument given : previous) {
            if (given.parameter() == parameter.get()) {
                throw tokens.error("argument " + name.text() + " is given twice", name.offset());
            }
        }
        tokens.advance();
        if (!tokens.accept(Token.Kind.ASSIGN)) {
            throw tokens.unexpected("'=' after the argument name " + name.text());
        }
        return new DecoderArgument(parameter.get(), value(parameter.get()), tokens.positionAt(name.offset()));
    }

    private Number value(DecoderParameter parameter) {
        Token first = tokens.current();
        boolean negative = tokens.accept(Token.Kind.MINUS);
        Token number = tokens.current();
        String expected = parameter.kind() == DecoderParameter.Kind.INT ? "an integer" : "a number";
        if (!number.is(Token.Kind.INT) && !number.is(Token.Kind.FLOAT)) {
            throw tokens.unexpected(expected + " for " + parameter.argumentName());
        }
        if (parameter.kind() == DecoderParameter.Kind.INT && number.is(Token.Kind.FLOAT)) {
            throw tokens.error(parameter.argumentName() + " takes an integer, not " + number.text(), number.offset());
        }
        tokens.advance();
        String text = negative ? "-" + number.text() : number.text();
        Number value;
        if (parameter.kind() == DecoderParameter.Kind.INT) {
            try {
                value = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw tokens.error("integer " + text + " is too large for " + parameter.argumentName(), first.offset());
            }
        } else {
            value = Double.parseDouble(text);
            if (!Double.isFinite(value.doubleValue())) {
                throw tokens.error("number " + text + " is too large for " + parameter.argumentName(), first.offset());
            }
        }
        Optional<String> problem = parameter.rangeProblem(value.doubleValue());
        if (problem.isPresent()) {
            throw tokens.error(parameter.argumentName() + " " + problem.get() + ", got " + text, first.offset());
        }
        return value;
    }
}
