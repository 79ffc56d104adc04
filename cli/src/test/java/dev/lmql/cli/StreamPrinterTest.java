package dev.lmql.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** The --stream printer: growing lines that end exactly as the non-streamed lines would read. */
class StreamPrinterTest {
    private final StringWriter text = new StringWriter();
    private final StreamPrinter printer = new StreamPrinter(new PrintWriter(text));

    @Test
    void partialTextIsEscapedPieceByPieceAndTheValueEndsTheLine() {
        printer.onPartial(0, "X", "He said \"");
        assertThat(text.toString()).isEqualTo("X = \"He said \\\"");
        printer.onPartial(0, "X", "He said \"hi\"\n\t");
        printer.onValue(0, "X", "He said \"hi\"\n\tbye"); // the value may add text that was held back
        printer.onValue(0, "N", 42L);
        assertThat(text.toString()).isEqualTo("X = " + StreamPrinter.render("He said \"hi\"\n\tbye") + "\n"
                + "N = 42\n");
    }

    @Test
    void otherResultsPrintWholeLinesWhenTheirHoleIsDone() {
        printer.onPartial(0, "X", "a");
        printer.onPartial(1, "X", "b");
        printer.onPartial(0, "X", "ab");
        printer.onValue(0, "X", "abc");
        printer.onValue(1, "X", "bcd");
        assertThat(text.toString()).isEqualTo("X = \"abc\"\n[2] X = \"bcd\"\n");
    }

    @Test
    void aLineLeftOpenByAFailureIsEnded() {
        printer.onPartial(0, "X", "Once upon");
        printer.endOpenLine();
        printer.endOpenLine();
        assertThat(text.toString()).isEqualTo("X = \"Once upon\n");
    }
}
