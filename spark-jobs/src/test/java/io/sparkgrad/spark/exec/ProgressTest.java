package io.sparkgrad.spark.exec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The live progress line on a terminal: rewritten in place with rate, elapsed time and ETA. */
class ProgressTest {

    @Test
    void onATerminalOneLineIsRewrittenInPlaceWithRateAndEta() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(true, new PrintStream(bytes, true, StandardCharsets.UTF_8), 10);
        p.iteration(1, 100, 1, 0.5, "loss 0.69");
        p.iteration(2, 100, 2, 1.0, "loss 0.5");
        p.finish(2, "unused on a terminal");
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertEquals("\riteration 1/100  loss 0.69  2.00 it/s  elapsed 0:01  ETA 0:50"
                + "\riteration 2/100  loss 0.5  2.00 it/s  elapsed 0:01  ETA 0:49 \n", out.replace(System.lineSeparator(), "\n"));
    }

    @Test
    void clockShowsMinutesAndHours() {
        assertEquals("0:07", Progress.clock(7.4));
        assertEquals("2:05", Progress.clock(125));
        assertEquals("1:01:01", Progress.clock(3661));
        assertEquals("?", Progress.clock(Double.POSITIVE_INFINITY));
    }

    @Test
    void offATerminalNothingIsWrittenToTheLiveStream() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Progress p = new Progress(false, new PrintStream(bytes, true, StandardCharsets.UTF_8), 10);
        for (int it = 1; it <= 25; it++) {
            p.iteration(it, 25, it, it * 0.1, "x");
        }
        p.finish(25, "last");
        assertTrue(bytes.toString(StandardCharsets.UTF_8).isEmpty(), "lines go to the log instead");
    }
}
