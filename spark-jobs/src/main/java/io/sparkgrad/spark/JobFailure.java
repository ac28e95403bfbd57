package io.sparkgrad.spark;

import io.sparkgrad.spark.config.ConfigError;
import io.sparkgrad.spark.data.DataError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a job's failure into its one-line {@code error: ...} on stderr and its exit status:
 * 2 for a configuration or usage error (nothing was run), 1 for anything else.
 */
final class JobFailure {
    private static final Logger LOG = LoggerFactory.getLogger(JobFailure.class);
    static final int CONFIG = 2;
    static final int OTHER = 1;

    private JobFailure() {}

    static int report(Throwable t) {
        if (!expected(t)) {
            // a bug or an environment problem: the one-line message alone would not be enough to fix it
            LOG.error("unexpected failure", t);
        }
        System.err.println("error: " + message(t));
        return t instanceof ConfigError ? CONFIG : OTHER;
    }

    /** Failures whose message says everything: bad configuration, bad data, refused output. */
    private static boolean expected(Throwable t) {
        return t instanceof ConfigError || DataError.find(t) != null || t instanceof IllegalArgumentException
                || t instanceof IllegalStateException || t instanceof java.io.UncheckedIOException;
    }

    /** The message a user should see: a data error wherever Spark wrapped it, else the first line. */
    static String message(Throwable t) {
        if (t instanceof ConfigError) {
            return t.getMessage();
        }
        DataError data = DataError.find(t);
        if (data != null) {
            return data.userMessage();
        }
        Throwable shown = t;
        // Spark's "Job aborted due to stage failure" wraps the task's exception: show the task's.
        while (shown.getCause() != null && shown.getClass().getName().startsWith("org.apache.spark")
                && shown.getCause() != shown) {
            shown = shown.getCause();
        }
        String m = shown.getMessage();
        if (m == null || m.isBlank()) {
            m = shown.getClass().getName();
        }
        int nl = m.indexOf('\n');
        return nl >= 0 ? m.substring(0, nl) : m;
    }
}
