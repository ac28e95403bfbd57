package io.sparkgrad.spark.config;

/**
 * Where the run's model, metrics and summary go (any Hadoop file system URI or local path).
 *
 * @param staleLockSeconds a lock on the output not refreshed for this long (its holder on another
 *     host died) is taken over
 */
public record OutputConfig(String path, boolean overwrite, long staleLockSeconds) {}
