package io.sparkgrad.spark.config;

/** Where the run's model, metrics and summary go (any Hadoop file system URI or local path). */
public record OutputConfig(String path, boolean overwrite) {}
