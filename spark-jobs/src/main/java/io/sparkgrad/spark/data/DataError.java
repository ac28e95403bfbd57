package io.sparkgrad.spark.data;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Input data the job cannot use: a missing column, a non-numeric cell, a null, a label outside
 * the classes, a malformed record, an empty input. The message names the file, the line (or row)
 * and the column. Thrown inside Spark tasks too, so it must stay serialisable.
 *
 * <p>A task knows a bad row only by its file, the start of its file block and its place in that
 * block; the driver turns that {@link Location} into a line number ({@link LineLocator}) before
 * reporting it. Until then the message carries the location as a token, because Spark hands a
 * task's exception to the driver as text when it cannot keep the object; {@link #find} reads the
 * token back and {@link #userMessage} shows the row index in its place.
 */
public final class DataError extends RuntimeException {
    private static final long serialVersionUID = 3L;
    private static final Pattern TOKEN = Pattern.compile("%LINE\\[([A-Za-z0-9_-]*):(\\d+):(\\d+):(\\d+):([01])]%");

    private final Location location;

    public DataError(String message) {
        super(message);
        this.location = null;
    }

    /** {@code message} names the place of the bad row with {@link #LINE}, filled in once located. */
    DataError(String message, Location location) {
        super(message.replace(LINE, token(location)));
        this.location = location;
    }

    /** Where a message names the line of a bad row. */
    static final String LINE = "%LINE%";

    /**
     * Where a bad row is: {@code recordInBlock} counts the records (from 0) read from the file
     * block that starts at byte {@code blockStart} of {@code file}; {@code row} is its identity
     * ({@link RowIdentity}: its index in the whole input, or its split and offset in it).
     */
    public record Location(String file, long blockStart, long recordInBlock, long row, boolean skipsHeader)
            implements Serializable {}

    /** Where the bad row is, or null when the error is not about one row (or is already located). */
    public Location location() {
        return location;
    }

    /** The message with the line filled in ({@code line < 1}: unknown, the row index is given instead). */
    DataError withLine(long line) {
        String where = line >= 1 ? "line " + line : RowIdentity.describe(location.row());
        return new DataError(TOKEN.matcher(getMessage()).replaceAll(Matcher.quoteReplacement(where)));
    }

    /** The message as a user should read it: an unlocated row shown by its index in the input. */
    public String userMessage() {
        Matcher m = TOKEN.matcher(getMessage());
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(sb, Matcher.quoteReplacement(RowIdentity.describe(Long.parseLong(m.group(4)))));
        }
        return m.appendTail(sb).toString();
    }

    private static String token(Location l) {
        String file = Base64.getUrlEncoder().withoutPadding().encodeToString(l.file().getBytes(StandardCharsets.UTF_8));
        return "%LINE[" + file + ":" + l.blockStart() + ":" + l.recordInBlock() + ":" + l.row() + ":"
                + (l.skipsHeader() ? 1 : 0) + "]%";
    }

    /** A DataError from its message alone, with the location its token holds. */
    private static DataError parse(String message) {
        Matcher m = TOKEN.matcher(message);
        if (!m.find()) {
            return new DataError(message);
        }
        Location l = new Location(new String(Base64.getUrlDecoder().decode(m.group(1)), StandardCharsets.UTF_8),
                Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4)), m.group(5).equals("1"));
        return new DataError(TOKEN.matcher(message).replaceFirst(Matcher.quoteReplacement(LINE)), l);
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
                return parse(nl >= 0 ? rest.substring(0, nl) : rest);
            }
        }
        return null;
    }
}
