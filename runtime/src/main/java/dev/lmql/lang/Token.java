package dev.lmql.lang;

/** A lexical token of where, decoder and distribution clauses; {@code text} is the decoded value for strings. */
record Token(Kind kind, String text, int offset) {
    enum Kind {
        NAME, INT, FLOAT, STRING, LPAREN, RPAREN, LBRACKET, RBRACKET, COMMA, DOT, EQ, NE, LT, GT, LE, GE, ASSIGN,
        MINUS, END
    }

    boolean is(Kind wanted) {
        return kind == wanted;
    }

    boolean isKeyword(String keyword) {
        return kind == Kind.NAME && text.equals(keyword);
    }

    /** How the token reads in an error message, e.g. {@code ')'}, {@code the name foo}, {@code the end}. */
    String describe() {
        switch (kind) {
            case NAME:
                return Identifiers.KEYWORDS.contains(text) ? "'" + text + "'" : "the name " + text;
            case INT:
            case FLOAT:
                return "the number " + text;
            case STRING:
                return "a string";
            case END:
                return "the end of the clause";
            default:
                return "'" + text + "'";
        }
    }
}
