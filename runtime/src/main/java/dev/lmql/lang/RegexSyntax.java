package dev.lmql.lang;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses java.util.regex-like syntax into a {@link RegexNode}: literals, escapes, {@code .}, classes with ranges,
 * negation and nesting, {@code \d \w \s} (ASCII, as in Java) and their negations, groups (plain, non-capturing,
 * named), alternation, {@code * + ?} (greedy or lazy — same language), {@code {n} {n,} {n,m}}. The whole value is
 * matched, so {@code ^} at the start and {@code $} at the end are accepted and ignored. Constructs that are not
 * regular or not supported (backreferences, lookaround, word boundaries, flags, possessive quantifiers) are
 * rejected with an error naming them.
 */
public final class RegexSyntax {
    /** Repetition counts above this are refused: the automaton would be unreasonably large. */
    public static final int MAX_REPEAT = 10_000;

    private final String pattern;
    private int pos;

    private RegexSyntax(String pattern) {
        this.pattern = pattern;
    }

    /**
     * Parses a pattern.
     *
     * @throws IllegalArgumentException naming the unsupported or malformed construct, with a caret under it
     */
    public static RegexNode parse(String pattern) {
        RegexSyntax parser = new RegexSyntax(pattern);
        if (parser.peekIs('^')) {
            parser.pos++;
        }
        RegexNode node = parser.alternation();
        if (parser.pos < pattern.length()) {
            throw parser.error(pattern.charAt(parser.pos) == ')' ? "unmatched ')'" : "unexpected character");
        }
        return node;
    }

    private RegexNode alternation() {
        List<RegexNode> options = new ArrayList<>();
        options.add(concatenation());
        while (peekIs('|')) {
            pos++;
            options.add(concatenation());
        }
        return options.size() == 1 ? options.get(0) : new RegexNode.Alt(options);
    }

    private RegexNode concatenation() {
        List<RegexNode> parts = new ArrayList<>();
        while (pos < pattern.length() && !peekIs('|') && !peekIs(')')) {
            if (peekIs('$') && pos + 1 == pattern.length()) {
                pos++;
                break;
            }
            parts.add(quantified(atom()));
        }
        return parts.size() == 1 ? parts.get(0) : new RegexNode.Concat(parts);
    }

    private RegexNode quantified(RegexNode atom) {
        RegexNode node = atom;
        while (pos < pattern.length()) {
            char c = pattern.charAt(pos);
            int min;
            int max;
            if (c == '*') {
                pos++;
                min = 0;
                max = RegexNode.UNBOUNDED;
            } else if (c == '+') {
                pos++;
                min = 1;
                max = RegexNode.UNBOUNDED;
            } else if (c == '?') {
                pos++;
                min = 0;
                max = 1;
            } else if (c == '{') {
                int start = pos;
                pos++;
                min = number();
                max = min;
                if (peekIs(',')) {
                    pos++;
                    max = peekIs('}') ? RegexNode.UNBOUNDED : number();
                }
                if (!peekIs('}')) {
                    pos = start;
                    throw error("malformed repetition {n}, {n,} or {n,m}");
                }
                pos++;
                if (max != RegexNode.UNBOUNDED && max < min) {
                    pos = start;
                    throw error("repetition {" + min + "," + max + "} has its maximum below its minimum");
                }
            } else {
                break;
            }
            if (peekIs('?')) {
                pos++;
            } else if (peekIs('+')) {
                throw error("possessive quantifiers are not supported; use a greedy quantifier");
            }
            node = new RegexNode.Repeat(node, min, max);
        }
        return node;
    }

    private int number() {
        int start = pos;
        while (pos < pattern.length() && Character.isDigit(pattern.charAt(pos))) {
            pos++;
        }
        if (start == pos) {
            throw error("expected a number in the repetition count");
        }
        String digits = pattern.substring(start, pos);
        if (digits.length() > 6 || Integer.parseInt(digits) > MAX_REPEAT) {
            pos = start;
            throw error("repetition count " + digits + " is above the limit of " + MAX_REPEAT);
        }
        return Integer.parseInt(digits);
    }

