package io.sparkgrad.bench;

import io.sparkgrad.spark.data.SyntheticData;
import io.sparkgrad.spark.ml.SparkgradClassifier;
import io.sparkgrad.spark.ml.SparkgradEstimator;
import io.sparkgrad.spark.ml.SparkgradModel;
import io.sparkgrad.spark.ml.SparkgradRegressor;
import io.sparkgrad.spark.ml.SparkgradSummary;
import io.sparkgrad.spark.model.Task;
import io.sparkgrad.spark.state.IterationMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.apache.spark.ml.classification.LinearSVC;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.regression.LinearRegression;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * MLlib's gradient-trained linear family against sparkgrad's counterparts (issue 20), each pair on
 * the same cached synthetic rows in the same partitions (the DataFrame's own, as cached; neither tool
 * repartitions), local[2]: elastic-net logistic regression,
 * elastic-net linear regression, LinearSVC (hinge), Huber regression and a Poisson GLM (MLlib's
 * GeneralizedLinearRegression, IRLS; counts made from the regression rows). For each: MLlib's fit
 * time and final objective (its {@code objectiveHistory}), and the wall time sparkgrad takes to
 * reach that objective (first iteration at or below it, the fit's time less what came after),
 * with the ratio.
 *
 * <p>The objectives are the same function for logistic, hinge and Huber (the estimators map
 * regParam so); MLlib's linear regression reports its objective on labels scaled by their
 * standard deviation σ_y and halved, so sparkgrad's mean squared error objective is
 * 2·σ_y²·MLlib's.
 *
 * <pre>bench/mllib.sh linear [rows] [features]   (default 200000 100)</pre>
 */
public final class LinearFamilyComparison {
    private static final int PARTITIONS = Integer.getInteger("bench.partitions", 2);
    private static final int MAX_ITER = 100;

    private LinearFamilyComparison() {}

    record Outcome(String model, double mllibSeconds, int mllibIterations, double target, double sgSeconds, int sgIteration,
            double sgFinal) {}

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 200_000;
        int features = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        SparkSession spark = SparkSession.builder().master("local[2]").appName("sparkgrad vs MLlib: linear family")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        Path dir = Files.createTempDirectory("sparkgrad-linear");
        List<Outcome> out = new ArrayList<>();
        try {
            System.out.printf(Locale.ROOT, "%n== linear family: %d x %d rows, %d partitions for both, local[2], maxIter %d ==%n",
                    rows, features, PARTITIONS, MAX_ITER);
            Dataset<Row> binary = cached(spark, dir.resolve("binary"), rows, features, Task.BINARY);
            out.add(compare("elastic-net logistic (reg 0.01, a 0.5)", () -> {
                var m = new LogisticRegression().setRegParam(0.01).setElasticNetParam(0.5).setMaxIter(MAX_ITER).fit(binary);
                return m.summary().objectiveHistory();
            }, 1.0, () -> new SparkgradClassifier().setRegParam(0.01).setElasticNetParam(0.5), binary));
            out.add(compare("LinearSVC / hinge (reg 0.01)", () -> {
                var m = new LinearSVC().setRegParam(0.01).setMaxIter(MAX_ITER).fit(binary);
                return m.summary().objectiveHistory();
            }, 1.0, () -> new SparkgradClassifier().setLoss("hinge").setRegParam(0.01), binary));
            binary.unpersist();

            Dataset<Row> regression = cached(spark, dir.resolve("regression"), rows, features, Task.REGRESSION);
            double yStd = regression.agg(org.apache.spark.sql.functions.stddev_samp("label")).first().getDouble(0);
            out.add(compare("elastic-net linear (reg 0.01, a 0.5)", () -> {
                var m = new LinearRegression().setSolver("l-bfgs").setRegParam(0.01).setElasticNetParam(0.5).setMaxIter(MAX_ITER)
                        .fit(regression);
                return m.summary().objectiveHistory();
            }, 2 * yStd * yStd, () -> new SparkgradRegressor().setRegParam(0.01).setElasticNetParam(0.5), regression));
            out.add(compare("Huber (reg 0.01, epsilon 1.35)", () -> {
                var m = new LinearRegression().setLoss("huber").setRegParam(0.01).setMaxIter(MAX_ITER).fit(regression);
                return m.summary().objectiveHistory();
            }, 1.0, () -> new SparkgradRegressor().setLoss("huber").setRegParam(0.01), regression));
            // Poisson GLM on counts made from the same rows, floor(exp(z / 2)) for the standardised label z:
            // MLlib's IRLS minimises the deviance, ours the mean half deviance, so the target is deviance / (2n)
            double yMean = regression.agg(org.apache.spark.sql.functions.avg("label")).first().getDouble(0);
            Dataset<Row> counts = regression.withColumn("label", org.apache.spark.sql.functions.expr(
                    "floor(exp((label - " + yMean + ") / " + yStd + " / 2))")).cache();
            long n = counts.count();
            out.add(compare("GLM poisson/log (reg 0)", () -> {
                var m = new org.apache.spark.ml.regression.GeneralizedLinearRegression().setFamily("poisson").setMaxIter(MAX_ITER)
                        .fit(counts);
                double[] history = new double[m.summary().numIterations() + 1];
                Arrays.fill(history, Double.NaN);
                history[history.length - 1] = m.summary().deviance() / (2.0 * n);
                return history;
            }, 1.0, () -> new SparkgradRegressor().setFamily("poisson"), counts));
            counts.unpersist();
            regression.unpersist();
        } finally {
            spark.stop();
        }
        System.out.printf(Locale.ROOT, "%n%-40s %10s %6s %18s %12s %6s %8s%n", "model", "MLlib fit", "iters", "MLlib objective",
                "sg to it", "at it", "ratio");
        for (Outcome o : out) {
            System.out.printf(Locale.ROOT, "%-40s %9.2fs %6d %18.10g %11s %6s %8s%n", o.model, o.mllibSeconds, o.mllibIterations,
                    o.target, Double.isNaN(o.sgSeconds) ? "never" : String.format(Locale.ROOT, "%.2fs", o.sgSeconds),
                    o.sgIteration < 0 ? "-" : Integer.toString(o.sgIteration),
                    Double.isNaN(o.sgSeconds) ? "-" : String.format(Locale.ROOT, "%.3f", o.sgSeconds / o.mllibSeconds));
        }
        System.out.println("ratio: sparkgrad's time to MLlib's final objective / MLlib's fit time (target <= 0.5)");
    }

    /**
     * Fits MLlib (timed), then sparkgrad for up to twice MLlib's iterations with its own stopping
     * rules off, and finds when sparkgrad's objective first reached {@code scale} × MLlib's final one.
     */
    private static <E extends SparkgradEstimator<E, M>, M extends SparkgradModel<M>> Outcome compare(String name,
            Supplier<double[]> mllib, double scale, Supplier<E> ours, Dataset<Row> df) {
        if (df.rdd().getNumPartitions() != PARTITIONS) {
            throw new IllegalStateException(name + ": the cached rows are in " + df.rdd().getNumPartitions()
                    + " partitions, expected " + PARTITIONS + " for both tools");
        }
        long t0 = System.nanoTime();
        double[] history = mllib.get();
        double mllibSeconds = (System.nanoTime() - t0) / 1e9;
        double target = history[history.length - 1] * scale;
        // numPartitions unset, as a user leaves it: both tools read the cached DataFrame's own PARTITIONS
        // partitions as they are (setting it would add data.order = canonical's counting pass and shuffle)
        E estimator = ours.get().setMaxIter(2 * MAX_ITER).setTol(0);
        t0 = System.nanoTime();
        M model = estimator.fit(df);
        double sgSeconds = (System.nanoTime() - t0) / 1e9;
        SparkgradSummary summary = model.summary();
        double seconds = sgSeconds - summary.timings().getOrDefault("evaluate", 0.0);
        int reached = -1;
        for (IterationMetrics m : summary.iterations()) {
            if (reached >= 0) {
                seconds -= m.seconds();
            } else if (m.objective() <= target * (1 + 1e-9)) {
                reached = m.iteration();
            }
        }
        List<IterationMetrics> it = summary.iterations();
        double last = it.get(it.size() - 1).objective();
        System.out.printf(Locale.ROOT, "%s: MLlib %d iterations in %.2f s, final objective %.10g (x %.6g); sparkgrad %d iterations "
                + "in %.2f s, final %.10g, reached MLlib's %s%n", name, history.length - 1, mllibSeconds, history[history.length - 1],
                scale, it.size(), sgSeconds, last, reached < 0 ? "never" : "at iteration " + reached
                + String.format(Locale.ROOT, " after %.2f s", seconds));
        return new Outcome(name, mllibSeconds, history.length - 1, target, reached < 0 ? Double.NaN : seconds, reached, last);
    }

    /** The synthetic table with an assembled features column, cached and counted. */
    private static Dataset<Row> cached(SparkSession spark, Path dir, long rows, int features, Task task) throws Exception {
        String path = dir.resolve("data-" + rows + "x" + features).toString();
        SyntheticData.write(spark, new SyntheticData.Spec(rows, features, task, task == Task.REGRESSION ? 0 : 2, 1, PARTITIONS),
                path, false);
        Dataset<Row> raw = spark.read().parquet(path);
        String[] cols = Arrays.stream(raw.columns()).filter(c -> !c.equals("label")).toArray(String[]::new);
        Dataset<Row> df = new VectorAssembler().setInputCols(cols).setOutputCol("features").transform(raw)
                .select("features", "label").repartition(PARTITIONS).cache();
        df.count();
        return df;
    }
}
