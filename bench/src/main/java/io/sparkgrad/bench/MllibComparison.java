package io.sparkgrad.bench;

import io.sparkgrad.spark.data.SyntheticData;
import io.sparkgrad.spark.ml.SparkgradClassificationModel;
import io.sparkgrad.spark.ml.SparkgradClassifier;
import io.sparkgrad.spark.model.Task;
import io.sparkgrad.spark.state.IterationMetrics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.mllib.linalg.Vector;
import org.apache.spark.mllib.linalg.Vectors;
import org.apache.spark.mllib.optimization.GradientDescent;
import org.apache.spark.mllib.optimization.LogisticGradient;
import org.apache.spark.mllib.optimization.SquaredL2Updater;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import scala.Tuple2;

/**
 * sparkgrad against Spark MLlib on the same cached synthetic data in one process, same
 * partitions ({@link #PARTITIONS}), local[2] (issue 10): the time of one pass against MLlib's
 * {@code GradientDescent}, the time to reach {@code ml.LogisticRegression}'s final training loss
 * against its fit time, and the fixed cost of an iteration on 1,000 × 10 rows. Prints each figure
 * and the ratio.
 *
 * <pre>bench/mllib.sh [rows] [features]   (default 200000 100)</pre>
 */
public final class MllibComparison {
    /**
     * Partitions of the cached data, which both tools train on: one per core of {@code local[2]}
     * by default; {@code BENCH_PARTITIONS=4 bench/mllib.sh ...} for another count.
     */
    private static final int PARTITIONS = Integer.getInteger("bench.partitions", 2);

    private MllibComparison() {}

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 200_000;
        int features = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        SparkSession spark = SparkSession.builder().master("local[2]").appName("sparkgrad vs MLlib")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        Path dir = Files.createTempDirectory("sparkgrad-mllib");
        try {
            System.out.printf(Locale.ROOT, "%n== %d x %d rows, %d partitions for both, local[2] ==%n", rows, features, PARTITIONS);
            Dataset<Row> big = cached(spark, dir, rows, features);
            double gdPass = gradientDescentPass(big, 10);
            double sgPass = sparkgradPass(big, 10);
            report("seconds per pass (SGD/Adam, one gradient)", sgPass, "GradientDescent", gdPass, 0.5);

            LogisticRegression lr = new LogisticRegression().setRegParam(0.0).setMaxIter(100);
            long t0 = System.nanoTime();
            LogisticRegressionModel mllib = lr.fit(big);
            double mllibFit = (System.nanoTime() - t0) / 1e9;
            double[] objective = mllib.summary().objectiveHistory();
            double target = objective[objective.length - 1];
            System.out.printf(Locale.ROOT, "ml.LogisticRegression: %d iterations, final training loss %.10g, fit %.2f s%n",
                    objective.length - 1, target, mllibFit);
            t0 = System.nanoTime();
            SparkgradClassificationModel sg = new SparkgradClassifier().setNumPartitions(PARTITIONS).setMaxIter(100).fit(big);
            double sgFit = (System.nanoTime() - t0) / 1e9;
            List<IterationMetrics> it = sg.summary().iterations();
            System.out.printf(Locale.ROOT, "sparkgrad's phases (s): %s%n", sg.summary().timings());
            TimeToLoss toTarget = TimeToLoss.of(sgFit, sg.summary(), target);
            System.out.println("sparkgrad's iterations (seconds/passes): " + it.stream()
                    .map(m -> String.format(Locale.ROOT, "%.3f/%d", m.seconds(), m.passes())).toList());
            System.out.printf(Locale.ROOT, "sparkgrad (default L-BFGS): %d iterations, final loss %.10g, fit %.2f s; "
                    + "MLlib's final loss reached %s%n", it.size(), it.get(it.size() - 1).loss(), sgFit,
                    toTarget.reached() ? "at iteration " + toTarget.iteration() + " after "
                    + String.format(Locale.ROOT, "%.2f s", toTarget.seconds()) : "never");
            report("time to MLlib's final training loss (s)", toTarget.seconds(),
                    "ml.LogisticRegression fit", mllibFit, 0.5);
            big.unpersist();

            System.out.printf(Locale.ROOT, "%n== fixed cost: 1000 x 10 rows ==%n");
            Dataset<Row> small = cached(spark, dir.resolve("small"), 1000, 10);
            gradientDescentPass(small, 20);  // warm both up
            sparkgradPass(small, 20);
            double gdFixed = gradientDescentPass(small, 50);
            double sgFixed = sparkgradPass(small, 50);
            report("seconds per iteration", sgFixed, "GradientDescent", gdFixed, 0.5);
            System.out.printf(Locale.ROOT, "fixed cost per iteration: %.1f ms (target <= 30 ms)%n", sgFixed * 1000);
        } finally {
            spark.stop();
        }
    }

    private static void report(String what, double sparkgrad, String reference, double ref, double target) {
        System.out.printf(Locale.ROOT, "%-45s sparkgrad %9.4f   %-25s %9.4f   ratio %.3f (target <= %.1f)%n", what, sparkgrad,
                reference, ref, sparkgrad / ref, target);
    }

    /** The synthetic table with an assembled features column, cached and counted. */
    private static Dataset<Row> cached(SparkSession spark, Path dir, long rows, int features) throws Exception {
        String path = dir.resolve("data-" + rows + "x" + features).toString();
        SyntheticData.write(spark, new SyntheticData.Spec(rows, features, Task.BINARY, 2, 1, PARTITIONS), path, false);
        Dataset<Row> raw = spark.read().parquet(path);
        String[] cols = Arrays.stream(raw.columns()).filter(c -> !c.equals("label")).toArray(String[]::new);
        Dataset<Row> df = new VectorAssembler().setInputCols(cols).setOutputCol("features").transform(raw)
                .select("features", "label").repartition(PARTITIONS).cache();
        df.count();
        return df;
    }

    /** Seconds per pass of MLlib's GradientDescent (logistic gradient, full batch) on the same cached rows. */
    private static double gradientDescentPass(Dataset<Row> df, int iterations) {
        JavaRDD<Tuple2<Object, Vector>> data = df.javaRDD().map(r -> new Tuple2<Object, Vector>(
                ((Number) r.get(1)).doubleValue(), Vectors.fromML((org.apache.spark.ml.linalg.Vector) r.get(0)))).cache();
        data.count();
        int d = ((org.apache.spark.ml.linalg.Vector) df.first().get(0)).size();
        long t0 = System.nanoTime();
        GradientDescent.runMiniBatchSGD(data.rdd(), new LogisticGradient(), new SquaredL2Updater(), 1.0, iterations, 0.0,
                1.0, Vectors.zeros(d));
        double seconds = (System.nanoTime() - t0) / 1e9 / iterations;
        data.unpersist(false);
        return seconds;
    }

    /** Median seconds per iteration of sparkgrad with Adam (one pass per iteration) on the same cached rows. */
    private static double sparkgradPass(Dataset<Row> df, int iterations) {
        SparkgradClassificationModel m = new SparkgradClassifier().setOptimizer("adam").setLearningRate(0.05)
                .setMaxIter(iterations).setTol(0).setNumPartitions(PARTITIONS).fit(df);
        double[] s = m.summary().iterations().stream().mapToDouble(IterationMetrics::seconds).sorted().toArray();
        return s[s.length / 2];
    }
}
