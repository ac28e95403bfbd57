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
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.RDDInfo;

/**
 * Sparse logistic regression, sparkgrad against MLlib's {@code LogisticRegression} on the same
 * cached data in one process, local[2] (issue 13): 1,000,000 rows × 2^20 hashed-style features, 40
 * stored per row (one-hot values 1), labels drawn from a logistic model of the features. Prints the
 * seconds per iteration, the time to reach MLlib's final training loss against its fit time, and
 * the executor memory per cached row.
 *
 * <pre>bench/mllib.sh sparse [rows] [dimension] [stored per row]   (default 1000000 1048576 40)</pre>
 */
public final class SparseComparison {
    /**
     * Partitions of the cached data, which both tools train on: one per core of {@code local[2]}
     * by default; {@code BENCH_PARTITIONS=4 bench/mllib.sh ...} for another count.
     */
    private static final int PARTITIONS = Integer.getInteger("bench.partitions", 2);

    private SparseComparison() {}

    public static void main(String[] args) {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 1_000_000;
        int dim = args.length > 1 ? Integer.parseInt(args[1]) : 1 << 20;
        int nnz = args.length > 2 ? Integer.parseInt(args[2]) : 40;
        SparkSession spark = SparkSession.builder().master("local[2]").appName("sparkgrad vs MLlib, sparse")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        try {
            System.out.printf(Locale.ROOT, "%n== %d rows x %d features, %d stored per row, %d partitions for both, local[2] ==%n",
                    rows, dim, nnz, PARTITIONS);
            Dataset<Row> df = data(spark, rows, dim, nnz);
            long t0 = System.nanoTime();
            LogisticRegressionModel mllib = new LogisticRegression().setRegParam(0.0).setMaxIter(100).fit(df);
            double mllibFit = (System.nanoTime() - t0) / 1e9;
            double[] objective = mllib.summary().objectiveHistory();
            double target = objective[objective.length - 1];
            int mllibIterations = objective.length - 1;
            System.out.printf(Locale.ROOT, "ml.LogisticRegression: %d iterations, final training loss %.10g, fit %.1f s, "
                    + "%.3f s per iteration%n", mllibIterations, target, mllibFit, mllibFit / Math.max(mllibIterations, 1));

            t0 = System.nanoTime();
            SparkgradClassificationModel sg = new SparkgradClassifier().setNumPartitions(PARTITIONS).setMaxIter(100).fit(df);
            double sgFit = (System.nanoTime() - t0) / 1e9;
            List<IterationMetrics> it = sg.summary().iterations();
            System.out.printf(Locale.ROOT, "sparkgrad's phases (s): %s%n", sg.summary().timings());
            TimeToLoss toTarget = TimeToLoss.of(sgFit, sg.summary(), target);
            double[] s = it.stream().mapToDouble(IterationMetrics::seconds).sorted().toArray();
            double perIteration = s[s.length / 2];
            System.out.printf(Locale.ROOT, "sparkgrad: %d iterations, final loss %.10g, fit %.1f s, median %.3f s per "
                    + "iteration; MLlib's final loss %s%n", it.size(), it.get(it.size() - 1).loss(), sgFit, perIteration,
                    toTarget.reached() ? "reached at iteration " + toTarget.iteration() : "not reached");
            System.out.printf(Locale.ROOT, "%-40s sparkgrad %8.3f   MLlib %8.3f   ratio %.3f (target <= 0.5)%n",
                    "seconds per iteration", perIteration, mllibFit / Math.max(mllibIterations, 1),
                    perIteration / (mllibFit / Math.max(mllibIterations, 1)));
            System.out.printf(Locale.ROOT, "%-40s sparkgrad %8.1f   MLlib %8.1f   ratio %.3f (target <= 0.5)%n",
                    "time to MLlib's final loss (s)", toTarget.seconds(), mllibFit,
                    toTarget.seconds() / mllibFit);
            System.out.printf(Locale.ROOT, "sparkgrad cached blocks: %.1f bytes per row%n", sg.summary().cachedBytesPerRow());
            for (RDDInfo info : spark.sparkContext().getRDDStorageInfo()) {
                System.out.printf(Locale.ROOT, "cached %-40s %8.1f bytes per row (%d MB in memory, %d MB on disk)%n",
                        info.name(), (info.memSize() + info.diskSize()) / (double) rows, info.memSize() >> 20,
                        info.diskSize() >> 20);
            }
        } finally {
            spark.stop();
        }
    }

    /** (label, features) rows: each row's stored indices distinct, sorted, one-hot; the label from a logistic model. */
    static Dataset<Row> data(SparkSession spark, long rows, int dim, int nnz) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        List<Integer> parts = java.util.stream.IntStream.range(0, PARTITIONS).boxed().toList();
        JavaRDD<Row> data = sc.parallelize(parts, PARTITIONS).flatMap(part -> {
            List<Row> out = new java.util.ArrayList<>();
            for (long i = part * rows / PARTITIONS; i < (part + 1) * rows / PARTITIONS; i++) {
                SplittableRandom rng = new SplittableRandom(i * 0x9E3779B97F4A7C15L + 17);
                int[] idx = rng.ints(0, dim).distinct().limit(nnz).sorted().toArray();
                double margin = 0;
                for (int j : idx) {
                    margin += new SplittableRandom(j * 0xBF58476D1CE4E5B9L + 5).nextGaussian();
                }
                double p = 1 / (1 + Math.exp(-margin * 1.5 / Math.sqrt(nnz)));
                double[] ones = new double[idx.length];
                Arrays.fill(ones, 1.0);
                out.add(RowFactory.create(rng.nextDouble() < p ? 1.0 : 0.0, Vectors.sparse(dim, idx, ones)));
            }
            return out.iterator();
        });
        StructType schema = new StructType().add("label", DataTypes.DoubleType).add("features", SQLDataTypes.VectorType());
        Dataset<Row> df = spark.createDataFrame(data, schema).cache();
        df.count();
        return df;
    }
}
