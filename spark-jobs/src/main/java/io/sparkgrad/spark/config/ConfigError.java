package io.sparkgrad.spark.config;

/**
 * A job configuration that cannot be used: unknown key, wrong type, value out of range, unreadable
 * file. Raised before any Spark work starts; the job exits with status 2.
 */
public final class ConfigError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ConfigError(String message) {
        super(message);
    }

    public ConfigError(String message, Throwable cause) {
        super(message, cause);
    }
}
