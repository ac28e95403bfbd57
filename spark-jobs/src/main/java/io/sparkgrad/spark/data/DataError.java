package io.sparkgrad.spark.data;

/**
 * Input data the job cannot use: a missing column, a non-numeric cell, a null, a label outside
 * the classes, an empty input. The message names the path, the column and an offending row.
 * Thrown inside Spark tasks too, so it must stay serialisable (it only holds its message).
 */
public final class DataError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DataError(String message) {
        super(message);
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
