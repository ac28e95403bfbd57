package io.sparkgrad.spark.data;

import java.io.Serializable;

/**
 * Input data the job cannot use: a missing column, a non-numeric cell, a null, a label outside
 * the classes, a malformed record, an empty input. The message names the file, the line (or row)
 * and the column. Thrown inside Spark tasks too, so it must stay serialisable.
 *
 * <p>A task knows a bad row only by its file, the start of its file block and its place in that
 * block; the driver turns that {@link Location} into a line number ({@link LineLocator}) before
 * reporting it, so the message is first written with a {@code %LINE%} placeholder.
 */
public final class DataError extends RuntimeException {
    private static final long serialVersionUID = 2L;
    static final String LINE = "%LINE%";

    private final Location location;

    public DataError(String message) {
        this(message, null);
    }

    DataError(String message, Location location) {
        super(message);
        this.location = location;
    }

    /**
     * Where a bad row is: {@code recordInBlock} counts the records (from 0) read from the file
     * block that starts at byte {@code blockStart} of {@code file}; {@code row} is its index in
     * the whole input (from 0).
     */
    public record Location(String file, long blockStart, long recordInBlock, long row, boolean skipsHeader)
            implements Serializable {}

    /** Where the bad row is, or null when the error is not about one row (or is already located). */
    public Location location() {
        return location;
    }

    /** The message with the line filled in ({@code line < 1}: unknown, the row index is given instead). */
    DataError withLine(long line) {
        String where = line >= 1 ? "line " + line : "row " + location.row();
        return new DataError(getMessage().replace(LINE, where));
    }

    @Override
    public String getMessage() {
        String m = super.getMessage();
        return location == null || m == null ? m : m.replace(LINE, "row " + location.row());
    }

    String rawMessage() {
        return super.getMessage();
    }

    /**
     * Finds a {@code DataError} in a failure's cause chain: Spark wraps exceptions thrown by tasks
     * in a {@code SparkException}, keeping the original as the cause when it can deserialise it,
     * and otherwise only its {@code toString()} in the message.
     */
    public static DataError find(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof DataError d) {
                return d;
            }
            String msg = c.getMessage();
            String marker = DataError.class.getName() + ": ";
            if (msg != null && msg.contains(marker)) {
                String rest = msg.substring(msg.indexOf(marker) + marker.length());
                int nl = rest.indexOf('\n');
                return new DataError(nl >= 0 ? rest.substring(0, nl) : rest);
            }
        }
        return null;
    }
}
