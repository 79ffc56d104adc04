package dev.lmql.cli;

import dev.lmql.lang.QuerySyntaxException;

/**
 * A query in LMQL's standalone syntax, split into its clauses:
 * <pre>
 * sample(n=2)                     (optional decoder clause)
 * "Q: {question}\n"               (one or more prompt strings, concatenated)
 * "A: [ANSWER]"
 * from "local:stories260K.gguf"   (optional model)
 * where STOPS_AT(ANSWER, ".")     (optional)
 * distribution ANSWER in [...]    (optional)
 * </pre>
 * Text that does not start with a decoder or a string literal is taken as a bare template.
 * The clauses themselves are parsed (and their errors reported) by {@code dev.lmql.lang}.
 */
record StandaloneQuery(String decoder, String template, String model, String where, String distribution) {
    private static final String DECODERS = String.join("|", dev.lmql.lang.Decoder.keywords());

    static StandaloneQuery parse(String source) {
        return new Splitter(source).split();
    }

    /** Walks the source once, skipping over string literals so keywords inside prompts are not clauses. */
    private static final class Splitter {
        private final String src;
        private int pos;

        Splitter(String src) {
            this.src = src;
        }

        StandaloneQuery split() {
            // string arguments of the decoder clause (var(subdecoder="beam")) belong to the clause, not the prompt
            int firstQuote = nextStringStart(afterDecoderArguments());
            String head = firstQuote < 0 ? src : src.substring(0, firstQuote);
            if (firstQuote < 0 || !looksLikeDecoder(head.strip())) {
                return new StandaloneQuery(null, src, null, null, null);
            }
            // LMQL allows "beam(n=2):" before the prompt; the colon is not part of the clause
            String clause = head.strip().endsWith(":") ? head.strip().substring(0, head.strip().length() - 1).strip()
                    : head.strip();
            String decoder = clause.isEmpty() ? null : clause;
            pos = firstQuote;
            StringBuilder template = new StringBuilder();
            while (true) {
                skipSpace();
                if (pos < src.length() && isQuote(src.charAt(pos))) {
                    template.append(readString());
                } else {
                    break;
                }
            }
            String model = null;
            if (keywordAt("from")) {
                pos += 4;
                skipSpace();
                if (pos >= src.length() || !isQuote(src.charAt(pos))) {
                    throw error("expected a quoted model id after 'from', e.g. from \"local:stories260K.gguf\"");
                }
                model = readString();
            }
            String where = null;
            String distribution = null;
            skipSpace();
            if (keywordAt("where")) {
                pos += 5;
                int end = findKeyword("distribution");
                where = src.substring(pos, end).strip();
                pos = end;
            }
            skipSpace();
            if (keywordAt("distribution")) {
                pos += "distribution".length();
                distribution = src.substring(pos).strip();
                pos = src.length();
            }
            skipSpace();
            if (pos < src.length()) {
                throw error("expected 'from', 'where' or 'distribution' after the prompt strings");
            }
            return new StandaloneQuery(decoder, template.toString(), model, emptyToNull(where),
                    emptyToNull(distribution));
        }

        private static String emptyToNull(String s) {
            return s == null || s.isEmpty() ? null : s;
        }

        private static boolean looksLikeDecoder(String head) {
            return head.isEmpty() || head.matches("(" + DECODERS + ")(\\s*\\(.*\\))?\\s*:?");
        }

        /**
         * Where the arguments of a leading decoder clause end (after its closing parenthesis, string literals inside
         * skipped), or 0 when the source does not start with a decoder and '('.
         */
        private int afterDecoderArguments() {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\s*(" + DECODERS + ")\\s*\\(").matcher(src);
            if (!m.lookingAt()) {
                return 0;
            }
            int depth = 1;
            int i = m.end();
            while (i < src.length()) {
                char c = src.charAt(i);
                if (isQuote(c)) {
                    pos = i;
                    readString();
                    i = pos;
                    pos = 0;
                    continue;
                }
                if (c == '(') {
                    depth++;
                } else if (c == ')' && --depth == 0) {
                    return i + 1;
                }
                i++;
            }
            return 0;
        }

        private static boolean isQuote(char c) {
            return c == '"' || c == '\'';
        }

        private int nextStringStart(int from) {
            for (int i = from; i < src.length(); i++) {
                if (isQuote(src.charAt(i))) {
                    return i;
                }
            }
            return -1;
        }

        private void skipSpace() {
            while (pos < src.length()) {
                char c = src.charAt(pos);
                if (Character.isWhitespace(c)) {
                    pos++;
                } else if (c == '#') {
                    while (pos < src.length() && src.charAt(pos) != '\n') {
                        pos++;
                    }
                } else {
                    break;
                }
            }
        }

        private boolean keywordAt(String keyword) {
            int end = pos + keyword.length();
            return src.startsWith(keyword, pos) && (end == src.length() || !Character.isJavaIdentifierPart(src.charAt(end)));
        }

        /** Position of the keyword outside string literals, or the end of the source. */
        private int findKeyword(String keyword) {
            int i = pos;
            while (i < src.length()) {
                char c = src.charAt(i);
                if (isQuote(c)) {
                    int save = pos;
                    pos = i;
                    readString();
                    i = pos;
                    pos = save;
                    continue;
                }
                boolean boundaryBefore = i == 0 || !Character.isJavaIdentifierPart(src.charAt(i - 1));
                int end = i + keyword.length();
                if (boundaryBefore && src.startsWith(keyword, i)
                        && (end == src.length() || !Character.isJavaIdentifierPart(src.charAt(end)))) {
                    return i;
                }
                i++;
            }
            return src.length();
        }

        /** Reads a '…', "…" or triple-quoted literal at pos, resolving escapes. */
        private String readString() {
            char q = src.charAt(pos);
            boolean triple = src.startsWith(String.valueOf(q).repeat(3), pos);
            int start = pos;
            pos += triple ? 3 : 1;
            StringBuilder out = new StringBuilder();
            while (pos < src.length()) {
                char c = src.charAt(pos);
                if (c == '\\' && pos + 1 < src.length()) {
                    char e = src.charAt(pos + 1);
                    switch (e) {
                        case 'n' -> out.append('\n');
                        case 't' -> out.append('\t');
                        case 'r' -> out.append('\r');
                        case '\\' -> out.append('\\');
                        case '"' -> out.append('"');
                        case '\'' -> out.append('\'');
                        default -> out.append('\\').append(e);
                    }
                    pos += 2;
                } else if (triple ? src.startsWith(String.valueOf(q).repeat(3), pos) : c == q) {
                    pos += triple ? 3 : 1;
                    return out.toString();
                } else if (c == '\n' && !triple) {
                    break;
                } else {
                    out.append(c);
                    pos++;
                }
            }
            pos = start;
            throw error("unterminated string literal (close it with " + (triple ? String.valueOf(q).repeat(3) : q) + ")");
        }

        private QuerySyntaxException error(String expected) {
            return QuerySyntaxException.at(src, pos, expected);
        }
    }
}
