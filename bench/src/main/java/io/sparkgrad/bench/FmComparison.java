package io.sparkgrad.bench;

import io.sparkgrad.spark.ml.SparkgradClassificationModel;
import io.sparkgrad.spark.ml.SparkgradClassifier;
import io.sparkgrad.spark.state.IterationMetrics;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.FMClassificationModel;
import org.apache.spark.ml.classification.FMClassifier;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Factorization machines, sparkgrad's {@code modelType = fm} against MLlib's {@code FMClassifier}
 * on the same cached rows in one process, local[2] (issue 21): a hashed table of 300,000 rows ×
 * 2^20 features, 40 stored per row (indicator values 1), labels drawn from a logistic model with a
 * linear and a rank-2 pairwise term of the features. Both train the same FM (factorSize 8, a linear
 * term and an intercept, initStd 0.01, regParam 0) with the same solver (adamW), step size and
 * iterations on the same partitions (sparkgrad may run up to twice as many, to reach MLlib's final
 * loss: MLlib's history ends with the loss after its last step). Prints the seconds per pass
 * (MLlib's fit time over its iterations, sparkgrad's median iteration) and the time to reach
 * MLlib's final training loss, and their ratios.
 *
 * <pre>bench/fm.sh [rows] [dimension] [stored per row] [iterations] [step size]
 *   (default 300000 1048576 40 30 0.01)</pre>
 */
public final class FmComparison {
    private static final int PARTITIONS = Integer.getInteger("bench.partitions", 2);
    private static final int FACTORS = Integer.getInteger("bench.factorSize", 8);

    private FmComparison() {}

    public static void main(String[] args) {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 300_000;
        int dim = args.length > 1 ? Integer.parseInt(args[1]) : 1 << 20;
        int nnz = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        int iterations = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        double step = args.length > 4 ? Double.parseDouble(args[4]) : 0.01;
        SparkSession spark = SparkSession.builder().master("local[2]").appName("sparkgrad vs MLlib, fm")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        try {
            System.out.printf(Locale.ROOT, "%n== fm: %d rows x %d features, %d stored per row, factorSize %d, adamW step %s, "
                    + "%d iterations, %d partitions for both, local[2] ==%n", rows, dim, nnz, FACTORS, step, iterations,
                    PARTITIONS);
            Dataset<Row> df = data(spark, rows, dim, nnz);
            long t0 = System.nanoTime();
            FMClassificationModel mllib = new FMClassifier().setFactorSize(FACTORS).setSolver("adamW").setStepSize(step)
                    .setMaxIter(iterations).setTol(0).setInitStd(0.01).setRegParam(0.0).setSeed(7).fit(df);
            double mllibFit = (System.nanoTime() - t0) / 1e9;
            double[] objective = mllib.summary().objectiveHistory();
            double target = objective[objective.length - 1];
            int mllibIterations = objective.length;
            double mllibPass = mllibFit / Math.max(mllibIterations, 1);
            System.out.printf(Locale.ROOT, "ml.FMClassifier: %d iterations, training loss %.10g -> %.10g, fit %.1f s, "
                    + "%.3f s per iteration%n", mllibIterations, objective[0], target, mllibFit, mllibPass);

            t0 = System.nanoTime();
            SparkgradClassificationModel sg = new SparkgradClassifier().setModelType("fm").setFactorSize(FACTORS)
                    .setSolver("adamW").setLearningRate(step).setMaxIter(2 * iterations).setTol(0).setInitStd(0.01)
                    .setRegParam(0.0).setSeed(7).setStandardization(false).setNumPartitions(PARTITIONS).fit(df);
            double sgFit = (System.nanoTime() - t0) / 1e9;
            List<IterationMetrics> it = sg.summary().iterations();
            System.out.printf(Locale.ROOT, "sparkgrad's phases (s): %s%n", sg.summary().timings());
            TimeToLoss toTarget = TimeToLoss.of(sgFit, sg.summary(), target);
            double[] s = it.stream().mapToDouble(IterationMetrics::seconds).sorted().toArray();
            double perIteration = s[s.length / 2];
            System.out.printf(Locale.ROOT, "sparkgrad: %d iterations, training loss %.10g -> %.10g, fit %.1f s, median "
                    + "%.3f s per iteration; MLlib's final loss %s%n", it.size(), it.get(0).loss(),
                    it.get(it.size() - 1).loss(), sgFit, perIteration,
                    toTarget.reached() ? "reached at iteration " + toTarget.iteration() : "not reached");
            System.out.printf(Locale.ROOT, "%-40s sparkgrad %8.3f   MLlib %8.3f   ratio %.3f%n", "seconds per pass",
                    perIteration, mllibPass, perIteration / mllibPass);
            System.out.printf(Locale.ROOT, "%-40s sparkgrad %8.1f   MLlib %8.1f   ratio %.3f (target <= 0.5)%n",
                    "time to MLlib's final loss (s)", toTarget.seconds(), mllibFit, toTarget.seconds() / mllibFit);
        } finally {
            spark.stop();
        }
    }

    /**
     * (label, features) rows: each row's stored indices distinct and sorted, indicator values; the
     * label from a logistic model: a weight per feature and a 2-factor embedding per feature, both
     * hashed from the index, so the table has interactions for an FM to learn.
     */
    static Dataset<Row> data(SparkSession spark, long rows, int dim, int nnz) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Integer> parts = java.util.stream.IntStream.range(0, PARTITIONS).boxed().toList();
        JavaRDD<Row> data = sc.parallelize(parts, PARTITIONS).flatMap(part -> {
            List<Row> out = new java.util.ArrayList<>();
            for (long i = part * rows / PARTITIONS; i < (part + 1) * rows / PARTITIONS; i++) {
                SplittableRandom rng = new SplittableRandom(i * 0x9E3779B97F4A7C15L + 17);
                // features drawn from a skewed popularity (as hashed click logs are): half from the first 2^14
                int[] idx = rng.ints(0, dim).map(j -> (j & 1) == 0 ? j >>> 6 : j).distinct().limit(nnz).sorted().toArray();
                double linear = 0;
                double s0 = 0;
                double s1 = 0;
                double q = 0;
                for (int j : idx) {
                    SplittableRandom f = new SplittableRandom(j * 0xBF58476D1CE4E5B9L + 5);
                    linear += f.nextGaussian();
                    double a = f.nextGaussian();
                    double b = f.nextGaussian();
                    s0 += a;
                    s1 += b;
                    q += a * a + b * b;
                }
                double z = linear / Math.sqrt(nnz) + 0.5 * (s0 * s0 + s1 * s1 - q) / nnz;
                double p = 1 / (1 + Math.exp(-z));
                double[] ones = new double[idx.length];
                Arrays.fill(ones, 1.0);
                out.add(RowFactory.create(rng.nextDouble() < p ? 1.0 : 0.0, Vectors.sparse(dim, idx, ones)));
            }
            return out.iterator();
        });
        StructType schema = new StructType().add("label", DataTypes.DoubleType).add("features", SQLDataTypes.VectorType());
        Dataset<Row> df = spark.createDataFrame(data, schema).repartition(PARTITIONS).cache();
        df.count();
        return df;
    }
}
