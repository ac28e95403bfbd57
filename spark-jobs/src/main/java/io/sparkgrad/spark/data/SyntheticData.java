package io.sparkgrad.spark.data;

import io.sparkgrad.spark.model.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * A deterministic synthetic table for scale runs, written as Parquet: columns {@code f0..f(D-1)}
 * (independent standard normals) and {@code label} drawn from a fixed random linear model.
 *
 * <ul>
 *   <li>regression: label = w·x + 0.1·ε</li>
 *   <li>binary: label ~ Bernoulli(sigmoid(4·w·x))</li>
 *   <li>multiclass: label = argmax_k (W_k·x + Gumbel noise), i.e. drawn from softmax(W·x)</li>
 * </ul>
 *
 * Row i depends only on (seed, i): the same seed gives the same table for any partition count.
 *
 * <pre>SyntheticData --rows N --features D --output PATH [--task binary|multiclass|regression]
 *               [--classes K] [--seed S] [--partitions P] [--overwrite]</pre>
 */
public final class SyntheticData {
    private SyntheticData() {}

    /** What to generate. */
    public record Spec(long rows, int features, Task task, int classes, long seed, int partitions)
            implements java.io.Serializable {}

    private static final String USAGE = "usage: SyntheticData --rows N --features D --output PATH "
            + "[--task binary|multiclass|regression] [--classes K] [--seed S] [--partitions P] [--overwrite]";

    public static void main(String[] args) {
        int status = run(args);
        if (status != 0) {
            System.exit(status);
        }
    }

    /**
     * Parses the arguments and writes the table on the active or a new SparkSession; returns the
     * exit status: 0 (also for {@code --help}, which prints the usage), 2 for a bad command line.
     */
    public static int run(String[] args) {
        long rows = -1;
        int features = -1;
        String output = null;
        Task task = Task.BINARY;
        int classes = 2;
        long seed = 1;
        int partitions = 0;
        boolean overwrite = false;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--help") || a.equals("-h")) {
                    System.out.println(USAGE);
                    return 0;
                }
                if (a.equals("--overwrite")) {
                    overwrite = true;
                    continue;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option '" + a + "' needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--rows" -> rows = Long.parseLong(v);
                    case "--features" -> features = Integer.parseInt(v);
                    case "--output" -> output = v;
                    case "--task" -> task = Task.valueOf(v.toUpperCase(Locale.ROOT));
                    case "--classes" -> classes = Integer.parseInt(v);
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--partitions" -> partitions = Integer.parseInt(v);
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            if (rows < 1 || features < 1 || output == null || (task == Task.MULTICLASS && classes < 2)) {
                throw new IllegalArgumentException("--rows >= 1, --features >= 1 and --output are required"
                        + " (and --classes >= 2 for multiclass)");
            }
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage() + "; " + USAGE);
            return 2;
        }
        SparkSession spark = SparkSession.builder().appName("sparkgrad SyntheticData").getOrCreate();
        int p = partitions > 0 ? partitions : spark.sparkContext().defaultParallelism();
        write(spark, new Spec(rows, features, task, task == Task.BINARY ? 2 : classes, seed, p), output, overwrite);
        System.out.println("sparkgrad: wrote " + rows + " x " + features + " synthetic rows to " + output);
        return 0;
    }

    public static void write(SparkSession spark, Spec spec, String output, boolean overwrite) {
        List<StructField> fields = new ArrayList<>();
        for (int j = 0; j < spec.features(); j++) {
            fields.add(DataTypes.createStructField("f" + j, DataTypes.DoubleType, false));
        }
        fields.add(DataTypes.createStructField("label", DataTypes.DoubleType, false));
        StructType schema = DataTypes.createStructType(fields);
        double[][] weights = trueWeights(spec);
        JavaRDD<Row> rows = spark.range(0, spec.rows(), 1, spec.partitions()).javaRDD()
                .map(id -> RowFactory.create(row(spec, weights, id)));
        spark.createDataFrame(rows, schema).write().mode(overwrite ? SaveMode.Overwrite : SaveMode.ErrorIfExists)
                .parquet(output);
    }

    /** The generating model's weights: one row per class score (one row for binary/regression). */
    static double[][] trueWeights(Spec spec) {
        SplittableRandom rng = new SplittableRandom(spec.seed());
        int k = spec.task() == Task.MULTICLASS ? spec.classes() : 1;
        double[][] w = new double[k][spec.features()];
        for (double[] row : w) {
            for (int j = 0; j < row.length; j++) {
                row[j] = gaussian(rng) / Math.sqrt(spec.features());
            }
        }
        return w;
    }

    private static Object[] row(Spec spec, double[][] w, long id) {
        SplittableRandom rng = new SplittableRandom(ValidationSplit.mix(spec.seed(), id));
        int d = spec.features();
        Object[] values = new Object[d + 1];
        double[] x = new double[d];
        for (int j = 0; j < d; j++) {
            x[j] = gaussian(rng);
            values[j] = x[j];
        }
        double label = switch (spec.task()) {
            case REGRESSION -> dot(w[0], x) + 0.1 * gaussian(rng);
            case BINARY -> rng.nextDouble() < 1 / (1 + Math.exp(-4 * dot(w[0], x))) ? 1.0 : 0.0;
            case MULTICLASS -> {
                int best = 0;
                double bestScore = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < w.length; c++) {
                    double score = 2 * dot(w[c], x) - Math.log(-Math.log(rng.nextDouble()));
                    if (score > bestScore) {
                        bestScore = score;
                        best = c;
                    }
                }
                yield best;
            }
        };
        values[d] = label;
        return values;
    }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    private static double gaussian(SplittableRandom rng) {
        // Box-Muller; one of the pair is enough here
        double u = 1.0 - rng.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.nextDouble());
    }
}
