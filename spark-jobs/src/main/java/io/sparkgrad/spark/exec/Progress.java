package io.sparkgrad.spark.exec;

import java.io.PrintStream;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a person watching a run sees: a line as each phase starts and ends, and during training
 * either one live line (on a terminal: iteration i/n, loss, it/s, elapsed, ETA, rewritten in
 * place) or, in a log that is not a terminal (a scheduler's), a plain line every
 * {@code training.logEvery} iterations and at the end.
 */
public final class Progress {
    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

    private final boolean terminal;
    private final PrintStream live;
    private final int logEvery;
    private int liveWidth;
    private int lastLogged = -1;

    /** @param logEvery log every k-th iteration when not on a terminal */
    public Progress(int logEvery) {
        this(System.console() != null && !"dumb".equals(System.getenv("TERM")), System.err, logEvery);
    }

    Progress(boolean terminal, PrintStream live, int logEvery) {
        this.terminal = terminal;
        this.live = live;
        this.logEvery = Math.max(1, logEvery);
    }

    /** Starts a phase: the line says what is being done, and where. */
    public static long phase(String what) {
        LOG.info("sparkgrad: {} ...", what);
        return System.nanoTime();
    }

    /** Ends a phase started at {@code startNanos}, with what it found. */
    public static double done(long startNanos, String what) {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        LOG.info(String.format(Locale.ROOT, "sparkgrad: %s (%.1f s)", what, seconds));
        return seconds;
    }

    /**
     * Reports iteration {@code it} of {@code last}, {@code done} of this run's iterations taking
     * {@code elapsed} seconds so far.
     */
    public void iteration(int it, int last, int done, double elapsed, String figures) {
        double rate = done / Math.max(elapsed, 1e-9);
        double eta = (last - it) / Math.max(rate, 1e-9);
        String line = String.format(Locale.ROOT, "iteration %d/%d  %s  %.2f it/s  elapsed %s  ETA %s", it, last, figures,
                rate, clock(elapsed), clock(eta));
        if (terminal) {
            String padded = line.length() < liveWidth ? line + " ".repeat(liveWidth - line.length()) : line;
            live.print("\r" + padded);
            live.flush();
            liveWidth = line.length();
        } else if (it % logEvery == 0 || it == last) {
            LOG.info(line);
            lastLogged = it;
        }
    }

    /**
     * Ends the live line (on a terminal), or logs iteration {@code lastIteration}'s line
     * {@code lastLine} when the every-k rule skipped it (a run that stopped early).
     */
    public void finish(int lastIteration, String lastLine) {
        if (terminal) {
            if (liveWidth > 0) {
                live.println();
                liveWidth = 0;
            }
        } else if (lastLine != null && lastLogged != lastIteration) {
            LOG.info(lastLine);
        }
    }

    static String clock(double seconds) {
        if (!Double.isFinite(seconds)) {
            return "?";
        }
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
