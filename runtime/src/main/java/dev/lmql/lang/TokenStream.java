package dev.lmql.lang;

/** The tokens of one clause with two tokens of lookahead, plus helpers for "expected X" errors. */
final class TokenStream {
    private final SourceText source;
    private final Lexer lexer;
    private Token current;
    private Token following;

    TokenStream(String text) {
        this.source = new SourceText(text);
        this.lexer = new Lexer(source);
        this.current = lexer.next();
    }

    SourceText source() {
        return source;
    }

    Token current() {
        return current;
    }

    /** The token after the current one. */
    Token peek() {
        if (following == null) {
            following = current.is(Token.Kind.END) ? current : lexer.next();
        }
        return following;
    }

    Token advance() {
        Token taken = current;
        if (following != null) {
            current = following;
            following = null;
        } else if (!current.is(Token.Kind.END)) {
            current = lexer.next();
        }
        return taken;
    }

    boolean accept(Token.Kind kind) {
        if (current.is(kind)) {
            advance();
            return true;
        }
        return false;
    }

    boolean acceptKeyword(String keyword) {
        if (current.isKeyword(keyword)) {
            advance();
            return true;
        }
        return false;
    }

    Token expect(Token.Kind kind, String what) {
        if (!current.is(kind)) {
            throw unexpected(what);
        }
        return advance();
    }

    /** "expected WHAT but found ..." at the current token. */
    QuerySyntaxException unexpected(String what) {
        return source.error("expected " + what + " but found " + current.describe(), current.offset());
    }

    QuerySyntaxException error(String reason, int offset) {
        return source.error(reason, offset);
    }

    SourcePosition positionAt(int offset) {
        return source.positionAt(offset);
    }
}
