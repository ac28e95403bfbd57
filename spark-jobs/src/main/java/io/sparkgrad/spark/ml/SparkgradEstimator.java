package io.sparkgrad.spark.ml;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import io.sparkgrad.spark.config.ConfigError;
import io.sparkgrad.spark.config.FitConfig;
import io.sparkgrad.spark.config.JobConfig;
import io.sparkgrad.spark.data.TableReader;
import io.sparkgrad.spark.output.Checkpoints;
import io.sparkgrad.spark.output.TrainingSnapshot;
import io.sparkgrad.spark.train.TrainingCore;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.ml.Estimator;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.ParamMap;
import org.apache.spark.ml.param.ParamValidators;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.DefaultParamsWritable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

/**
 * What {@link SparkgradClassifier} and {@link SparkgradRegressor} share: their params — Spark
 * ML's names where Spark ML has one ({@code featuresCol}, {@code labelCol}, {@code weightCol},
 * {@code maxIter}, {@code tol}, {@code regParam}, {@code elasticNetParam}, {@code standardization}, {@code seed},
 * {@code aggregationDepth}, {@code blockSize}, {@code checkpointInterval}), sparkgrad's own for
 * the rest — and the fit itself, which maps them onto the job's configuration keys and runs the
 * one training core both doors share ({@link TrainingCore}): the same checks, errors,
 * determinism, task-retry and resume guarantees as {@code TrainJob}.
 *
 * <p>Features come from the {@code featuresCol} ML {@code Vector} column (dense or sparse, as
 * {@code VectorAssembler} makes it; feature names from its ML attributes when it has them), or,
 * with {@code featureCols} set, from those numeric columns. {@code config} takes any other job
 * configuration key as HOCON ({@code "optimizer.beta2 = 0.99"}); the params win over it.
 *
 * @param <E> the estimator itself (setters return it)
 * @param <M> the model it fits
 */
