package dev.lmql.processor;

import javax.tools.Diagnostic;

/** One compile-time finding: its severity and the full message (what is wrong, the rule, the fix). */
record Problem(Diagnostic.Kind kind, String message) {

    static Problem error(String message) {
        return new Problem(Diagnostic.Kind.ERROR, message);
    }

    static Problem warning(String message) {
        return new Problem(Diagnostic.Kind.WARNING, message);
    }

    boolean isError() {
        return kind == Diagnostic.Kind.ERROR;
    }
}
