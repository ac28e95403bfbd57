package io.sparkgrad.bench;

import io.sparkgrad.spark.data.DataError;
import io.sparkgrad.spark.data.LibsvmParser;
import io.sparkgrad.spark.data.SparseRowBuffer;
import io.sparkgrad.spark.model.Task;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The MLlib side of {@code bench/e2e.sh} (issue 17), one fresh process per command, each printing
 * {@code e2e <what> <seconds>} lines the script collects:
 *
 * <pre>
 * EndToEnd mllib-parquet PATH OUT     VectorAssembler + LogisticRegression (regParam 1e-3, standardization), fit, save
 * EndToEnd mllib-libsvm PATH DIM K    read + cache (numFeatures given), Spark ML's evaluators on the generating model
 * EndToEnd decode-parquet PATH        spark.read.parquet(p).rdd().count(): a pass that decodes every value
 * EndToEnd parse-libsvm PATH DIM N    Spark's libsvm reader (.rdd().count()) against LibsvmParser over Hadoop's
 *                                     text lines, alternately N times each in this process
 * EndToEnd libsvm-data PATH ROWS DIM STORED   writes a deterministic libsvm file
 * </pre>
 */
public final class EndToEnd {
    private EndToEnd() {}

    public static void main(String[] args) throws IOException {
        String command = args[0];
        if (command.equals("libsvm-data")) {
            writeLibsvm(Path.of(args[1]), Long.parseLong(args[2]), Integer.parseInt(args[3]), Integer.parseInt(args[4]));
            return;
        }
        long t0 = System.nanoTime();
        SparkSession spark = SparkSession.builder().master("local[*]").appName("sparkgrad e2e: " + command)
                .config("spark.ui.enabled", "false").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        report("spark start", t0);
        try {
            switch (command) {
                case "mllib-parquet" -> mllibParquet(spark, args[1], args[2]);
                case "mllib-libsvm" -> mllibLibsvm(spark, args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
                case "decode-parquet" -> {
                    long t = System.nanoTime();
                    long n = spark.read().parquet(args[1]).rdd().count();
                    report("decode pass (" + n + " rows)", t);
                }
                case "parse-libsvm" -> parseLibsvm(spark, args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
                default -> throw new IllegalArgumentException("unknown command '" + command + "'");
            }
        } finally {
            spark.stop();
        }
    }

    private static double report(String what, long startNanos) {
        double s = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf(Locale.ROOT, "e2e %s: %.2f%n", what, s);
        return s;
    }

    private static void mllibParquet(SparkSession spark, String path, String out) throws IOException {
        long t = System.nanoTime();
        Dataset<Row> df = spark.read().parquet(path);
        String[] features = Arrays.stream(df.columns()).filter(c -> !c.equals("label")).toArray(String[]::new);
        VectorAssembler assembler = new VectorAssembler().setInputCols(features).setOutputCol("features");
        LogisticRegression lr = new LogisticRegression().setRegParam(1e-3).setStandardization(true);
        PipelineModel model = new Pipeline().setStages(new PipelineStage[] {assembler, lr}).fit(df);
        report("fit", t);
        t = System.nanoTime();
        model.write().overwrite().save(out);
        report("save", t);
        double[] history = ((LogisticRegressionModel) model.stages()[1]).summary().objectiveHistory();
        System.out.printf(Locale.ROOT, "e2e iterations: %d%ne2e objective: %.10f%n", history.length - 1,
                history[history.length - 1]);
    }

    private static void mllibLibsvm(SparkSession spark, String path, int dim, int stored) {
        long t = System.nanoTime();
        Dataset<Row> df = spark.read().format("libsvm").option("numFeatures", dim).load(path)
                .persist(StorageLevel.MEMORY_AND_DISK());
        long rows = df.count();
        report("read + cache (" + rows + " rows)", t);
        // the model the file was drawn from, built directly (a fit over 2^22 features would take longer than the rest)
        double[] w = new double[dim];
        for (int j = 0; j < dim; j++) {
            w[j] = 1.5 / Math.sqrt(stored) * new SplittableRandom((j + 1) * 0xBF58476D1CE4E5B9L + 5).nextGaussian();
        }
        LogisticRegressionModel model = new LogisticRegressionModel("e2e", Vectors.dense(w), 0.0);
        t = System.nanoTime();
        Dataset<Row> scored = model.transform(df);
        BinaryClassificationEvaluator binary = new BinaryClassificationEvaluator();
        double roc = binary.setMetricName("areaUnderROC").evaluate(scored);
        double pr = binary.setMetricName("areaUnderPR").evaluate(scored);
        MulticlassClassificationEvaluator multi = new MulticlassClassificationEvaluator();
        double accuracy = multi.setMetricName("accuracy").evaluate(scored);
        double f1 = multi.setMetricName("f1").evaluate(scored);
        double precision = multi.setMetricName("weightedPrecision").evaluate(scored);
        double recall = multi.setMetricName("weightedRecall").evaluate(scored);
        double logLoss = multi.setMetricName("logLoss").evaluate(scored);
        report("evaluate", t);
        System.out.printf(Locale.ROOT, "e2e metrics: areaUnderROC %.6f areaUnderPR %.6f accuracy %.6f f1 %.6f "
                + "weightedPrecision %.6f weightedRecall %.6f logLoss %.6f%n", roc, pr, accuracy, f1, precision, recall, logLoss);
    }

    /** Spark's reader and sparkgrad's parser over the same file, alternately, in one process. */
    private static void parseLibsvm(SparkSession spark, String path, int dim, int rounds) throws IOException {
        double mb = Files.size(Path.of(path)) / 1e6;
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        LibsvmParser parser = new LibsvmParser(path, dim, Task.BINARY, 2, false);
        for (int round = 1; round <= rounds; round++) {
            long t = System.nanoTime();
            long spark1 = spark.read().format("libsvm").option("numFeatures", dim).load(path).rdd().count();
            double sparkSeconds = report("parse round " + round + " spark libsvm reader (" + spark1 + " rows)", t);
            t = System.nanoTime();
            long ours = parsedRows(sc, path, parser);
            double oursSeconds = report("parse round " + round + " sparkgrad LibsvmParser (" + ours + " rows)", t);
            t = System.nanoTime();
            long job = parser.read(sc).count();
            double jobSeconds = report("parse round " + round + " sparkgrad LibsvmParser.read, the job's: counting pass"
                    + " + parse (" + job + " rows)", t);
            System.out.printf(Locale.ROOT, "e2e parse round %d MB/s: spark %.1f sparkgrad %.1f, time ratio %.3f; "
                    + "the job's read %.1f MB/s, time ratio %.3f%n", round, mb / sparkSeconds, mb / oursSeconds,
                    oursSeconds / sparkSeconds, mb / jobSeconds, jobSeconds / sparkSeconds);
        }
    }

    /**
     * Every line of the file parsed from Hadoop's text input (its bytes, no String per line) into
     * one reused {@link SparseRowBuffer} per task, emptied every 4,096 rows as a block writer would.
     */
    private static long parsedRows(JavaSparkContext sc, String path, LibsvmParser parser) {
        JavaNewHadoopRDD<LongWritable, Text> lines = (JavaNewHadoopRDD<LongWritable, Text>) sc.newAPIHadoopFile(path,
                TextInputFormat.class, LongWritable.class, Text.class, sc.hadoopConfiguration());
        return lines.mapPartitionsWithInputSplit((split, it) -> {
            FileSplit fs = (FileSplit) split;
            String file = fs.getPath().toString();
            long start = fs.getStart();
            SparseRowBuffer out = new SparseRowBuffer(1 << 16);
            long rows = 0;
            long record = 0;
            while (it.hasNext()) {
                Text line = it.next()._2();
                byte[] b = line.getBytes();
                int n = line.getLength();
                if (LibsvmParser.isBlank(b, 0, n)) {
                    continue;
                }
                long r = record++;
                if (parser.parse(b, 0, n, () -> new DataError.Location(file, start, r, r, false), out)) {
                    rows++;
                }
                if (out.rows() == 4096) {
                    out.clear();
                }
            }
            return List.of(rows).iterator();
        }, false).reduce(Long::sum);
    }

    /**
     * {@code rows} lines of {@code stored} strictly increasing indices in 1..dim, values with up to
     * four significant digits (half of them 1), labels from a logistic model of the features.
     */
    private static void writeLibsvm(Path path, long rows, int dim, int stored) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
            StringBuilder sb = new StringBuilder(1 << 12);
            for (long i = 0; i < rows; i++) {
                SplittableRandom rng = new SplittableRandom(i * 0x9E3779B97F4A7C15L + 17);
                int[] idx = rng.ints(1, dim + 1).distinct().limit(stored).sorted().toArray();
                double margin = 0;
                sb.setLength(0);
                for (int j : idx) {
                    double v = rng.nextBoolean() ? 1.0 : Math.round(rng.nextDouble() * 2000) / 1000.0;
                    margin += v * new SplittableRandom(j * 0xBF58476D1CE4E5B9L + 5).nextGaussian();
                    sb.append(' ').append(j).append(':');
                    if (v == 1.0) {
                        sb.append('1');
                    } else {
                        sb.append(v);
                    }
                }
                double p = 1 / (1 + Math.exp(-margin * 1.5 / Math.sqrt(stored)));
                os.write((rng.nextDouble() < p ? "1" : "0").getBytes(StandardCharsets.US_ASCII));
                sb.append('\n');
                os.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
            }
        }
        Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.printf(Locale.ROOT, "e2e wrote %s: %d rows, %.1f MB%n", path, rows, Files.size(path) / 1e6);
    }
}
