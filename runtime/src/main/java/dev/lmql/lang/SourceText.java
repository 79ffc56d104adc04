package dev.lmql.lang;

import java.util.Arrays;

/** Maps offsets of one source string to lines and columns, and cuts caret excerpts for error messages. */
final class SourceText {
    private final String text;
    private final int[] lineStarts;

    SourceText(String text) {
        this.text = text;
        int[] starts = new int[8];
        int count = 1;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                if (count == starts.length) {
                    starts = Arrays.copyOf(starts, count * 2);
                }
                starts[count++] = i + 1;
            }
        }
        this.lineStarts = Arrays.copyOf(starts, count);
    }

    String text() {
        return text;
    }

    SourcePosition positionAt(int offset) {
        int clamped = Math.max(0, Math.min(offset, text.length()));
        int line = lineIndex(clamped);
        return new SourcePosition(clamped, line + 1, clamped - lineStarts[line] + 1);
    }

    /** The line holding the offset, then a caret line pointing at it (tabs kept so the caret lines up). */
    String excerpt(int offset) {
        int clamped = Math.max(0, Math.min(offset, text.length()));
        int line = lineIndex(clamped);
        int start = lineStarts[line];
        int end = line + 1 < lineStarts.length ? lineStarts[line + 1] - 1 : text.length();
        if (end > start && text.charAt(end - 1) == '\r') {
            end--;
        }
        StringBuilder caret = new StringBuilder();
        for (int i = start; i < clamped; i++) {
            caret.append(text.charAt(i) == '\t' ? '\t' : ' ');
        }
        return text.substring(start, end) + "\n" + caret + "^";
    }

    QuerySyntaxException error(String reason, int offset) {
        return new QuerySyntaxException(reason, positionAt(offset), excerpt(offset));
    }

    private int lineIndex(int offset) {
        int found = Arrays.binarySearch(lineStarts, offset);
        return found >= 0 ? found : -found - 2;
    }
}
