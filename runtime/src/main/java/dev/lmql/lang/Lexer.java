package dev.lmql.lang;

/**
 * Splits where, decoder and distribution clauses into tokens, one at a time and in linear time. Strings may
 * use single or double quotes and the escapes {@code \n \t \r \\ \" \'} and four-hex-digit unicode escapes;
 * raw strings {@code r"..."} keep backslashes as written.
 */
final class Lexer {
    private final SourceText source;
    private final String s;
    private int i;

    Lexer(SourceText source) {
        this.source = source;
        this.s = source.text();
    }

    Token next() {
        skipWhitespace();
        if (i >= s.length()) {
            return new Token(Token.Kind.END, "", s.length());
        }
        int start = i;
        char c = s.charAt(i);
        if ((c == 'r' || c == 'R') && i + 1 < s.length() && (s.charAt(i + 1) == '"' || s.charAt(i + 1) == '\'')) {
            i++;
            return string(start, true);
        }
        if (Identifiers.isStart(c)) {
            i++;
            while (i < s.length() && Identifiers.isPart(s.charAt(i))) {
                i++;
            }
            return new Token(Token.Kind.NAME, s.substring(start, i), start);
        }
        if (c >= '0' && c <= '9') {
            return number(start);
        }
        if (c == '"' || c == '\'') {
            return string(start, false);
        }
        i++;
        switch (c) {
            case '(':
                return symbol(Token.Kind.LPAREN, start);
            case ')':
                return symbol(Token.Kind.RPAREN, start);
            case '[':
                return symbol(Token.Kind.LBRACKET, start);
            case ']':
                return symbol(Token.Kind.RBRACKET, start);
            case ',':
                return symbol(Token.Kind.COMMA, start);
            case '.':
                return symbol(Token.Kind.DOT, start);
            case '-':
                return symbol(Token.Kind.MINUS, start);
            case '=':
                return twoChar(Token.Kind.ASSIGN, Token.Kind.EQ, start);
            case '<':
                return twoChar(Token.Kind.LT, Token.Kind.LE, start);
            case '>':
                return twoChar(Token.Kind.GT, Token.Kind.GE, start);
            case '!':
                if (i < s.length() && s.charAt(i) == '=') {
                    i++;
                    return symbol(Token.Kind.NE, start);
                }
                throw source.error("unexpected character '!'; did you mean '!=' or 'not'?", start);
            default:
                throw source.error("unexpected character " + quoteChar(c), start);
        }
    }

    private Token symbol(Token.Kind kind, int start) {
        return new Token(kind, s.substring(start, i), start);
    }

    /** {@code =}, {@code <}, {@code >} alone, or followed by {@code =}. */
    private Token twoChar(Token.Kind single, Token.Kind withEquals, int start) {
        if (i < s.length() && s.charAt(i) == '=') {
            i++;
            return symbol(withEquals, start);
        }
        return symbol(single, start);
    }

    private Token number(int start) {
        boolean isFloat = false;
        digits();
        if (i + 1 < s.length() && s.charAt(i) == '.' && isDigit(s.charAt(i + 1))) {
            isFloat = true;
            i++;
            digits();
        }
        if (i < s.length() && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            int exponent = i;
            i++;
            if (i < s.length() && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
                i++;
            }
            if (i >= s.length() || !isDigit(s.charAt(i))) {
                throw source.error("expected digits after the exponent 'e' of a number", exponent);
            }
            digits();
            isFloat = true;
        }
        if (i < s.length() && Identifiers.isPart(s.charAt(i))) {
            throw source.error("unexpected character " + quoteChar(s.charAt(i)) + " after the number "
                    + s.substring(start, i), i);
        }
        return new Token(isFloat ? Token.Kind.FLOAT : Token.Kind.INT, s.substring(start, i), start);
    }

    private void digits() {
        while (i < s.length() && isDigit(s.charAt(i))) {
            i++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private Token string(int start, boolean raw) {
        char quote = s.charAt(i);
        i++;
        StringBuilder value = new StringBuilder();
        while (true) {
            if (i >= s.length()) {
                throw source.error("unterminated string literal; expected a closing " + quote, start);
            }
            char c = s.charAt(i);
            if (c == quote) {
                i++;
                return new Token(Token.Kind.STRING, value.toString(), start);
            }
            if (c != '\\') {
                value.append(c);
                i++;
            } else if (raw) {
                // Raw strings keep the backslash and the next character, which therefore cannot end the string.
                value.append(c);
                i++;
                if (i < s.length()) {
                    value.append(s.charAt(i));
                    i++;
                }
            } else {
                escape(value);
            }
        }
    }

    private void escape(StringBuilder value) {
        int at = i;
        i++;
        if (i >= s.length()) {
            throw source.error("unterminated string literal; a backslash must be followed by an escaped character",
                    at);
        }
        char c = s.charAt(i);
        i++;
        switch (c) {
            case 'n':
                value.append('\n');
                break;
            case 't':
                value.append('\t');
                break;
            case 'r':
                value.append('\r');
                break;
            case '\\':
                value.append('\\');
                break;
            case '"':
                value.append('"');
                break;
            case '\'':
                value.append('\'');
                break;
            case 'u':
                value.append(unicodeEscape(at));
                break;
            default:
                throw source.error("unknown escape sequence '\\" + c + "' in string literal; write '\\\\" + c
                        + "' for a backslash, or use a raw string r\"...\"", at);
        }
    }

    private char unicodeEscape(int at) {
        if (i + 4 > s.length()) {
            throw source.error("expected four hex digits after '\\u' in string literal", at);
        }
        int code = 0;
        for (int k = 0; k < 4; k++) {
            int digit = Character.digit(s.charAt(i + k), 16);
            if (digit < 0) {
                throw source.error("expected four hex digits after '\\u' in string literal", at);
            }
            code = code * 16 + digit;
        }
        i += 4;
        return (char) code;
    }

    private void skipWhitespace() {
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
    }

    static String quoteChar(char c) {
        if (Character.isISOControl(c) || Character.isWhitespace(c)) {
            return String.format("U+%04X", (int) c);
        }
        return "'" + c + "'";
    }
}
