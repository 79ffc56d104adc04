package dev.lmql.lang;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses where clauses such as {@code STOPS_AT(X, ".") and len(TOKENS(X)) < 20 or not "\n" in X}.
 *
 * <p>Hand-written recursive descent over {@link Lexer} tokens, linear in the source length; nesting deeper
 * than {@value #MAX_DEPTH} levels is rejected so that no input can exhaust the stack.
 */
public final class WhereParser {
    /** The deepest nesting of parentheses, lists, calls and {@code not} that the parser accepts. */
    public static final int MAX_DEPTH = 200;

    private final TokenStream tokens;
    private int depth;

    private WhereParser(TokenStream tokens) {
        this.tokens = tokens;
    }

    /**
     * Parses a where clause.
     *
     * @throws QuerySyntaxException when the clause is malformed or empty
     */
    public static Expr parse(String where) {
        TokenStream tokens = new TokenStream(where);
        if (tokens.current().is(Token.Kind.END)) {
            throw tokens.error("expected a constraint but the where clause is empty", 0);
        }
        WhereParser parser = new WhereParser(tokens);
        Expr expr = parser.expression();
        parser.expectEnd();
        return expr;
    }

    /** Parses one expression starting at the current token of a stream shared with another clause parser. */
    static Expr parseExpression(TokenStream tokens) {
        return new WhereParser(tokens).expression();
    }

    private void expectEnd() {
        Token t = tokens.current();
        if (t.is(Token.Kind.END)) {
            return;
        }
        throw tokens.unexpected("'and', 'or' or the end of the where clause");
    }

    Expr expression() {
        return or();
    }

    private Expr or() {
        Expr first = and();
        if (!tokens.current().isKeyword("or")) {
            return first;
        }
        List<Expr> operands = new ArrayList<>();
        operands.add(first);
        while (tokens.acceptKeyword("or")) {
            operands.add(and());
        }
        return new Expr.Or(operands, first.position());
    }

    private Expr and() {
        Expr first = not();
        if (!tokens.current().isKeyword("and")) {
            return first;
        }
        List<Expr> operands = new ArrayList<>();
        operands.add(first);
        while (tokens.acceptKeyword("and")) {
            operands.add(not());
        }
        return new Expr.And(operands, first.position());
    }

    private Expr not() {
        Token t = tokens.current();
        if (t.isKeyword("not")) {
            tokens.advance();
            enter(t);
            Expr operand = not();
            depth--;
            return new Expr.Not(operand, tokens.positionAt(t.offset()));
        }
        return comparison();
    }

    private Expr comparison() {
        Expr left = postfix();
        Token t = tokens.current();
        Expr result;
        if (isComparisonOperator(t)) {
            tokens.advance();
            result = new Expr.Comparison(operatorOf(t), left, postfix(), left.position());
        } else if (t.isKeyword("in")) {
            tokens.advance();
            result = new Expr.In(left, postfix(), left.position());
        } else if (t.isKeyword("not") && tokens.peek().isKeyword("in")) {
            tokens.advance();
            tokens.advance();
            result = new Expr.Not(new Expr.In(left, postfix(), left.position()), left.position());
        } else if (t.is(Token.Kind.ASSIGN)) {
            throw tokens.error("'=' cannot be used in a where clause; write '==' to compare", t.offset());
        } else {
            return left;
        }
        Token after = tokens.current();
        if (isComparisonOperator(after) || after.isKeyword("in") || after.is(Token.Kind.ASSIGN)
                || (after.isKeyword("not") && tokens.peek().isKeyword("in"))) {
            throw tokens.error("chained comparisons are not supported; combine them with 'and'", after.offset());
        }
        return result;
    }

    private Expr postfix() {
        Expr target = primary();
        while (tokens.current().is(Token.Kind.DOT)) {
            tokens.advance();
            Token name = tokens.current();
            if (!name.is(Token.Kind.NAME) || !Identifiers.isName(name.text())) {
                throw tokens.unexpected("a method name after '.'");
            }
            tokens.advance();
            if (!tokens.current().is(Token.Kind.LPAREN)) {
                throw tokens.unexpected("'(' to call the method " + name.text()
                        + " (attributes other than method calls are not supported)");
            }
            List<Expr> arguments = arguments(name);
            target = new Expr.MethodCall(target, name.text(), arguments, target.position());
        }
        return target;
    }

    private Expr primary() {
        Token t = tokens.current();
        SourcePosition at = tokens.positionAt(t.offset());
        switch (t.kind()) {
            case NAME:
                if (Identifiers.KEYWORDS.contains(t.text())) {
                    throw tokens.unexpected("a value");
                }
                tokens.advance();
                if (tokens.current().is(Token.Kind.LPAREN)) {
                    return new Expr.Call(t.text(), arguments(t), at);
                }
                return new Expr.Identifier(t.text(), at);
            case STRING:
                tokens.advance();
                return new Expr.StringLiteral(t.text(), at);
            case INT:
            case FLOAT:
                tokens.advance();
                return number(t, false, at);
            case MINUS: {
                tokens.advance();
                Token n = tokens.current();
                if (!n.is(Token.Kind.INT) && !n.is(Token.Kind.FLOAT)) {
                    throw tokens.unexpected("a number after '-'");
                }
                tokens.advance();
                return number(n, true, at);
            }
            case LBRACKET:
                return list(t, at);
            case LPAREN: {
                tokens.advance();
                enter(t);
                Expr inner = expression();
                depth--;
                if (!tokens.current().is(Token.Kind.RPAREN)) {
                    throw tokens.unexpected("')' to close the '(' at line " + at.line() + ", column " + at.column());
                }
                tokens.advance();
                return inner;
            }
            default:
                throw tokens.unexpected("a value");
        }
    }

    private Expr list(Token open, SourcePosition at) {
        tokens.advance();
        enter(open);
        List<Expr> elements = new ArrayList<>();
        while (!tokens.current().is(Token.Kind.RBRACKET)) {
            elements.add(expression());
            if (!tokens.accept(Token.Kind.COMMA) && !tokens.current().is(Token.Kind.RBRACKET)) {
                throw tokens.unexpected("',' or ']' in the list at line " + at.line() + ", column " + at.column());
            }
        }
        tokens.advance();
        depth--;
        return new Expr.ListLiteral(elements, at);
    }

    private List<Expr> arguments(Token name) {
        Token open = tokens.advance();
        enter(open);
        List<Expr> arguments = new ArrayList<>();
        while (!tokens.current().is(Token.Kind.RPAREN)) {
            arguments.add(expression());
            if (!tokens.accept(Token.Kind.COMMA) && !tokens.current().is(Token.Kind.RPAREN)) {
                throw tokens.unexpected("',' or ')' in the arguments of " + name.text());
            }
        }
        tokens.advance();
        depth--;
        return arguments;
    }

    private Expr number(Token t, boolean negative, SourcePosition at) {
        String text = negative ? "-" + t.text() : t.text();
        if (t.is(Token.Kind.INT)) {
            try {
                return new Expr.IntLiteral(Long.parseLong(text), at);
            } catch (NumberFormatException e) {
                throw tokens.error("integer literal " + text + " is too large; the limit is "
                        + (negative ? Long.MIN_VALUE : Long.MAX_VALUE), at.offset());
            }
        }
        double value = Double.parseDouble(text);
        if (!Double.isFinite(value)) {
            throw tokens.error("float literal " + text + " is too large", at.offset());
        }
        return new Expr.FloatLiteral(value, at);
    }

    private void enter(Token t) {
        if (++depth > MAX_DEPTH) {
            throw tokens.error("expression nested too deeply (more than " + MAX_DEPTH + " levels)", t.offset());
        }
    }

    private static boolean isComparisonOperator(Token t) {
        switch (t.kind()) {
            case EQ:
            case NE:
            case LT:
            case GT:
            case LE:
            case GE:
                return true;
            default:
                return false;
        }
    }

    private static ComparisonOperator operatorOf(Token t) {
        switch (t.kind()) {
            case EQ:
                return ComparisonOperator.EQ;
            case NE:
                return ComparisonOperator.NE;
            case LT:
                return ComparisonOperator.LT;
            case GT:
                return ComparisonOperator.GT;
            case LE:
                return ComparisonOperator.LE;
            default:
                return ComparisonOperator.GE;
        }
    }
}
