package io.sparkgrad.spark.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FSDataInputStream;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.io.compress.CompressionCodec;
import org.apache.hadoop.io.compress.CompressionCodecFactory;

/**
 * Turns a bad row's {@link DataError.Location} into the 1-based line of its file, on the driver
 * and only when reporting an error. It follows what Spark's line-based readers do: a file block
 * that does not start the file begins after the first line break at or after its start; blank
 * lines hold no record; a CSV header is the first line of the file.
 */
public final class LineLocator {
    private LineLocator() {}

    /**
     * Fills in the line of {@code e}'s location when it has one (else returns {@code e}); a file
     * that cannot be read again leaves the row index in the message instead.
     */
    public static DataError locate(Configuration conf, DataError e) {
        DataError.Location loc = e.location();
        if (loc == null) {
            return e;
        }
        long line;
        try {
            line = line(conf, loc);
        } catch (IOException | RuntimeException ex) {
            line = -1;
        }
        return e.withLine(line);
    }

    /** The located error for any failure holding a {@link DataError}; null when it holds none. */
    public static DataError locate(Configuration conf, Throwable t) {
        DataError d = DataError.find(t);
        return d == null ? null : locate(conf, d);
    }

    /**
     * What to throw for a failed Spark action: the located {@link DataError} it holds, else the
     * failure itself (Spark's exceptions are checked in Java's eyes but undeclared, so it is
     * rethrown as it is).
     */
    public static RuntimeException rethrow(Configuration conf, Exception e) {
        DataError located = locate(conf, e);
        if (located != null) {
            return located;
        }
        return LineLocator.<RuntimeException>sneaky(e);
    }

    @SuppressWarnings("unchecked")
    private static <E extends Exception> E sneaky(Exception e) throws E {
        throw (E) e;
    }

    static long line(Configuration conf, DataError.Location loc) throws IOException {
        Path p = new Path(loc.file());
        FileSystem fs = p.getFileSystem(conf);
        CompressionCodec codec = new CompressionCodecFactory(conf).getCodec(p);
        long line = 1;
        try (FSDataInputStream raw = fs.open(p)) {
            InputStream in = raw;
            if (codec != null) {
                in = codec.createInputStream(raw);  // not splittable: one block from byte 0
            } else if (loc.blockStart() > 0) {
                line += countNewlinesBefore(raw, loc.blockStart());
                // the block's first record starts after the first line break at or after its start
                int b;
                while ((b = raw.read()) >= 0 && b != '\n') {
                    // skipping the tail of a line the previous block owns
                }
                line++;
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16);
            boolean headerPending = loc.skipsHeader() && loc.blockStart() == 0;
            long records = 0;
            for (String s; (s = r.readLine()) != null; line++) {
                if (s.isBlank()) {
                    continue;
                }
                if (headerPending) {
                    headerPending = false;
                    continue;
                }
                if (records++ == loc.recordInBlock()) {
                    return line;
                }
            }
        }
        return -1;
    }

    private static long countNewlinesBefore(FSDataInputStream in, long end) throws IOException {
        byte[] buf = new byte[1 << 16];
        long pos = 0;
        long count = 0;
        while (pos < end) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, end - pos));
            if (n < 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    count++;
                }
            }
            pos += n;
        }
        return count;
    }
}
