package io.sparkgrad.spark;

import io.sparkgrad.spark.cli.CommandLines;
import io.sparkgrad.spark.cli.PredictCommand;
import io.sparkgrad.spark.config.ConfigError;
import io.sparkgrad.spark.data.LineLocator;
import io.sparkgrad.spark.data.TableReader;
import io.sparkgrad.spark.output.SavedModel;
import io.sparkgrad.spark.output.ModelStore;
import io.sparkgrad.spark.output.StagedOutput;
import io.sparkgrad.spark.score.ScoreColumns;
import io.sparkgrad.spark.score.Scoring;
import io.sparkgrad.spark.exec.Progress;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

/**
 * Scores a table with a saved model and writes the rows with their predictions as Parquet.
 *
 * <pre>PredictJob --model DIR --input PATH --output DIR [--format csv|parquet|json|orc]
 *            [--header true|false] [--delimiter ,] [--overwrite]</pre>
 *
 * The output has every input column, then, for classifiers, {@code rawPrediction} (the log of each
 * class's probability) and {@code probability} as ML vectors, then {@code prediction} (the class
 * index, or the regression value): the columns of Spark ML's prediction models.
 */
public final class PredictJob {
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
            format = List.of("csv", "parquet", "json", "orc", "libsvm").contains(ext) ? ext : "parquet";
        }
        if (!List.of("csv", "parquet", "json", "orc", "libsvm").contains(format)) {
            throw new ConfigError("--format must be one of csv, parquet, json, orc, libsvm; got '" + format + "'");
        }
        return new Options(c.model(), c.input(), format, Boolean.parseBoolean(c.header()), c.delimiter(), c.output(),
                c.overwrite());
    }

    /**
     * Scores {@code o.input()} and writes {@code o.output()}; returns the number of rows written.
     * The output is committed like a training run's: written beside the output path and swapped
     * in only once complete, so bad input leaves a previous output as it was. The scores are the
     * Spark ML models' ({@link Scoring}): every input column, then {@code rawPrediction} and
     * {@code probability} (ML vectors) for classifiers, then {@code prediction}.
     */
    public static long predict(SparkSession spark, Options o) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Configuration hadoop = sc.hadoopConfiguration();
        SavedModel saved = ModelStore.read(hadoop, o.model());
        try (StagedOutput out = StagedOutput.open(hadoop, o.output(), o.overwrite(), sc.sc().applicationId(), "PredictJob",
                STALE_LOCK_SECONDS, "--output")) {
            TableReader.Table table = TableReader.read(spark, o.input(), o.format(), o.header(), o.delimiter());
            Dataset<Row> scored = Scoring.score(spark, table, saved, table.columns().size(), ScoreColumns.DEFAULT);
            sc.setJobDescription("sparkgrad: score " + o.input());
            long start = Progress.phase("scoring " + o.input() + " into " + out.target());
            try {
                scored.write().mode(SaveMode.ErrorIfExists).parquet(out.stagingPath().toString());
            } catch (Exception e) {  // Spark's SparkException is checked but undeclared
                throw LineLocator.rethrow(hadoop, e);
            } finally {
                sc.setJobDescription(null);
            }
            long rows = spark.read().parquet(out.stagingPath().toString()).count();
            out.commit();
            Progress.done(start, "scored " + rows + " rows into " + out.target());
            return rows;
        }
    }
}
