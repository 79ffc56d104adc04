package dev.lmql.lang;

import java.util.ArrayList;
import java.util.List;

/** Parses distribution clauses: {@code VAR in ["a", "b", ...]} or {@code VAR in param}. */
public final class DistributionParser {
    private DistributionParser() {
    }

    /**
     * Parses a distribution clause.
     *
     * @throws QuerySyntaxException when the clause is malformed, the list is empty or holds non-strings
     */
    public static DistributionClause parse(String clause) {
        TokenStream tokens = new TokenStream(clause);
        Token variable = tokens.current();
        if (!variable.is(Token.Kind.NAME) || !Identifiers.isName(variable.text())) {
            throw tokens.unexpected("a hole name at the start of the distribution clause");
        }
        tokens.advance();
        if (!tokens.acceptKeyword("in")) {
            throw tokens.unexpected("'in' after the distribution variable " + variable.text());
        }
        Token start = tokens.current();
        SourcePosition at = tokens.positionAt(start.offset());
        Expr values;
        if (start.is(Token.Kind.NAME) && Identifiers.isName(start.text())) {
            tokens.advance();
            values = new Expr.Identifier(start.text(), at);
        } else if (start.is(Token.Kind.LBRACKET)) {
            tokens.advance();
            List<Expr> elements = new ArrayList<>();
            while (!tokens.current().is(Token.Kind.RBRACKET)) {
                Token element = tokens.current();
                if (!element.is(Token.Kind.STRING)) {
                    throw tokens.unexpected("a string literal as distribution value");
                }
                tokens.advance();
                elements.add(new Expr.StringLiteral(element.text(), tokens.positionAt(element.offset())));
                if (!tokens.accept(Token.Kind.COMMA) && !tokens.current().is(Token.Kind.RBRACKET)) {
                    throw tokens.unexpected("',' or ']' in the distribution values");
                }
            }
            if (elements.isEmpty()) {
                throw tokens.error("the distribution list is empty; give at least one value", start.offset());
            }
            tokens.advance();
            values = new Expr.ListLiteral(elements, at);
        } else {
            throw tokens.unexpected("a list of values such as [\"yes\", \"no\"] or a parameter name after 'in'");
        }
        if (!tokens.current().is(Token.Kind.END)) {
            throw tokens.unexpected("the end of the distribution clause");
        }
        return new DistributionClause(variable.text(), values, tokens.positionAt(variable.offset()));
    }
}
