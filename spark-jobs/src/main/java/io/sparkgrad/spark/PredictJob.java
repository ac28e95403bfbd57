package io.sparkgrad.spark;

import io.sparkgrad.autograd.GradMode;
import io.sparkgrad.spark.cli.CommandLines;
import io.sparkgrad.spark.cli.PredictCommand;
import io.sparkgrad.spark.config.ConfigError;
import io.sparkgrad.spark.data.LineLocator;
import io.sparkgrad.spark.data.RowParser;
import io.sparkgrad.spark.data.Standardize;
import io.sparkgrad.spark.data.TableReader;
import io.sparkgrad.spark.model.Model;
import io.sparkgrad.spark.model.ModelSpec;
import io.sparkgrad.spark.model.Models;
import io.sparkgrad.spark.model.Task;
import io.sparkgrad.spark.output.SavedModel;
import io.sparkgrad.spark.output.ModelStore;
import io.sparkgrad.spark.output.StagedOutput;
import io.sparkgrad.spark.train.ParameterVector;
import io.sparkgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Scores a table with a saved model and writes the rows with their predictions as Parquet.
 *
 * <pre>PredictJob --model DIR --input PATH --output DIR [--format csv|parquet|json|orc]
 *            [--header true|false] [--delimiter ,] [--overwrite]</pre>
 *
 * The output has every input column plus {@code prediction} (the value for regression, the
 * class index for classifiers) and, for classifiers, {@code probability} (one per class).
 */
public final class PredictJob {
    static final int SCORE_BLOCK_ROWS = 4096;
    /** A lock on the output not refreshed for this long (its holder on another host died) is taken over. */
    static final long STALE_LOCK_SECONDS = 600;

    private PredictJob() {}

    /** The parsed command line. */
    public record Options(String model, String input, String format, boolean header, String delimiter, String output,
            boolean overwrite) {}

    public static void main(String[] args) {
        int status = run(args);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Parses arguments, then scores on the active or a new SparkSession; returns the exit status. */
    public static int run(String[] args) {
        Options o;
        try {
            o = parseArguments(args);
        } catch (RuntimeException e) {
            return JobFailure.report(e);
        }
        if (o == null) {
            return 0;  // --help or --version
        }
        try {
            SparkSession spark = SparkSessions.start("sparkgrad PredictJob " + o.input() + " → " + o.output());
            long rows = predict(spark, o);
            System.out.println("sparkgrad: scored " + rows + " rows into " + o.output());
            return 0;
        } catch (Throwable t) {
            return JobFailure.report(t);
        }
    }

    /** The command line to options; null when {@code --help} or {@code --version} was asked for (and printed). */
    public static Options parseArguments(String[] args) {
        PredictCommand c = new PredictCommand();
        if (!CommandLines.parse(c, args)) {
            return null;
        }
        if (!c.header().equals("true") && !c.header().equals("false")) {
            throw new ConfigError("--header must be true or false; got '" + c.header() + "'");
        }
        String format = c.format();
        if (format == null) {
            int dot = c.input().lastIndexOf('.');
            String ext = dot >= 0 ? c.input().substring(dot + 1) : "";
            format = List.of("csv", "parquet", "json", "orc").contains(ext) ? ext : "parquet";
        }
        if (!List.of("csv", "parquet", "json", "orc").contains(format)) {
            throw new ConfigError("--format must be one of csv, parquet, json, orc; got '" + format + "'");
        }
        return new Options(c.model(), c.input(), format, Boolean.parseBoolean(c.header()), c.delimiter(), c.output(),
                c.overwrite());
    }

    /**
     * Scores {@code o.input()} and writes {@code o.output()}; returns the number of rows written.
     * The output is committed like a training run's: written beside the output path and swapped
     * in only once complete, so bad input leaves a previous output as it was.
     */
    public static long predict(SparkSession spark, Options o) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration hadoop = sc.hadoopConfiguration();
        SavedModel saved = ModelStore.read(hadoop, o.model());
        try (StagedOutput out = StagedOutput.open(hadoop, o.output(), o.overwrite(), sc.sc().applicationId(), "PredictJob",
                STALE_LOCK_SECONDS, "--output")) {
            TableReader.Table table = TableReader.read(spark, o.input(), o.format(), o.header(), o.delimiter());
            TableReader.resolveFeatures(table, saved.features(), null);
            RowParser parser = new RowParser(table, saved.features(), false, Task.REGRESSION, 0, false);
            int inputColumns = parser.dataColumns();

            ModelSpec spec = saved.spec();
            Broadcast<ParameterVector> theta = sc.broadcast(ParameterVector.of(saved.parameters()));
            double[] mean = saved.means();
            double[] std = saved.stds();
            JavaRDD<Row> scored = TableReader.selectForParsing(table).javaRDD().zipWithIndex().mapPartitions(
                    it -> new Scorer(parser.parseAll(it, (row, index, values) -> new Tuple2<>(row, values)), spec,
                            theta.value(), inputColumns, mean, std));

            StructType schema = new StructType();
            for (int c = 0; c < inputColumns; c++) {
                schema = schema.add(table.df().schema().apply(table.columns().get(c)));
            }
            schema = schema.add("prediction", DataTypes.DoubleType, false);
            if (spec.task().isClassification()) {
                schema = schema.add("probability", DataTypes.createArrayType(DataTypes.DoubleType, false), false);
            }
            sc.setJobDescription("sparkgrad: score " + o.input());
            try {
                spark.createDataFrame(scored, schema).write().mode(SaveMode.ErrorIfExists).parquet(out.stagingPath().toString());
            } catch (Exception e) {  // Spark's SparkException is checked but undeclared
                throw LineLocator.rethrow(hadoop, e);
            } finally {
                sc.setJobDescription(null);
                theta.destroy();
            }
            long rows = spark.read().parquet(out.stagingPath().toString()).count();
            out.commit();
            return rows;
        }
    }