    private RegexNode atom() {
        char c = pattern.charAt(pos);
        switch (c) {
            case '(':
                return group();
            case '[':
                return new RegexNode.Chars(characterClass());
            case '.':
                pos++;
                return new RegexNode.Chars(CodePointSet.LINE_TERMINATORS.complement());
            case '\\':
                return escapeAtom();
            case '*':
            case '+':
            case '?':
            case '{':
                throw error("quantifier '" + c + "' has nothing to repeat");
            case '^':
                throw error("'^' is only supported at the start: the whole value is always matched");
            case '$':
                throw error("'$' is only supported at the end: the whole value is always matched");
            default:
                int cp = pattern.codePointAt(pos);
                pos += Character.charCount(cp);
                return new RegexNode.Chars(CodePointSet.single(cp));
        }
    }

    private RegexNode group() {
        int start = pos;
        pos++;
        if (peekIs('?')) {
            if (pattern.startsWith("?:", pos)) {
                pos += 2;
            } else if (pattern.startsWith("?=", pos) || pattern.startsWith("?!", pos)
                    || pattern.startsWith("?<=", pos) || pattern.startsWith("?<!", pos)) {
                throw error("lookaround is not supported in constraint regexes");
            } else if (pattern.startsWith("?<", pos)) {
                int end = pattern.indexOf('>', pos);
                if (end < 0) {
                    throw error("unterminated group name");
                }
                pos = end + 1;
            } else {
                throw error("inline flags and special groups '(?' are not supported; use (?:...) or (?<name>...)");
            }
        }
        RegexNode inner = alternation();
        if (!peekIs(')')) {
            pos = start;
            throw error("unclosed group '('");
        }
        pos++;
        return inner;
    }

    private RegexNode escapeAtom() {
        CodePointSet set = escape(false);
        return new RegexNode.Chars(set);
    }

    /** Parses an escape at {@code pos} (which holds the backslash). */
    private CodePointSet escape(boolean inClass) {
        int start = pos;
        pos++;
        if (pos >= pattern.length()) {
            pos = start;
            throw error("trailing backslash");
        }
        char c = pattern.charAt(pos++);
        switch (c) {
            case 'd':
                return CodePointSet.DIGIT;
            case 'D':
                return CodePointSet.DIGIT.complement();
            case 'w':
                return CodePointSet.WORD;
            case 'W':
                return CodePointSet.WORD.complement();
            case 's':
                return CodePointSet.SPACE;
            case 'S':
                return CodePointSet.SPACE.complement();
            case 't':
                return CodePointSet.single('\t');
            case 'n':
                return CodePointSet.single('\n');
            case 'r':
                return CodePointSet.single('\r');
            case 'f':
                return CodePointSet.single('\f');
            case 'a':
                return CodePointSet.single(7);
            case 'e':
                return CodePointSet.single(27);
            case 'x':
                return CodePointSet.single(hexEscape());
            case 'u':
                return CodePointSet.single(hexDigits(4));
            case '0':
                return CodePointSet.single(octal());
            case 'b':
            case 'B':
            case 'A':
            case 'z':
            case 'Z':
            case 'G':
                pos = start;
                throw error("anchors and word boundaries (\\" + c + ") are not supported: the whole value is "
                        + "always matched");
            case 'k':
                pos = start;
                throw error("backreferences are not supported in constraint regexes");
            case 'p':
            case 'P':
                pos = start;
                throw error("Unicode property classes (\\" + c + "{...}) are not supported; list the characters "
                        + "in a class such as [a-zA-Z\\u00C0-\\u024F]");
            case 'Q':
                pos = start;
                throw error("\\Q...\\E quoting is not supported; escape each special character with a backslash");
            default:
                if (c >= '1' && c <= '9') {
                    pos = start;
                    throw error("backreferences are not supported in constraint regexes");
                }
                if (Character.isLetterOrDigit(c)) {
                    pos = start;
                    throw error("unknown escape \\" + c);
                }
                pos--;
                int cp = pattern.codePointAt(pos);
                pos += Character.charCount(cp);
                return CodePointSet.single(cp);
        }
    }

