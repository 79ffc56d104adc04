package dev.lmql.lang;

import java.util.Set;

/** The identifier rules shared by templates, where clauses and decoder clauses. */
final class Identifiers {
    /** Words of the where-clause grammar that cannot name a variable. */
    static final Set<String> KEYWORDS = Set.of("and", "or", "not", "in");

    private Identifiers() {
    }

    static boolean isStart(char c) {
        return c == '_' || Character.isLetter(c);
    }

    static boolean isPart(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    static boolean isIdentifier(String s) {
        if (s == null || s.isEmpty() || !isStart(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            if (!isPart(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** An identifier that the where-clause grammar accepts as a name (not a keyword). */
    static boolean isName(String s) {
        return isIdentifier(s) && !KEYWORDS.contains(s);
    }
}