    /** Scores rows a block at a time: parse, standardise, predict without autograd, append. */
    private static final class Scorer implements Iterator<Row> {
        private final Iterator<Tuple2<Row, double[]>> rows;
        private final Model model;
        private final ModelSpec spec;
        private final Map<String, Tensor> params;
        private final int inputColumns;
        private final double[] mean;
        private final double[] std;
        private final List<Row> pending = new ArrayList<>();
        private int next;

        Scorer(Iterator<Tuple2<Row, double[]>> rows, ModelSpec spec, ParameterVector theta, int inputColumns,
                double[] mean, double[] std) {
            this.rows = rows;
            this.spec = spec;
            this.model = Models.create(spec, mean.length);
            this.params = theta.unflatten(theta.values());
            this.inputColumns = inputColumns;
            this.mean = mean;
            this.std = std;
        }

        @Override
        public boolean hasNext() {
            if (next < pending.size()) {
                return true;
            }
            pending.clear();
            next = 0;
            if (rows.hasNext()) {
                scoreBlock();
            }
            return next < pending.size();
        }

        @Override
        public Row next() {
            if (!hasNext()) {
                throw new java.util.NoSuchElementException();
            }
            return pending.get(next++);
        }

        @SuppressWarnings("try") // the no-grad scope is used for its side effect only
        private void scoreBlock() {
            int d = mean.length;
            List<Row> inputs = new ArrayList<>();
            double[] x = new double[SCORE_BLOCK_ROWS * d];
            while (rows.hasNext() && inputs.size() < SCORE_BLOCK_ROWS) {
                Tuple2<Row, double[]> t = rows.next();
                Row row = t._1();
                double[] v = t._2();
                int base = inputs.size() * d;
                for (int j = 0; j < d; j++) {
                    x[base + j] = Standardize.value(v[j], mean[j], std[j]);
                }
                inputs.add(row);
            }
            int n = inputs.size();
            double[] out;
            try (var noGrad = GradMode.noGrad()) {
                out = model.predict(params, Tensor.wrap(java.util.Arrays.copyOf(x, n * d), n, d)).toArray();
            }
            int k = spec.classes();
            for (int r = 0; r < n; r++) {
                Object[] values = new Object[inputColumns + (spec.task().isClassification() ? 2 : 1)];
                Row in = inputs.get(r);
                for (int c = 0; c < inputColumns; c++) {
                    values[c] = in.get(c);
                }
                switch (spec.task()) {
                    case REGRESSION -> values[inputColumns] = out[r];
                    case BINARY -> {
                        values[inputColumns] = out[r] >= 0.5 ? 1.0 : 0.0;
                        values[inputColumns + 1] = new double[] {1 - out[r], out[r]};
                    }
                    case MULTICLASS -> {
                        double[] p = java.util.Arrays.copyOfRange(out, r * k, (r + 1) * k);
                        int best = 0;
                        for (int c = 1; c < k; c++) {
                            if (p[c] > p[best]) {
                                best = c;
                            }
                        }
                        values[inputColumns] = (double) best;
                        values[inputColumns + 1] = p;
                    }
                }
                pending.add(RowFactory.create(values));
            }
        }
    }
}
