package dev.lmql.cli;

import com.fasterxml.jackson.databind.node.TextNode;
import dev.lmql.decode.HoleListener;
import java.io.PrintWriter;

/**
 * {@code lmql run --stream}: prints the first result's hole text as it is generated, flushed per token, and ends
 * each variable's line when its value is known — so the finished output has the same {@code NAME = "value"} lines
 * as printing each value when its hole is filled. Other results (n &gt; 1) print a whole
 * {@code [i] NAME = value} line when their value is known. Runs on the query's thread.
 */
final class StreamPrinter implements HoleListener {
    private final PrintWriter out;
    private String openVariable;
    private String shown;

    StreamPrinter(PrintWriter out) {
        this.out = out;
    }

    @Override
    public void onPartial(int result, String variable, String textSoFar) {
        if (result != 0) {
            return;
        }
        if (openVariable != null && !openVariable.equals(variable)) {
            endOpenLine();
        }
        if (openVariable == null) {
            out.print(variable + " = \"");
            openVariable = variable;
            shown = "";
        }
        out.print(escaped(textSoFar.substring(shown.length())));
        shown = textSoFar;
        out.flush();
    }

    @Override
    public void onValue(int result, String variable, Object value) {
        if (result == 0 && variable.equals(openVariable) && value instanceof String s && s.startsWith(shown)) {
            out.println(escaped(s.substring(shown.length())) + "\"");
            openVariable = null;
        } else {
            endOpenLine();
            out.println((result > 0 ? "[" + (result + 1) + "] " : "") + variable + " = " + render(value));
        }
        out.flush();
    }

    /** Ends a line left open (a query that failed mid-hole), so what follows starts on its own line. */
    void endOpenLine() {
        if (openVariable != null) {
            out.println();
            out.flush();
            openVariable = null;
        }
    }

    /** A value as the run command prints it: strings JSON-quoted, anything else as is. */
    static String render(Object value) {
        return value instanceof String s ? TextNode.valueOf(s).toString() : String.valueOf(value);
    }

    /** JSON string escaping works character by character, so the escaped parts join to the escaped whole. */
    private static String escaped(String text) {
        String quoted = TextNode.valueOf(text).toString();
        return quoted.substring(1, quoted.length() - 1);
    }
}
