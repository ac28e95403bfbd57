package io.sparkgrad.spark.config;

import java.io.Serializable;
import java.util.List;

/**
 * Where the training table is and how to turn it into feature rows.
 *
 * @param features feature column names; empty means every column except the label
 * @param dropInvalid {@code data.invalid = drop}: rows with nulls, non-numbers or bad labels are
 *     dropped and counted instead of failing the job
 * @param stratify hold out {@code validationFraction} of every class (classifiers)
 * @param weight a column of per-row weights; empty for none
 * @param classWeights {@code model.classWeights}: one weight per class, or null for none
 * @param balancedClassWeights {@code model.classWeights = balanced}: n / (K · n_c), as scikit-learn
 * @param vector an ML Vector column holding the features (dense or sparse); empty for none
 * @param hashing columns hashed into {@code hashingDimension} features (FeatureHasher); empty for none
 * @param numFeatures libsvm: the feature count (0: the largest index found)
 * @param sparse {@code auto}, {@code true} or {@code false}: whether rows are packed as sparse blocks
 * @param order {@code data.order}: {@code canonical} (rows numbered in the whole input and shuffled
 *     by that index, whatever the files' layout) or {@code split} (by input split and offset, no
 *     counting pass and no shuffle)
 * @param offset a column added to each row's linear predictor with coefficient 1 (MLlib
 *     GeneralizedLinearRegression's {@code offsetCol}; glm only); empty for none
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
        int blockRows,
        boolean stratify,
        String weight,
        double[] classWeights,
        boolean balancedClassWeights,
        String vector,
        List<String> hashing,
        int hashingDimension,
        int numFeatures,
        String sparse,
        String order,
        String offset)
        implements Serializable {

    /** Whether the features are a vector column, hashed columns or libsvm indices (the sparse-capable inputs). */
    public boolean vectorInput() {
        return format.equals("libsvm") || !vector.isEmpty() || !hashing.isEmpty();
    }

    /** Whether rows carry weights other than 1 (a weight column or class weights). */
    public boolean weighted() {
        return !weight.isEmpty() || classWeights != null || balancedClassWeights;
    }
}
