package dev.lmql.lang;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses decoder clauses: {@code argmax}, {@code argmax(max_len=10)}, {@code sample(n=2, temperature=0.8)},
 * {@code beam(n=4)}, {@code best_k(k=3)}, {@code beam_sample(n=4)}, {@code beam_var(n=3, alpha=0.5, inject_stop=True)},
 * {@code var(b=3, subdecoder="beam")}, {@code bsseq(b=2)}. Flags are written {@code True}/{@code False}, choices as
 * string literals; {@code None} stands for the default where LMQL's default is {@code None}. Unknown decoders and
 * arguments, arguments given twice, values of the wrong type and values out of range are reported as
 * {@link QuerySyntaxException}s.
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
            throw tokens.unexpected("a decoder (" + Decoder.keywordList() + ")");
        }
        Optional<Decoder> known = Decoder.forKeyword(name.text());
        if (known.isEmpty()) {
            String hint = Suggestions.closest(name.text(), Decoder.keywords())
                    .map(k -> "did you mean " + k + "?")
                    .orElse("expected " + Decoder.keywordList());
            throw tokens.error("unknown decoder " + name.text() + "; " + hint, name.offset());
        }
        Decoder decoder = known.get();
        tokens.advance();
        List<DecoderArgument> arguments = new ArrayList<>();
        boolean parenthesised = tokens.accept(Token.Kind.LPAREN);
        if (parenthesised) {
            List<String> given = new ArrayList<>();
            while (!tokens.current().is(Token.Kind.RPAREN)) {
                argument(decoder, given).ifPresent(arguments::add);
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

    /** One argument; empty for {@code name=None} (the default). */
    private Optional<DecoderArgument> argument(Decoder decoder, List<String> previous) {
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
        if (previous.contains(name.text())) {
            throw tokens.error("argument " + name.text() + " is given twice", name.offset());
        }
        previous.add(name.text());
        tokens.advance();
        if (!tokens.accept(Token.Kind.ASSIGN)) {
            throw tokens.unexpected("'=' after the argument name " + name.text());
        }
        if (tokens.current().isKeyword("None")) {
            if (!decoder.acceptsNone(parameter.get())) {
                throw tokens.error(name.text() + " of " + decoder.keyword()
                        + " cannot be None; give a value or leave the argument out for the default",
                        tokens.current().offset());
            }
            tokens.advance();
            return Optional.empty();
        }
        Object value;
        switch (parameter.get().kind()) {
            case BOOL:
                value = flag(parameter.get());
                break;
            case CHOICE:
                value = choice(parameter.get());
                break;
            default:
                value = value(parameter.get());
        }
        return Optional.of(new DecoderArgument(parameter.get(), value, tokens.positionAt(name.offset())));
    }

    private Boolean flag(DecoderParameter parameter) {
        Token t = tokens.current();
        if (t.is(Token.Kind.NAME) && (t.text().equals("True") || t.text().equals("true"))) {
            tokens.advance();
            return Boolean.TRUE;
        }
        if (t.is(Token.Kind.NAME) && (t.text().equals("False") || t.text().equals("false"))) {
            tokens.advance();
            return Boolean.FALSE;
        }
        throw tokens.unexpected("True or False for " + parameter.argumentName());
    }

    private String choice(DecoderParameter parameter) {
        Token t = tokens.current();
        String options = String.join(", ", parameter.choices().stream().map(c -> "\"" + c + "\"").toList());
        if (!t.is(Token.Kind.STRING)) {
            throw tokens.unexpected("a string (" + options + ") for " + parameter.argumentName());
        }
        if (!parameter.choices().contains(t.text())) {
            String hint = Suggestions.closest(t.text(), parameter.choices())
                    .map(c -> "did you mean \"" + c + "\"?")
                    .orElse("expected one of " + options);
            throw tokens.error("unknown " + parameter.argumentName() + " \"" + t.text() + "\"; " + hint, t.offset());
        }
        tokens.advance();
        return t.text();
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
