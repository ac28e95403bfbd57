package io.sparkgrad.spark.state;

import io.sparkgrad.optim.OptimizerState;
import io.sparkgrad.optim.lr.SchedulerState;

/**
 * The state of the iteration with the best validation so far (early stopping's restore point), as a
 * checkpoint saves it next to its own: the iteration, its parameters, optimizer state and schedule.
 */
public record BestIterate(int iteration, ParameterVector parameters, OptimizerState optimizer, SchedulerState schedule) {}
