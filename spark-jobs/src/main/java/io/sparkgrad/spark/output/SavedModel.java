package io.sparkgrad.spark.output;

import io.sparkgrad.optim.lr.SchedulerState;
import io.sparkgrad.spark.model.ModelSpec;
import io.sparkgrad.tensor.Tensor;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * A trained model as stored in a model directory: the spec, the data description needed to score
 * new rows (feature names in order, standardisation), and the parameters.
 *
 * @param means subtracted from each feature before scoring (zeros without standardisation)
 * @param stds each feature is divided by these after subtracting the mean (ones without)
 * @param iterations training iterations behind these parameters, summed over resumed runs
 * @param schedule the learning-rate scheduler's state, to continue the schedule; null without one
 */
public record SavedModel(ModelSpec spec, List<String> features, String label, boolean standardized, double[] means,
        double[] stds, LinkedHashMap<String, Tensor> parameters, int iterations, SchedulerState schedule) {}