public abstract class SparkgradEstimator<E extends SparkgradEstimator<E, M>, M extends Model<M>> extends Estimator<M>
        implements DefaultParamsWritable {
    private static final long serialVersionUID = 1L;

    private final String uid;

    protected SparkgradEstimator(String uid) {
        // the uid first: every param names its parent's uid when it is made
        this.uid = uid;
        featuresCol = new Param<>(this, "featuresCol", "features column name (an ML Vector)");
        labelCol = new Param<>(this, "labelCol", "label column name");
        weightCol = new Param<>(this, "weightCol", "weight column name; empty: every row weighs 1");
        config = new Param<>(this, "config", "further job configuration keys as HOCON, e.g. \"optimizer.beta2 = 0.99\"; "
                + "the params win over it");
        predictionCol = new Param<>(this, "predictionCol", "prediction column name");
        maxIter = new IntParam(this, "maxIter", "maximum number of iterations (>= 1)", ParamValidators.gtEq(1));
        tol = new DoubleParam(this, "tol", "convergence tolerance on the objective's relative change (-1: the optimizer's default)");
        regParam = new DoubleParam(this, "regParam", "regularization strength (>= 0), on weights only, as MLlib's "
                + "LogisticRegression and LinearRegression: regParam * (elasticNetParam * L1 + (1 - elasticNetParam) / 2 * "
                + "L2 norm squared), on the standardized coefficients when standardization is true",
                ParamValidators.gtEq(0));
        elasticNetParam = new DoubleParam(this, "elasticNetParam", "the ElasticNet mixing parameter in [0, 1], as MLlib's: "
                + "0 is an L2 penalty, 1 an L1 penalty (fitted by OWL-QN with lbfgs, exact zeros)",
                ParamValidators.inRange(0, 1));
        standardization = new BooleanParam(this, "standardization", "whether to standardize the features before fitting");
        seed = new LongParam(this, "seed", "random seed (initial parameters, hold-out)");
        aggregationDepth = new IntParam(this, "aggregationDepth", "depth of the gradient merge tree", ParamValidators.inRange(1, 10));
        blockSize = new IntParam(this, "blockSize", "rows stacked into one block for the engine (0: 4096 dense, 65536 "
                + "sparse)", ParamValidators.gtEq(0));
        checkpointInterval = new IntParam(this, "checkpointInterval", "checkpoint every k iterations into checkpointDir (0: never)", ParamValidators.gtEq(0));
        featureCols = new StringArrayParam(this, "featureCols", "numeric feature columns, used instead of featuresCol when set");
        l1 = new DoubleParam(this, "l1", "further L1 regularization (>= 0), on weights only, added to regParam * "
                + "elasticNetParam", ParamValidators.gtEq(0));
        numPartitions = new IntParam(this, "numPartitions", "partitions the rows are spread over (0: Spark's default parallelism)", ParamValidators.gtEq(0));
        modelType = new Param<>(this, "modelType", "the model: linear, logistic, softmax, glm (regressor), mlp, fm or class (empty: the convex model the "
                + "task needs; a regressor with a GLM param set is a glm)");
        factorSize = new IntParam(this, "factorSize", "fm: dimensionality of the factor vectors, which give the pairwise "
                + "interactions between features", ParamValidators.inRange(1, 10_000));
        fitLinear = new BooleanParam(this, "fitLinear", "fm: whether to fit the linear term (aka 1-way term)");
        fitIntercept = new BooleanParam(this, "fitIntercept", "fm and glm: whether to fit an intercept term");
        initStd = new DoubleParam(this, "initStd", "fm: standard deviation of the factors' normal initialisation",
                ParamValidators.gt(0));
        miniBatchFraction = new DoubleParam(this, "miniBatchFraction", "fraction of the rows each iteration uses, drawn "
                + "per row (reproducibly) with this probability", ParamValidators.inRange(0, 1, false, true));
        solver = new Param<>(this, "solver", "fm: adamW (MLlib's default), gd (step learningRate / sqrt(iteration)) or "
                + "lbfgs; regParam is then MLlib's: adamW decays every coefficient by regParam each step, gd adds regParam "
                + "times the coefficients to the gradient, lbfgs adds regParam / 2 · ||w||² (weights only) to the objective "
                + "(empty: adamW for fm; other models use optimizer)");
        hiddenLayers = new IntArrayParam(this, "hiddenLayers", "mlp: hidden layer widths");
        activation = new Param<>(this, "activation", "mlp: relu, tanh, sigmoid or gelu");
        modelClass = new Param<>(this, "modelClass", "class: a io.sparkgrad.spark.model.Model implementation");
        modelOptions = new StringArrayParam(this, "modelOptions", "class: key=value settings handed to the model");
        optimizer = new Param<>(this, "optimizer", "lbfgs, sgd, adam or adamw (empty: lbfgs for convex models, adam otherwise)");
        learningRate = new DoubleParam(this, "learningRate", "the optimizer's lr (-1: its default)");
        validationFraction = new DoubleParam(this, "validationFraction", "share of rows held out (stratified for classifiers) for validation metrics and early stopping", ParamValidators.inRange(0, 1, true, false));
        validateEvery = new IntParam(this, "validateEvery", "compute validation metrics every k iterations (0: only at the end)", ParamValidators.gtEq(0));
        earlyStoppingMetric = new Param<>(this, "earlyStoppingMetric", "stop when this validation metric stops improving, keeping the best parameters (empty: never)");
        earlyStoppingPatience = new IntParam(this, "earlyStoppingPatience", "validations without improvement before early stopping", ParamValidators.gtEq(1));
        checkpointDir = new Param<>(this, "checkpointDir", "where checkpoints go (empty: SparkContext's checkpoint directory)");
        resumeFrom = new Param<>(this, "resumeFrom", "a run, model, checkpoint or checkpoint directory to continue from");
        setDefault(featuresCol, "features");
        setDefault(labelCol, "label");
        setDefault(weightCol, "");
        setDefault(predictionCol, "prediction");
        setDefault(featureCols, new String[0]);
        setDefault(maxIter, 100);
        setDefault(tol, -1.0);
        setDefault(regParam, 0.0);
        setDefault(elasticNetParam, 0.0);
        setDefault(l1, 0.0);
        setDefault(standardization, true);
        setDefault(seed, 42L);
        setDefault(aggregationDepth, 2);
        setDefault(blockSize, 0);
        setDefault(numPartitions, 0);
        setDefault(modelType, "");
        setDefault(factorSize, 8);
        setDefault(fitLinear, true);
        setDefault(fitIntercept, true);
        setDefault(initStd, 0.01);
        setDefault(miniBatchFraction, 1.0);
        setDefault(solver, "");
        setDefault(hiddenLayers, new int[] {64});
        setDefault(activation, "relu");
        setDefault(modelClass, "");
        setDefault(modelOptions, new String[0]);
        setDefault(optimizer, "");
        setDefault(learningRate, -1.0);
        setDefault(validationFraction, 0.0);
        setDefault(validateEvery, 0);
        setDefault(earlyStoppingMetric, "");
        setDefault(earlyStoppingPatience, 5);
        setDefault(checkpointInterval, 0);
        setDefault(checkpointDir, "");
        setDefault(resumeFrom, "");
        setDefault(config, "");
    }

    @Override
    public String uid() {
        return uid;
    }

    @SuppressWarnings("unchecked")
    private E self() {
        return (E) this;
    }

    // ------------------------------------------------------------------ Spark ML's params

    private final Param<String> featuresCol;
    private final Param<String> labelCol;
    private final Param<String> weightCol;
    private final Param<String> predictionCol;
    private final IntParam maxIter;
    private final DoubleParam tol;
    private final DoubleParam regParam;
    private final DoubleParam elasticNetParam;
    private final BooleanParam standardization;
    private final LongParam seed;
    private final IntParam aggregationDepth;
    private final IntParam blockSize;
    private final IntParam checkpointInterval;

    public Param<String> featuresCol() {
        return featuresCol;
    }

    public Param<String> labelCol() {
        return labelCol;
    }

    public Param<String> weightCol() {
        return weightCol;
    }

    public Param<String> predictionCol() {
        return predictionCol;
    }

    public IntParam maxIter() {
        return maxIter;
    }

    public DoubleParam tol() {
        return tol;
    }

    public DoubleParam regParam() {
        return regParam;
    }

    public DoubleParam elasticNetParam() {
        return elasticNetParam;
    }

    public BooleanParam standardization() {
        return standardization;
    }

    public LongParam seed() {
        return seed;
    }

    public IntParam aggregationDepth() {
        return aggregationDepth;
    }

    public IntParam blockSize() {
        return blockSize;
    }

    public IntParam checkpointInterval() {
        return checkpointInterval;
    }

    // ------------------------------------------------------------------ sparkgrad's own

    private final StringArrayParam featureCols;
    private final DoubleParam l1;
    private final IntParam numPartitions;
    private final Param<String> modelType;
    private final IntParam factorSize;
    private final BooleanParam fitLinear;
    private final BooleanParam fitIntercept;
    private final DoubleParam initStd;
    private final DoubleParam miniBatchFraction;
    private final Param<String> solver;
    private final IntArrayParam hiddenLayers;
    private final Param<String> activation;
    private final Param<String> modelClass;
    private final StringArrayParam modelOptions;
    private final Param<String> optimizer;
    private final DoubleParam learningRate;
    private final DoubleParam validationFraction;
    private final IntParam validateEvery;
    private final Param<String> earlyStoppingMetric;
    private final IntParam earlyStoppingPatience;
    private final Param<String> checkpointDir;
    private final Param<String> resumeFrom;
    private final Param<String> config;

    public StringArrayParam featureCols() {
        return featureCols;
    }

    public DoubleParam l1() {
        return l1;
    }

    public IntParam numPartitions() {
        return numPartitions;
    }

    public Param<String> modelType() {
        return modelType;
    }

    public IntParam factorSize() {
        return factorSize;
    }

    public BooleanParam fitLinear() {
        return fitLinear;
    }

    public BooleanParam fitIntercept() {
        return fitIntercept;
    }

    public DoubleParam initStd() {
        return initStd;
    }

    public DoubleParam miniBatchFraction() {
        return miniBatchFraction;
    }

    public Param<String> solver() {
        return solver;
    }

    public IntArrayParam hiddenLayers() {
        return hiddenLayers;
    }

    public Param<String> activation() {
        return activation;
    }

    public Param<String> modelClass() {
        return modelClass;
    }

    public StringArrayParam modelOptions() {
        return modelOptions;
    }

    public Param<String> optimizer() {
        return optimizer;
    }

    public DoubleParam learningRate() {
        return learningRate;
    }

    public DoubleParam validationFraction() {
        return validationFraction;
    }

    public IntParam validateEvery() {
        return validateEvery;
    }

    public Param<String> earlyStoppingMetric() {
        return earlyStoppingMetric;
    }

    public IntParam earlyStoppingPatience() {
        return earlyStoppingPatience;
    }

    public Param<String> checkpointDir() {
        return checkpointDir;
    }

    public Param<String> resumeFrom() {
        return resumeFrom;
    }

    public Param<String> config() {
        return config;
    }

    // ------------------------------------------------------------------ setters

    public E setFeaturesCol(String v) {
        set(featuresCol, v);
        return self();
    }

    public E setFeatureCols(String... v) {
        set(featureCols, v);
        return self();
    }

    public E setLabelCol(String v) {
        set(labelCol, v);
        return self();
    }

    public E setWeightCol(String v) {
        set(weightCol, v);
        return self();
    }

    public E setPredictionCol(String v) {
        set(predictionCol, v);
        return self();
    }

    public E setMaxIter(int v) {
        set(maxIter, v);
        return self();
    }

    public E setTol(double v) {
        set(tol, v);
        return self();
    }

    public E setRegParam(double v) {
        set(regParam, v);
        return self();
    }

    public E setElasticNetParam(double v) {
        set(elasticNetParam, v);
        return self();
    }

    public E setL1(double v) {
        set(l1, v);
        return self();
    }

    public E setStandardization(boolean v) {
        set(standardization, v);
        return self();
    }

    public E setSeed(long v) {
        set(seed, v);
        return self();
    }

    public E setAggregationDepth(int v) {
        set(aggregationDepth, v);
        return self();
    }

    public E setBlockSize(int v) {
        set(blockSize, v);
        return self();
    }

    public E setNumPartitions(int v) {
        set(numPartitions, v);
        return self();
    }

    public E setModelType(String v) {
        set(modelType, v);
        return self();
    }

    public E setFactorSize(int v) {
        set(factorSize, v);
        return self();
    }

    public E setFitLinear(boolean v) {
        set(fitLinear, v);
        return self();
    }

    public E setFitIntercept(boolean v) {
        set(fitIntercept, v);
        return self();
    }

    public E setInitStd(double v) {
        set(initStd, v);
        return self();
    }

    public E setMiniBatchFraction(double v) {
        set(miniBatchFraction, v);
        return self();
    }

    public E setSolver(String v) {
        set(solver, v);
        return self();
    }

    public E setHiddenLayers(int... v) {
        set(hiddenLayers, v);
        return self();
    }

    public E setActivation(String v) {
        set(activation, v);
        return self();
    }

    public E setModelClass(String v) {
        set(modelClass, v);
        return self();
    }

    public E setModelOptions(String... keyEqualsValue) {
        set(modelOptions, keyEqualsValue);
        return self();
    }

    public E setOptimizer(String v) {
        set(optimizer, v);
        return self();
    }

    public E setLearningRate(double v) {
        set(learningRate, v);
        return self();
    }

    public E setValidationFraction(double v) {
        set(validationFraction, v);
        return self();
    }

    public E setValidateEvery(int v) {
        set(validateEvery, v);
        return self();
    }

    public E setEarlyStoppingMetric(String v) {
        set(earlyStoppingMetric, v);
        return self();
    }

    public E setEarlyStoppingPatience(int v) {
        set(earlyStoppingPatience, v);
        return self();
    }

    public E setCheckpointInterval(int v) {
        set(checkpointInterval, v);
        return self();
    }

    public E setCheckpointDir(String v) {
        set(checkpointDir, v);
        return self();
    }

    public E setResumeFrom(String v) {
        set(resumeFrom, v);
        return self();
    }

    public E setConfig(String hocon) {
        set(config, hocon);
        return self();
    }

    // ------------------------------------------------------------------ the fit

    /** The model type, task settings and class count for this fit; keys of the job configuration. */
    abstract Map<String, Object> modelKeys(Dataset<Row> df);

    /** Builds the fitted model from the core's result. */
    abstract M model(TrainingCore.Fitted fitted, List<String> inputFeatures);

    @Override
    public M fit(Dataset<?> dataset) {
        checkSchema(dataset.schema(), true);
        Dataset<Row> df = dataset.toDF();
        SparkSession spark = df.sparkSession();
        String label = getOrDefault(labelCol);
        String weight = getOrDefault(weightCol);
        String description = "the DataFrame given to " + getClass().getSimpleName() + ".fit";
        FitConfig cfg;
        TableReader.Table table;
        FeatureColumns features;
        if (getOrDefault(featureCols).length == 0) {
            // the vector column read as it is, never expanded into columns: packed into sparse
            // blocks when wide or sparse, else into dense ones straight from the vectors
            features = null;
            boolean sparse = FeatureColumns.wideOrSparse(df, getOrDefault(featuresCol));
            cfg = fitConfig(df, List.of(), sparse, description);
            table = TableReader.fromDataFrame(df, description);
        } else {
            features = FeatureColumns.of(df, getOrDefault(featuresCol), getOrDefault(featureCols));
            cfg = fitConfig(df, features.names(), false, description);
            table = TableReader.fromDataFrame(features.select(df, label, weight, offsetColumn()), description);
        }
        String resume = getOrDefault(resumeFrom);
        var hadoop = spark.sparkContext().hadoopConfiguration();
        TrainingSnapshot previous = resume.isBlank() ? null : TrainingSnapshot.read(hadoop, resume);
        Checkpoints checkpoints = null;
        if ((int) (Integer) getOrDefault(checkpointInterval) > 0) {
            try {
                Path dir = new Path(cfg.training().checkpointDir());
                FileSystem fs = dir.getFileSystem(hadoop);
                checkpoints = new Checkpoints(fs, dir);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("checkpointDir: " + e.getMessage(), e);
            }
        }
        TrainingCore.Fitted fitted = TrainingCore.fit(spark, table, cfg, previous, resume, checkpoints);
        if (checkpoints != null && !checkpoints.isEmpty()) {
            checkpoints.deleteAll();  // the fitted model supersedes them
        }
        return copyValues(model(fitted, features == null ? fitted.model().features() : features.names()).setParent(this),
                ParamMap.empty());
    }

    /**
     * The params as the fit's configuration, read and checked by the job's own reader of the
     * data, model, optimizer and training keys ({@link JobConfig#fit(Config)}) from their typed
     * values (no text is written or parsed but the {@code config} param's), with no output.
     */
    FitConfig fitConfig(Dataset<Row> df, List<String> featureNames, boolean sparse, String description) {
        Map<String, Object> keys = new LinkedHashMap<>();
        keys.put("data.path", description);
        if (featureNames.isEmpty()) {
            keys.put("data.vector", getOrDefault(featuresCol));
            keys.put("data.sparse", String.valueOf(sparse));
        } else {
            keys.put("data.features", featureNames);
        }
        keys.put("data.label", getOrDefault(labelCol));
        if (!getOrDefault(weightCol).isEmpty()) {
            keys.put("data.weight", getOrDefault(weightCol));
        }
        keys.put("data.validationFraction", (double) (Double) getOrDefault(validationFraction));
        keys.put("data.seed", (long) (Long) getOrDefault(seed));
        keys.put("data.standardize", (boolean) (Boolean) getOrDefault(standardization));
        keys.put("data.blockRows", (int) (Integer) getOrDefault(blockSize));
        keys.putAll(modelKeys(df));
        if (!getOrDefault(optimizer).isEmpty()) {
            keys.put("optimizer.type", getOrDefault(optimizer));
        }
        if ((double) (Double) getOrDefault(learningRate) > 0) {
            keys.put("optimizer.lr", (double) (Double) getOrDefault(learningRate));
        }
        keys.put("training.maxIterations", (int) (Integer) getOrDefault(maxIter));
        if ((double) (Double) getOrDefault(tol) >= 0) {
            keys.put("training.tolerance", (double) (Double) getOrDefault(tol));
        }
        keys.putAll(penaltyKeys(String.valueOf(keys.get("model.type"))));
        keys.put("training.miniBatchFraction", (double) (Double) getOrDefault(miniBatchFraction));
        keys.putAll(solverKeys());
        keys.put("training.aggregationDepth", (int) (Integer) getOrDefault(aggregationDepth));
        keys.put("training.partitions", (int) (Integer) getOrDefault(numPartitions));
        if ((int) (Integer) getOrDefault(numPartitions) > 0) {
            // spreading the rows over numPartitions is data.order = canonical's shuffle; by default
            // each of the DataFrame's partitions is one partition of blocks, read in one pass
            keys.put("data.order", "canonical");
        }
        keys.put("training.seed", (long) (Long) getOrDefault(seed));
        keys.put("training.validateEvery", (int) (Integer) getOrDefault(validateEvery));
        if (!getOrDefault(earlyStoppingMetric).isEmpty()) {
            keys.put("training.earlyStopping.metric", getOrDefault(earlyStoppingMetric));
            keys.put("training.earlyStopping.patience", (int) (Integer) getOrDefault(earlyStoppingPatience));
        }
        keys.put("training.checkpointInterval", (int) (Integer) getOrDefault(checkpointInterval));
        keys.put("training.checkpointDir", checkpointDirectory(df));
        if (!getOrDefault(resumeFrom).isEmpty()) {
            keys.put("training.resumeFrom", getOrDefault(resumeFrom));
        }
        Config c = ConfigFactory.parseMap(keys, getClass().getSimpleName() + " params");
        if (!getOrDefault(config).isBlank()) {
            try {
                c = c.withFallback(ConfigFactory.parseString(getOrDefault(config)));
            } catch (com.typesafe.config.ConfigException e) {
                throw new IllegalArgumentException(getClass().getSimpleName() + " config param: " + e.getMessage(), e);
            }
        }
        try {
            return JobConfig.fit(c.resolve());
        } catch (ConfigError e) {
            // the same checks as the job's, named by the key the param maps onto
            throw new IllegalArgumentException(getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * {@code regParam} and {@code elasticNetParam} as the job's penalty keys, with MLlib's meaning.
     * For the linear family that meaning depends on the row count and the label's standard
     * deviation, so they become {@code training.mllibPenalty}, which the training core resolves
     * from the ingest pass's own statistics ({@code train.MllibPenalty}): no pass over the input
     * before it. The {@code l1} param adds to training.l1 as it is. A glm (MLlib's
     * GeneralizedLinearRegression: ½·regParam·‖β‖² beside the mean half-deviance) takes
     * l2 = regParam; other model types l1 = regParam·α, l2 = regParam·(1−α).
     */
    Map<String, Object> penaltyKeys(String modelType) {
        double reg = (Double) getOrDefault(regParam);
        double alpha = (Double) getOrDefault(elasticNetParam);
        double extraL1 = (Double) getOrDefault(l1);
        Map<String, Object> keys = new LinkedHashMap<>();
        if (modelType.equals("glm")) {
            if (alpha != 0) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": elasticNetParam applies to linear and "
                        + "logistic models; a glm (as MLlib's GeneralizedLinearRegression) takes an L2 regParam only; got "
                        + "elasticNetParam " + alpha);
            }
            keys.put("training.l2", reg);
            keys.put("training.l1", 0.0 + extraL1);
        } else if (reg == 0 || !io.sparkgrad.spark.output.LinearCoefficients.TYPES.contains(modelType)) {
            keys.put("training.l2", reg * (1 - alpha));
            keys.put("training.l1", reg * alpha + extraL1);
        } else {
            keys.put("training.l2", 0.0);
            keys.put("training.l1", extraL1);
            keys.put("training.mllibPenalty.regParam", reg);
            keys.put("training.mllibPenalty.elasticNetParam", alpha);
        }
        return keys;
    }

    private String checkpointDirectory(Dataset<Row> df) {
        String dir = getOrDefault(checkpointDir);
        if (!dir.isEmpty()) {
            return dir;
        }
        scala.Option<String> sparkDir = df.sparkSession().sparkContext().getCheckpointDir();
        if (sparkDir.isDefined()) {
            return sparkDir.get() + "/sparkgrad-" + uid;
        }
        if ((int) (Integer) getOrDefault(checkpointInterval) > 0) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": checkpointInterval > 0 needs checkpointDir "
                    + "or SparkContext.setCheckpointDir");
        }
        return "";  // no checkpoints: checkpointInterval is 0
    }

    @Override
    public StructType transformSchema(StructType schema) {
        return checkSchema(schema, false);
    }

    StructType checkSchema(StructType schema, boolean fitting) {
        List<String> names = Arrays.asList(schema.fieldNames());
        String label = getOrDefault(labelCol);
        if (fitting && !names.contains(label)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": label column '" + label + "' not found; "
                    + "columns are " + names);
        }
        FeatureColumns.check(schema, getOrDefault(featuresCol), getOrDefault(featureCols), getClass().getSimpleName());
        if (fitting) {
            checkNumeric(schema, getOrDefault(weightCol), "weight column", "weightCol");
            checkNumeric(schema, offsetColumn(), "offset column", "offsetCol");
        }
        return outputSchema(schema);
    }

    /**
     * Refuses a {@code param} column that {@code schema} lacks or that holds no numbers (a number
     * type, or text holding one per row, as CSV is read); empty {@code column}: none asked for.
     */
    private void checkNumeric(StructType schema, String column, String role, String param) {
        if (column.isEmpty()) {
            return;
        }
        List<String> names = Arrays.asList(schema.fieldNames());
        if (!names.contains(column)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": " + role + " '" + column + "' (" + param
                    + ") not found; columns are " + names);
        }
        org.apache.spark.sql.types.DataType type = schema.apply(column).dataType();
        if (!(type instanceof org.apache.spark.sql.types.NumericType) && !type.equals(org.apache.spark.sql.types.DataTypes.StringType)) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": " + role + " '" + column + "' (" + param
                    + ") has type " + type.simpleString() + "; expected a numeric column");
        }
    }

    /** The input schema with the columns the fitted model appends. */
    abstract StructType outputSchema(StructType schema);

    @Override
    public E copy(ParamMap extra) {
        return defaultCopy(extra);
    }

    /** Reads the label column's largest value: the class count is that plus one (at least 2). */
    static int numClasses(Dataset<Row> df, String label) {
        org.apache.spark.ml.attribute.Attribute a = org.apache.spark.ml.attribute.Attribute.fromStructField(
                df.schema().apply(label));
        if (a instanceof org.apache.spark.ml.attribute.NominalAttribute n && n.getNumValues().isDefined()) {
            return Math.max(2, (int) n.getNumValues().get());
        }
        Row max = df.agg(org.apache.spark.sql.functions.max(org.apache.spark.sql.functions.col(label).cast("double"))).first();
        if (max.isNullAt(0)) {
            throw new IllegalArgumentException("label column '" + label + "' holds no value");
        }
        double m = max.getDouble(0);
        if (m != Math.rint(m) || m < 0 || m >= 1_000_000) {
            throw new IllegalArgumentException("label column '" + label + "' must hold class indices 0, 1, ...; its largest "
                    + "value is " + m);
        }
        return Math.max(2, (int) m + 1);
    }

    /**
     * An fm's {@code solver} as optimizer keys with MLlib's meaning of {@code regParam}: adamW
     * (MLlib's {@code w -= lr · m̂ / (√v̂ + ε) + regParam · w}, which is AdamW with weight decay
     * regParam / lr), gd (SGD at lr / √t, regParam · w added to the gradient, as MLlib's
     * {@code SquaredL2Updater}) or lbfgs (an l2 term in the objective).
     */
    private Map<String, Object> solverKeys() {
        Map<String, Object> keys = new LinkedHashMap<>();
        String s = getOrDefault(solver);
        if (!getOrDefault(modelType).equals("fm")) {
            if (!s.isEmpty()) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": solver applies to modelType fm only "
                        + "(use optimizer); got solver '" + s + "' for modelType '" + getOrDefault(modelType) + "'");
            }
            return keys;
        }
        if (!getOrDefault(optimizer).isEmpty()) {
            throw new IllegalArgumentException(getClass().getSimpleName() + ": an fm takes solver (adamW, gd, lbfgs), not "
                    + "optimizer; got optimizer '" + getOrDefault(optimizer) + "'");
        }
        double reg = (Double) getOrDefault(regParam);
        double lr = (Double) getOrDefault(learningRate);
        switch (s.isEmpty() ? "adamW" : s) {
            case "adamW" -> {
                keys.put("optimizer.type", "adamw");
                keys.put("optimizer.weightDecay", reg / (lr > 0 ? lr : 0.01));
                keys.put("training.l2", 0.0);
            }
            case "gd" -> {
                keys.put("optimizer.type", "sgd");
                keys.put("optimizer.schedule.type", "invsqrt");
                keys.put("optimizer.weightDecay", reg);
                keys.put("training.l2", 0.0);
            }
            case "lbfgs" -> keys.put("optimizer.type", "lbfgs");
            default -> throw new IllegalArgumentException(getClass().getSimpleName() + ": solver must be adamW, gd or "
                    + "lbfgs; got '" + s + "'");
        }
        return keys;
    }

    /** The model keys every model type shares. */
    Map<String, Object> commonModelKeys() {
        Map<String, Object> keys = new LinkedHashMap<>();
        String type = getOrDefault(modelType);
        if (type.equals("mlp")) {
            keys.put("model.hidden", Arrays.stream(getOrDefault(hiddenLayers)).boxed().toList());
            keys.put("model.activation", getOrDefault(activation));
        }
        if (type.equals("fm")) {
            keys.put("model.factorSize", (int) (Integer) getOrDefault(factorSize));
            keys.put("model.fitLinear", (boolean) (Boolean) getOrDefault(fitLinear));
            keys.put("model.fitIntercept", (boolean) (Boolean) getOrDefault(fitIntercept));
            keys.put("model.initStd", (double) (Double) getOrDefault(initStd));
        }
        if (type.equals("class")) {
            keys.put("model.class", getOrDefault(modelClass));
            Map<String, Object> options = new LinkedHashMap<>();
            for (String kv : getOrDefault(modelOptions)) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("modelOptions: expected key=value, got '" + kv + "'");
                }
                options.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            keys.put("model.options", options);
        }
        return keys;
    }

    String modelTypeParam() {
        return getOrDefault(modelType);
    }

    /** A glm's offset column ({@code offsetCol}); empty for none, and for a classifier. */
    String offsetColumn() {
        return "";
    }
}
