package io.sparkgrad.spark.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValueFactory;
import io.sparkgrad.spark.model.FmSettings;
import io.sparkgrad.spark.model.GlmSettings;
import io.sparkgrad.spark.model.LossSettings;
import io.sparkgrad.spark.model.ModelSpec;
import io.sparkgrad.spark.model.Models;
import io.sparkgrad.spark.model.Task;
import java.io.File;
import java.util.List;

/**
 * A training job's complete, validated configuration, and its text as given (file and overrides
 * merged, for the report). Every key, its default and its allowed
 * range is listed in {@link #from(Config)}; {@code conf/README.md} documents the same keys.
 */
public record JobConfig(
        DataConfig data, ModelSpec model, OptimizerConfig optimizer, TrainingConfig training, OutputConfig output,
        String text) {

    /** Everything but the output: what the training core runs. */
    public FitConfig fit() {
        return new FitConfig(data, model, optimizer, training);
    }

    /** Reads a HOCON file and applies {@code key=value} overrides (later ones win). */
    public static JobConfig load(String file, List<String> overrides) {
        File f = new File(file);
        if (!f.isFile()) {
            throw new ConfigError("config file '" + file + "' not found");
        }
        Config base;
        try {
            base = ConfigFactory.parseFile(f, ConfigParseOptions.defaults().setAllowMissing(false));
        } catch (ConfigException e) {
            throw new ConfigError("cannot parse config file: " + e.getMessage(), e);
        }
        Config merged = base;
        for (String override : overrides) {
            merged = parseOverride(override).withFallback(merged);
        }
        try {
            merged = merged.resolve();
        } catch (ConfigException e) {
            throw new ConfigError("cannot resolve config: " + e.getMessage(), e);
        }
        return from(merged);
    }

    /**
     * Parses one {@code --set key=value}. Lists and objects ({@code [64, 32]}, {@code {a = 1}}) are
     * HOCON; anything else is taken literally as a string (so {@code hdfs://x/y} survives) and
     * converted to a number or boolean by the typed readers when the key needs one.
     */
    static Config parseOverride(String override) {
        int eq = override.indexOf('=');
        if (eq <= 0) {
            throw new ConfigError("--set expects key=value; got '" + override + "'");
        }
        String key = override.substring(0, eq).trim();
        String value = override.substring(eq + 1).trim();
        String origin = "--set " + key;
        try {
            if (value.startsWith("[") || value.startsWith("{")) {
                Config parsed = ConfigFactory.parseString("v = " + value,
                        ConfigParseOptions.defaults().setSyntax(ConfigSyntax.CONF).setOriginDescription(origin));
                return ConfigFactory.empty().withValue(key, parsed.getValue("v"));
            }
            return ConfigFactory.empty().withValue(key, ConfigValueFactory.fromAnyRef(value, origin));
        } catch (ConfigException e) {
            throw new ConfigError("cannot parse --set " + override + ": " + e.getMessage(), e);
        }
    }

    /** Validates a parsed configuration; the first problem found is thrown as a {@link ConfigError}. */
    public static JobConfig from(Config c) {
        try {
            return read(new ConfigReader(c), c.root().render(ConfigRenderOptions.defaults().setOriginComments(false)
                    .setComments(false).setJson(false).setFormatted(true)));
        } catch (ConfigException e) {
            throw new ConfigError("invalid config: " + e.getMessage(), e);
        }
    }

    /**
     * The data, model, optimizer and training keys of a fit with no output of its own (the Spark
     * ML estimators, whose params are {@code c}'s values): the same checks as a job's, and no
     * {@code output.*} key. {@code training.checkpointDir} has no default here: empty, no
     * checkpoints are written.
     */
    public static FitConfig fit(Config c) {
        try {
            ConfigReader r = new ConfigReader(c);
            FitConfig fit = readFit(r, null);
            r.rejectUnknownKeys();
            checkLoadable(fit.model());
            return fit;
        } catch (ConfigException e) {
            throw new ConfigError("invalid config: " + e.getMessage(), e);
        }
    }

    private static void checkLoadable(ModelSpec model) {
        try {
            Models.checkLoadable(model);
        } catch (IllegalArgumentException e) {
            throw new ConfigError(e.getMessage(), e);
        }
    }

    private static JobConfig read(ConfigReader r, String text) {
        String[] outputPath = new String[1];
        FitConfig fit = readFit(r, outputPath);
        OutputConfig output = new OutputConfig(outputPath[0], r.bool("output.overwrite", false),
                r.longInteger("output.staleLockSeconds", 600));
        if (output.staleLockSeconds() < 1) {
            throw new ConfigError("config key 'output.staleLockSeconds' must be in [1, inf); got " + output.staleLockSeconds());
        }
        r.rejectUnknownKeys();
        checkLoadable(fit.model());
        return new JobConfig(fit.data(), fit.model(), fit.optimizer(), fit.training(), output, text);
    }

    /**
     * @param outputPath where to put the job's {@code output.path} (read, required, between the
     *     optimizer and the training keys, and the default of {@code training.checkpointDir}), or
     *     null for a fit without an output
     */
    private static FitConfig readFit(ConfigReader r, String[] outputPath) {
        ModelSpec model = readModel(r);
        DataConfig data = readData(r, model);
        OptimizerConfig optimizer = readOptimizer(r, model);
        boolean lbfgs = optimizer.type().equals("lbfgs");

        String checkpointDir;
        if (outputPath != null) {
            outputPath[0] = r.requiredString("output.path");
            checkpointDir = r.string("training.checkpointDir", "");
            checkpointDir = checkpointDir.isBlank() ? stripSlash(outputPath[0]) + ".checkpoints" : checkpointDir;
            if (stripSlash(checkpointDir).equals(stripSlash(outputPath[0]))) {
                throw new ConfigError("config key 'training.checkpointDir' must not be output.path itself ('"
                        + outputPath[0] + "'): the output is replaced as a whole when the run succeeds");
            }
        } else {
            checkpointDir = r.string("training.checkpointDir", "");
        }
        int maxIterations = r.integer("training.maxIterations", 100, Range.closed(1, 10_000_000));
        TrainingConfig training = new TrainingConfig(
                maxIterations,
                r.number("training.miniBatchFraction", 1.0, Range.openClosed(0, 1)),
                // L-BFGS converges superlinearly: a tighter default costs a few passes and reaches the optimum
                r.number("training.tolerance", lbfgs ? 1e-9 : 1e-6, Range.atLeast(0)),
                r.number("training.l2", 0, Range.atLeast(0)),
                r.number("training.l1", 0, Range.atLeast(0)),
                r.integer("training.aggregationDepth", 2, Range.closed(1, 10)),
                r.integer("training.partitions", 0, Range.closed(0, 100_000)),
                r.longInteger("training.seed", 42),
                r.integer("training.checkpointInterval", 0, Range.atLeast(0)),
                r.string("training.resumeFrom", ""),
                checkpointDir,
                r.bool("training.resumeOptimizer", true),
                // a glm's line search may try η outside its link's domain, where μ is clamped and the
                // objective is huge but finite; it backs off from there (NaN and infinity still stop a run)
                r.number("training.divergenceFactor", model.type().equals("glm") ? 0 : 1e6, Range.atLeast(0)),
                r.number("training.gradientTolerance", 1e-7, Range.atLeast(0)),
                r.integer("training.logEvery", 10, Range.atLeast(1)),
                r.integer("training.validateEvery", 0, Range.atLeast(0)),
                readEarlyStopping(r, model),
                readMllibPenalty(r, model));
        // with an l1 term, lbfgs is OWL-QN (Breeze's, as MLlib's), which brings its own backtracking line search
        boolean mllibL1 = training.mllibPenalty() != null && training.mllibPenalty().regParam() * training.mllibPenalty()
                .elasticNetParam() > 0;
        if (lbfgs && (training.l1() > 0 || mllibL1) && optimizer.lineSearch().equals("none")) {
            throw new ConfigError("config key 'optimizer.lineSearch' = none cannot be used with training.l1 > 0: "
                    + "optimizer.type = lbfgs with an l1 term is OWL-QN, whose projected line search is part of the method");
        }
        if (lbfgs && training.miniBatchFraction() < 1) {
            throw new ConfigError("config key 'training.miniBatchFraction' must be 1 with optimizer.type = lbfgs: its line "
                    + "search needs the same objective at every evaluation; got " + training.miniBatchFraction());
        }
        if (training.earlyStopping() != null && (training.validateEvery() == 0 || data.validationFraction() == 0)) {
            throw new ConfigError("config key 'training.earlyStopping.metric' needs validation during training: set "
                    + "training.validateEvery >= 1 and data.validationFraction > 0");
        }
        return new FitConfig(data, model, optimizer, training);
    }

    private static DataConfig readData(ConfigReader r, ModelSpec model) {
        boolean classifier = model.task().isClassification();
        double[] classWeights = null;
        boolean balanced = false;
        if (r.isList("model.classWeights")) {
            List<Double> w = r.numbers("model.classWeights", List.of(), Range.greaterThan(0));
            if (w.size() != model.classes()) {
                throw new ConfigError("config key 'model.classWeights' needs one weight per class (" + model.classes()
                        + "); got " + w.size());
            }
            classWeights = w.stream().mapToDouble(Double::doubleValue).toArray();
        } else if (r.isSet("model.classWeights")) {
            String word = r.string("model.classWeights", "");
            if (!word.equalsIgnoreCase("balanced")) {
                throw new ConfigError("config key 'model.classWeights' must be a list of positive numbers (one per class) "
                        + "or 'balanced'; got '" + word + "'");
            }
            balanced = true;
        }
        if ((classWeights != null || balanced) && !classifier) {
            throw new ConfigError("config key 'model.classWeights' applies to classifiers only; model.task is "
                    + model.task().configName());
        }
        DataConfig data = new DataConfig(
                r.requiredString("data.path"),
                r.choice("data.format", "csv", "csv", "parquet", "json", "orc", "libsvm"),
                r.bool("data.header", true),
                r.string("data.delimiter", ","),
                r.strings("data.features"),
                r.string("data.label", "label"),
                r.number("data.validationFraction", 0.2, Range.closedOpen(0, 1)),
                r.longInteger("data.seed", 42),
                r.bool("data.standardize", true),
                r.choice("data.invalid", "fail", "fail", "drop").equals("drop"),
                r.integer("data.blockRows", 0, Range.closed(0, 1 << 20)),
                r.bool("data.stratify", classifier),
                r.string("data.weight", ""),
                classWeights,
                balanced,
                r.string("data.vector", ""),
                r.strings("data.hashing.columns"),
                r.integer("data.hashing.dimension", 1 << 18, Range.closed(1, 1 << 30)),
                r.integer("data.numFeatures", 0, Range.closed(0, 1 << 30)),
                r.choice("data.sparse", "auto", "auto", "true", "false"),
                r.choice("data.order", "split", "canonical", "split"),
                r.string("data.offset", ""));
        int inputs = (data.format().equals("libsvm") ? 1 : 0) + (data.vector().isEmpty() ? 0 : 1)
                + (data.hashing().isEmpty() ? 0 : 1);
        if (inputs > 1) {
            throw new ConfigError("data.format = libsvm, data.vector and data.hashing.columns are three ways to give "
                    + "the features; use one");
        }
        if (data.vectorInput() && !data.features().isEmpty()) {
            throw new ConfigError("config key 'data.features' cannot be combined with "
                    + (data.format().equals("libsvm") ? "data.format = libsvm" : data.vector().isEmpty()
                    ? "data.hashing.columns (list the columns to hash there)" : "data.vector"));
        }
        if (data.sparse().equals("true") && !data.vectorInput()) {
            throw new ConfigError("config key 'data.sparse = true' needs sparse-capable features: data.format = libsvm, "
                    + "data.vector or data.hashing.columns");
        }
        if (data.format().equals("libsvm") && !data.weight().isEmpty()) {
            throw new ConfigError("config key 'data.weight' does not apply to data.format = libsvm (a libsvm line has no "
                    + "weight column)");
        }
        if (!data.offset().isEmpty()) {
            if (!model.type().equals("glm")) {
                throw new ConfigError("config key 'data.offset' applies to model.type = glm only (MLlib's offsetCol); got "
                        + "model.type = " + model.type());
            }
            if (data.format().equals("libsvm")) {
                throw new ConfigError("config key 'data.offset' does not apply to data.format = libsvm (a libsvm line has "
                        + "no offset column)");
            }
            if (data.offset().equals(data.label()) || data.offset().equals(data.weight())
                    || data.features().contains(data.offset())) {
                throw new ConfigError("config key 'data.offset' names column '" + data.offset() + "', which is the label, "
                        + "the weight or a feature");
            }
        }
        if (data.stratify() && !classifier) {
            throw new ConfigError("config key 'data.stratify' applies to classifiers only; model.task is "
                    + model.task().configName());
        }
        if (data.delimiter().isEmpty()) {
            throw new ConfigError("config key 'data.delimiter' must not be empty");
        }
        if (data.features().contains(data.label())) {
            throw new ConfigError("config key 'data.features' must not contain the label column '" + data.label() + "'");
        }
        if (!data.weight().isEmpty() && (data.weight().equals(data.label()) || data.features().contains(data.weight()))) {
            throw new ConfigError("config key 'data.weight' names column '" + data.weight() + "', which is the label or a "
                    + "feature");
        }
        return data;
    }

    /** {@code training.mllibPenalty}: linear, logistic and softmax models only (a glm's regParam is training.l2). */
    private static TrainingConfig.MllibPenalty readMllibPenalty(ConfigReader r, ModelSpec model) {
        double reg = r.number("training.mllibPenalty.regParam", 0, Range.atLeast(0));
        double alpha = r.number("training.mllibPenalty.elasticNetParam", 0, Range.closed(0, 1));
        if (!r.isSet("training.mllibPenalty.regParam")) {
            if (r.isSet("training.mllibPenalty.elasticNetParam")) {
                throw new ConfigError("config key 'training.mllibPenalty.elasticNetParam' needs training.mllibPenalty.regParam");
            }
            return null;
        }
        if (!List.of("linear", "logistic", "softmax").contains(model.type())) {
            throw new ConfigError("config key 'training.mllibPenalty.regParam' applies to linear, logistic and softmax models; "
                    + "model.type is '" + model.type() + "'");
        }
        return new TrainingConfig.MllibPenalty(reg, alpha);
    }

    private static TrainingConfig.EarlyStopping readEarlyStopping(ConfigReader r, ModelSpec model) {
        String metric = r.string("training.earlyStopping.metric", "");
        int patience = r.integer("training.earlyStopping.patience", 5, Range.atLeast(1));
        double minDelta = r.number("training.earlyStopping.minDelta", 0, Range.atLeast(0));
        if (metric.isEmpty()) {
            for (String key : List.of("training.earlyStopping.patience", "training.earlyStopping.minDelta")) {
                if (r.isSet(key)) {
                    throw new ConfigError("config key '" + key + "' needs training.earlyStopping.metric");
                }
            }
            return null;
        }
        List<String> allowed = model.task() == Task.BINARY
                ? List.of("logLoss", "accuracy", "areaUnderROC", "areaUnderPR", "f1", "weightedPrecision", "weightedRecall")
                : model.task() == Task.MULTICLASS ? List.of("logLoss", "accuracy", "f1", "weightedPrecision", "weightedRecall")
                : List.of("rmse", "mse", "mae", "r2");
        if (!allowed.contains(metric)) {
            throw new ConfigError("config key 'training.earlyStopping.metric' must be one of " + String.join(", ", allowed)
                    + " for a " + model.task().configName() + " model; got '" + metric + "'");
        }
        return new TrainingConfig.EarlyStopping(metric, patience, minDelta);
    }

    private static String stripSlash(String path) {
        String p = path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    private static ModelSpec readModel(ConfigReader r) {
        String type = r.choice("model.type", "logistic", "linear", "logistic", "softmax", "glm", "mlp", "fm", "class");
        boolean classesSet = r.isSet("model.classes");
        int classes = r.integer("model.classes", 0, Range.closed(0, 1_000_000));
        List<Integer> hidden = r.integers("model.hidden", List.of(64), Range.closed(1, 1_000_000));
        String activation = r.choice("model.activation", "relu", "relu", "tanh", "sigmoid", "gelu");
        for (String mlpOnly : new String[] {"model.hidden", "model.activation"}) {
            if (r.isSet(mlpOnly) && !type.equals("mlp")) {
                throw new ConfigError("config key '" + mlpOnly + "' applies to model.type = mlp only; got model.type = " + type);
            }
        }
        FmSettings fm = new FmSettings(
                r.integer("model.factorSize", FmSettings.DEFAULT.factorSize(), Range.closed(1, 10_000)),
                r.bool("model.fitLinear", FmSettings.DEFAULT.fitLinear()),
                r.bool("model.fitIntercept", FmSettings.DEFAULT.fitIntercept()),
                r.number("model.initStd", FmSettings.DEFAULT.initStd(), Range.greaterThan(0)));
        for (String fmOnly : new String[] {"model.factorSize", "model.fitLinear", "model.initStd"}) {
            if (r.isSet(fmOnly) && !type.equals("fm")) {
                throw new ConfigError("config key '" + fmOnly + "' applies to model.type = fm only; got model.type = " + type);
            }
        }
        if (r.isSet("model.fitIntercept") && !type.equals("fm") && !type.equals("glm")) {
            throw new ConfigError("config key 'model.fitIntercept' applies to model.type = fm and glm only; got model.type = "
                    + type);
        }
        GlmSettings glm = readGlm(r, type);
        boolean outputSet = r.isSet("model.task");
        String taskName = r.choice("model.task", "multiclass", "regression", "binary", "multiclass");
        String className = r.string("model.class", "");
        var options = r.freeForm("model.options");

        Task task = switch (type) {
            case "linear", "glm" -> Task.REGRESSION;
            case "logistic" -> Task.BINARY;
            case "softmax" -> Task.MULTICLASS;
            default -> Task.valueOf(taskName.toUpperCase(java.util.Locale.ROOT));
        };
        if (outputSet && List.of("linear", "logistic", "softmax", "glm").contains(type)) {
            throw new ConfigError("config key 'model.task' applies to model.type = mlp, fm or class only; "
                    + "model.type = " + type + " is always " + task.configName());
        }
        if (type.equals("class") && className.isBlank()) {
            throw new ConfigError("config key 'model.class' is required when model.type = class");
        }
        if (!type.equals("class") && !className.isBlank()) {
            throw new ConfigError("config key 'model.class' applies to model.type = class only");
        }
        switch (task) {
            case REGRESSION -> {
                if (classesSet && classes != 0) {
                    throw new ConfigError("config key 'model.classes' must be unset for a regression model; got " + classes);
                }
                classes = 0;
            }
            case BINARY -> {
                if (classesSet && classes != 2) {
                    throw new ConfigError("config key 'model.classes' must be 2 for a binary model; got " + classes);
                }
                classes = 2;
            }
            case MULTICLASS -> {
                if (classes < 2) {
                    throw new ConfigError("config key 'model.classes' must be in [2, 1000000] for a multi-class model; got "
                            + (classesSet ? Integer.toString(classes) : "nothing"));
                }
            }
        }
        LossSettings loss = readLoss(r, type);
        // only an mlp has hidden layers: keep the spec (and model.json) free of settings that do not apply
        return new ModelSpec(type, classes, type.equals("mlp") ? hidden : List.of(), activation, task, className, options,
                type.equals("fm") ? fm : null, glm, loss);
    }

    /** The glm keys: model.family, model.link, model.variancePower, model.linkPower, with MLlib's defaults and pairs. */
    private static GlmSettings readGlm(ConfigReader r, String type) {
        String[] keys = {"model.family", "model.link", "model.variancePower", "model.linkPower"};
        if (!type.equals("glm")) {
            for (String key : keys) {
                if (r.isSet(key)) {
                    throw new ConfigError("config key '" + key + "' applies to model.type = glm only; got model.type = " + type);
                }
            }
            return null;
        }
        String family = r.choice("model.family", "gaussian", "gaussian", "binomial", "poisson", "gamma", "tweedie");
        boolean tweedie = family.equals("tweedie");
        for (String key : tweedie ? new String[] {"model.link"} : new String[] {"model.variancePower", "model.linkPower"}) {
            if (r.isSet(key)) {
                throw new ConfigError("config key '" + key + "' applies to " + (tweedie ? "the other families (tweedie's link "
                        + "is model.linkPower)" : "model.family = tweedie only") + "; got model.family = " + family);
            }
        }
        String link = r.isSet("model.link")
                ? r.choice("model.link", "identity", io.sparkgrad.nn.GlmLink.NAMES.toArray(new String[0]))
                : null;
        double variancePower = r.number("model.variancePower", 0.0, Range.atLeast(0));
        if (!(variancePower == 0 || variancePower >= 1)) {
            throw new ConfigError("config key 'model.variancePower' must be 0 or in [1, Inf) (MLlib's supported values); got "
                    + variancePower);
        }
        double linkPower = r.isSet("model.linkPower") ? r.number("model.linkPower", 0.0,
                new Range(-Double.MAX_VALUE, true, Double.MAX_VALUE, true))
                : Double.NaN;
        boolean fitIntercept = r.bool("model.fitIntercept", true);
        try {
            // the offset column is a data key (beside data.weight) that the model reads in scoring too
            return GlmSettings.of(family, variancePower, link, linkPower).withFitIntercept(fitIntercept)
                    .withOffset(r.string("data.offset", ""));
        } catch (IllegalArgumentException e) {
            throw new ConfigError("config key 'model.link': " + e.getMessage());
        }
    }

    /**
     * {@code model.loss}, MLlib's names: {@code logLoss} (default) or {@code hinge} (LinearSVC;
     * one-vs-rest for softmax) for logistic and softmax, {@code squaredError} (default) or
     * {@code huber} (with {@code model.epsilon} > 1, default 1.35) for linear. Null for the default.
     */
    private static LossSettings readLoss(ConfigReader r, String type) {
        String loss = switch (type) {
            case "logistic", "softmax" -> r.choice("model.loss", "logloss", "logloss", "hinge");  // case-insensitive, as MLlib's
            case "linear" -> r.choice("model.loss", "squarederror", "squarederror", "huber");
            default -> {
                if (r.isSet("model.loss")) {
                    throw new ConfigError("config key 'model.loss' applies to model.type = linear, logistic or softmax only; "
                            + "got model.type = " + type);
                }
                yield "default";
            }
        };
        if (r.isSet("model.epsilon") && !loss.equals("huber")) {
            throw new ConfigError("config key 'model.epsilon' applies to model.loss = huber only; got model.loss = " + loss);
        }
        double epsilon = r.number("model.epsilon", LossSettings.DEFAULT_EPSILON, Range.greaterThan(1));
        return switch (loss) {
            case "hinge" -> LossSettings.HINGE;
            case "huber" -> LossSettings.huber(epsilon);
            default -> null;
        };
    }

    /**
     * The convex built-in models default to L-BFGS, as MLlib's; an mlp or a user's model to Adam
     * at lr 0.01 (PyTorch's 1e-3 is made for many small steps; a full-batch run takes few), and so
     * does any model trained on mini-batches, which L-BFGS' line search cannot use.
     */
    private static OptimizerConfig readOptimizer(ConfigReader r, ModelSpec model) {
        boolean convex = List.of("linear", "logistic", "softmax", "glm").contains(model.type());
        boolean fullBatch = r.number("training.miniBatchFraction", 1.0, Range.openClosed(0, 1)) >= 1.0;
        String type = r.choice("optimizer.type", convex && fullBatch ? "lbfgs" : "adam", "lbfgs", "sgd", "adam", "adamw");
        double defaultLr = switch (type) {
            case "lbfgs" -> 1.0;
            case "sgd" -> 0.1;
            default -> 0.01;
        };
        double lr = r.number("optimizer.lr", defaultLr, Range.greaterThan(0));
        double momentum = r.number("optimizer.momentum", 0, Range.closedOpen(0, 1));
        double dampening = r.number("optimizer.dampening", 0, Range.closed(0, 1));
        boolean nesterov = r.bool("optimizer.nesterov", false);
        if (nesterov && (momentum <= 0 || dampening != 0)) {
            throw new ConfigError("config key 'optimizer.nesterov' needs optimizer.momentum > 0 and optimizer.dampening = 0");
        }
        double beta1 = r.number("optimizer.beta1", 0.9, Range.closedOpen(0, 1));
        double beta2 = r.number("optimizer.beta2", 0.999, Range.closedOpen(0, 1));
        double eps = r.number("optimizer.eps", 1e-8, Range.greaterThan(0));
        boolean amsgrad = r.bool("optimizer.amsgrad", false);
        double weightDecay = r.isSet("optimizer.weightDecay")
                ? r.number("optimizer.weightDecay", 0, Range.atLeast(0))
                : Double.NaN;
        String schedule = r.choice("optimizer.schedule.type", "none", "none", "step", "exponential", "cosine", "invsqrt");
        var sched = new OptimizerConfig.Schedule(
                schedule,
                r.integer("optimizer.schedule.stepSize", 30, Range.atLeast(1)),
                r.number("optimizer.schedule.gamma", 0.1, Range.openClosed(0, 1)),
                r.integer("optimizer.schedule.tMax", 0, Range.atLeast(0)),
                r.number("optimizer.schedule.etaMin", 0, Range.atLeast(0)));
        int historySize = r.integer("optimizer.historySize", 10, Range.closed(1, 1000));
        String lineSearch = r.choice("optimizer.lineSearch", "strong_wolfe", "strong_wolfe", "none");
        for (String key : List.of("optimizer.historySize", "optimizer.lineSearch")) {
            if (r.isSet(key) && !type.equals("lbfgs")) {
                throw new ConfigError("config key '" + key + "' applies to optimizer.type = lbfgs only; got " + type);
            }
        }
        return new OptimizerConfig(type, lr, momentum, dampening, nesterov, beta1, beta2, eps, amsgrad, weightDecay, sched,
                r.isSet("optimizer.lr"), historySize, lineSearch);
    }
}
