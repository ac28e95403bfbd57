package io.sparkgrad.spark.config;

import io.sparkgrad.spark.model.ModelSpec;
import java.io.Serializable;

/**
 * What a fit needs besides the rows: how to read them, the model, the optimizer and the loop.
 * Both doors map onto it — a job's HOCON configuration ({@link JobConfig#fit()}) and the Spark ML
 * estimators' params — and {@code TrainingCore} runs it.
 */
public record FitConfig(DataConfig data, ModelSpec model, OptimizerConfig optimizer, TrainingConfig training)
        implements Serializable {}
