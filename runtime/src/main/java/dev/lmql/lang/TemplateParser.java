package dev.lmql.lang;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Parses query templates such as {@code "{:user}Review: {review}\nSentiment:[SENTIMENT]"}.
 *
 * <p>Grammar: text with holes {@code [NAME]} / {@code [NAME: int|float|bool]}, interpolations {@code {param}} /
 * {@code {param.accessor}}, role tags {@code {:system}} {@code {:user}} {@code {:assistant}}, and the escapes
 * {@code [[ ]] {{ }}} for literal brackets and braces. Spaces are allowed inside brackets and braces. Runs in
 * time linear in the source length.
 */
public final class TemplateParser {
    private final SourceText source;
    private final String s;
    private int i;
    private final List<TemplatePart> parts = new ArrayList<>();
    private final StringBuilder text = new StringBuilder();
    private int textStart = -1;

    private TemplateParser(String template) {
        this.source = new SourceText(template);
        this.s = template;
    }

    /**
     * Parses a template.
     *
     * @throws QuerySyntaxException when the template is malformed
     */
    public static Template parse(String template) {
        return new TemplateParser(template).parseTemplate();
    }

    private Template parseTemplate() {
        while (i < s.length()) {
            char c = s.charAt(i);
            if (c == '[') {
                if (peek(1) == '[') {
                    appendText('[', 2);
                } else {
                    flushText();
                    parseHole();
                }
            } else if (c == ']') {
                if (peek(1) != ']') {
                    throw source.error("unmatched ']' in template text; write ']]' for a literal ']'", i);
                }
                appendText(']', 2);
            } else if (c == '{') {
                if (peek(1) == '{') {
                    appendText('{', 2);
                } else {
                    flushText();
                    parseBrace();
                }
            } else if (c == '}') {
                if (peek(1) != '}') {
                    throw source.error("unmatched '}' in template text; write '}}' for a literal '}'", i);
                }
                appendText('}', 2);
            } else {
                appendText(c, 1);
            }
        }
        flushText();
        return new Template(parts);
    }

    private void parseHole() {
        int open = i;
        i++;
        skipSpaces();
        if (!isIdentifierStartHere()) {
            throw source.error("expected a hole name after '['; write '[[' for a literal '['", i);
        }
        String name = identifier();
        skipSpaces();
        HoleType type = HoleType.TEXT;
        String pattern = null;
        if (peek(0) == ':') {
            i++;
            skipSpaces();
            if ((peek(0) == 'r' || peek(0) == 'R') && (peek(1) == '"' || peek(1) == '\'')) {
                pattern = rawString(name);
                skipSpaces();
                if (peek(0) != ']') {
                    throw source.error("expected ']' to close hole [" + name, i);
                }
                i++;
                parts.add(new TemplatePart.Hole(name, HoleType.TEXT, pattern, source.positionAt(open)));
                return;
            }
            if (!isIdentifierStartHere()) {
                throw source.error("expected a type (int, float or bool) or a regex r\"...\" after ':' in hole ["
                        + name, i);
            }
            int typeStart = i;
            String keyword = identifier();
            Optional<HoleType> known = HoleType.forKeyword(keyword);
            if (known.isEmpty()) {
                String hint = Suggestions.closest(keyword, List.of("int", "float", "bool"))
                        .map(k -> "did you mean '" + k + "'?")
                        .orElse("expected int, float or bool");
                throw source.error("unknown type '" + keyword + "' in hole [" + name + "; " + hint, typeStart);
            }
            type = known.get();
            skipSpaces();
        }
        if (peek(0) != ']') {
            throw source.error("expected ']' to close hole [" + name, open);
        }
        i++;
        parts.add(new TemplatePart.Hole(name, type, source.positionAt(open)));
    }

    /**
     * A Python raw string {@code r"..."} / {@code r'...'} at {@code i}: backslashes stay as written, and a quote
     * after a backslash does not end the string (Python's rule).
     */
    private String rawString(String hole) {
        int start = i;
        char quote = peek(1);
        i += 2;
        StringBuilder out = new StringBuilder();
        while (true) {
            char c = peek(0);
            if (i >= s.length()) {
                throw source.error("the regex of hole [" + hole + " is not closed by " + quote, start);
            }
            if (c == quote) {
                i++;
                break;
            }
            if (c == '\\' && i + 1 < s.length()) {
                out.append(c).append(peek(1));
                i += 2;
                continue;
            }
            out.append(c);
            i++;
        }
        if (out.length() == 0) {
            throw source.error("the regex of hole [" + hole + " is empty", start);
        }
        return out.toString();
    }

    private void parseBrace() {
        int open = i;
        i++;
        if (peek(0) == ':') {
            i++;
            if (!isIdentifierStartHere()) {
                throw source.error("expected a role name after '{:'; expected {:system}, {:user} or {:assistant}", i);
            }
            int nameStart = i;
            String name = identifier();
            Optional<Role> role = Role.forTagName(name);
            if (role.isEmpty()) {
                String hint = Suggestions.closest(name, Arrays.stream(Role.values()).map(Role::tagName).toList())
                        .map(r -> "did you mean {:" + r + "}?")
                        .orElse("expected {:system}, {:user} or {:assistant}");
                throw source.error("unknown role tag {:" + name + "}; " + hint, nameStart);
            }
            if (peek(0) != '}') {
                throw source.error("expected '}' to close role tag {:" + name, open);
            }
            i++;
            parts.add(new TemplatePart.RoleTag(role.get(), source.positionAt(open)));
            return;
        }
        skipSpaces();
        if (!isIdentifierStartHere()) {
            throw source.error("expected a parameter name after '{'; write '{{' for a literal '{'", i);
        }
        String parameter = identifier();
        List<String> accessors = new ArrayList<>();
        while (peek(0) == '.') {
            i++;
            if (!isIdentifierStartHere()) {
                throw source.error("expected an accessor name after '.' in {" + pathOf(parameter, accessors), i);
            }
            accessors.add(identifier());
        }
        skipSpaces();
        if (peek(0) != '}') {
            throw source.error("expected '}' to close parameter {" + pathOf(parameter, accessors), open);
        }
        i++;
        parts.add(new TemplatePart.Interpolation(parameter, accessors, source.positionAt(open)));
    }

    private static String pathOf(String parameter, List<String> accessors) {
        return accessors.isEmpty() ? parameter : parameter + "." + String.join(".", accessors);
    }

    private void appendText(char c, int width) {
        if (textStart < 0) {
            textStart = i;
        }
        text.append(c);
        i += width;
    }

    private void flushText() {
        if (text.length() > 0) {
            parts.add(new TemplatePart.Text(text.toString(), source.positionAt(textStart)));
            text.setLength(0);
        }
        textStart = -1;
    }

    private String identifier() {
        int start = i;
        i++;
        while (i < s.length() && Identifiers.isPart(s.charAt(i))) {
            i++;
        }
        return s.substring(start, i);
    }

    private boolean isIdentifierStartHere() {
        return i < s.length() && Identifiers.isStart(s.charAt(i));
    }

    private void skipSpaces() {
        while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
            i++;
        }
    }

    private char peek(int ahead) {
        int at = i + ahead;
        return at < s.length() ? s.charAt(at) : '\0';
    }
}