    private int hexEscape() {
        if (peekIs('{')) {
            pos++;
            int end = pattern.indexOf('}', pos);
            if (end < 0 || end == pos || end - pos > 6) {
                throw error("malformed \\x{...} escape");
            }
            int cp = parseHex(pattern.substring(pos, end));
            pos = end + 1;
            if (cp > CodePointSet.MAX) {
                throw error("code point above U+10FFFF");
            }
            return cp;
        }
        return hexDigits(2);
    }

    private int hexDigits(int n) {
        if (pos + n > pattern.length()) {
            throw error("expected " + n + " hex digits");
        }
        int cp = parseHex(pattern.substring(pos, pos + n));
        pos += n;
        return cp;
    }

    private int parseHex(String digits) {
        try {
            return Integer.parseInt(digits, 16);
        } catch (NumberFormatException e) {
            throw error("malformed hex digits '" + digits + "'");
        }
    }

    private int octal() {
        int value = 0;
        int digits = 0;
        while (digits < 3 && pos < pattern.length() && pattern.charAt(pos) >= '0' && pattern.charAt(pos) <= '7') {
            value = value * 8 + (pattern.charAt(pos++) - '0');
            digits++;
        }
        if (digits == 0) {
            throw error("malformed octal escape \\0");
        }
        return value;
    }

    private CodePointSet characterClass() {
        int start = pos;
        pos++;
        boolean negated = false;
        if (peekIs('^')) {
            negated = true;
            pos++;
        }
        CodePointSet set = CodePointSet.EMPTY;
        boolean first = true;
        while (true) {
            if (pos >= pattern.length()) {
                pos = start;
                throw error("unclosed character class '['");
            }
            char c = pattern.charAt(pos);
            if (c == ']' && !first) {
                pos++;
                break;
            }
            if (c == ']') {
                throw error("empty character class");
            }
            first = false;
            if (c == '[') {
                set = set.union(characterClass());
                continue;
            }
            if (c == '&' && pattern.startsWith("&&", pos)) {
                throw error("class intersection '&&' is not supported");
            }
            CodePointSet item;
            int lo;
            if (c == '\\') {
                item = escape(true);
                if (item.rangeCount() != 1 || item.lo(0) != item.hi(0)) {
                    set = set.union(item);
                    continue;
                }
                lo = item.lo(0);
            } else {
                lo = pattern.codePointAt(pos);
                pos += Character.charCount(lo);
            }
            if (peekIs('-') && pos + 1 < pattern.length() && pattern.charAt(pos + 1) != ']') {
                pos++;
                int hi;
                if (peekIs('\\')) {
                    CodePointSet end = escape(true);
                    if (end.rangeCount() != 1 || end.lo(0) != end.hi(0)) {
                        throw error("a range cannot end in a class escape");
                    }
                    hi = end.lo(0);
                } else if (peekIs('[')) {
                    throw error("a range cannot end in a nested class");
                } else {
                    hi = pattern.codePointAt(pos);
                    pos += Character.charCount(hi);
                }
                if (hi < lo) {
                    throw error("illegal character range " + new String(Character.toChars(lo)) + "-"
                            + new String(Character.toChars(hi)) + " (the end is below the start)");
                }
                set = set.union(CodePointSet.range(lo, hi));
            } else {
                set = set.union(CodePointSet.single(lo));
            }
        }
        return negated ? set.complement() : set;
    }

    private boolean peekIs(char c) {
        return pos < pattern.length() && pattern.charAt(pos) == c;
    }

    private IllegalArgumentException error(String what) {
        int at = Math.min(pos, pattern.length());
        return new IllegalArgumentException("invalid constraint regex: " + what + " at index " + at + "\n  "
                + pattern + "\n  " + " ".repeat(at) + "^");
    }
}
