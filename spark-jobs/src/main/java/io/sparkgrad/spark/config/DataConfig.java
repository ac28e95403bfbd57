package io.sparkgrad.spark.config;

import java.io.Serializable;
import java.util.List;

/**
 * Where the training table is and how to turn it into feature rows.
 *
 * @param features feature column names; empty means every column except the label
 * @param dropInvalid {@code data.invalid = drop}: rows with nulls, non-numbers or bad labels are
 *     dropped and counted instead of failing the job
 */
public record DataConfig(
        String path,
        String format,
        boolean header,
        String delimiter,
        List<String> features,
        String label,
        double validationFraction,
        long seed,
        boolean standardize,
        boolean dropInvalid,
        int blockRows)
        implements Serializable {}
