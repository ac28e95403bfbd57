package io.sparkgrad.spark.model;

import java.util.Map;

/**
 * What a model needs to know about the data and the user's settings to build itself.
 *
 * @param numFeatures width of a feature row
 * @param classes number of classes (2 for binary, 0 for regression)
 * @param options {@code model.options} from the configuration, as strings
 */
public record ModelContext(int numFeatures, Task task, int classes, Map<String, String> options) {}
