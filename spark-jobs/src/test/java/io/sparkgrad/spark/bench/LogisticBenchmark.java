package io.sparkgrad.spark.bench;

import io.sparkgrad.spark.TrainJob;
import io.sparkgrad.spark.config.JobConfig;
import io.sparkgrad.spark.data.SyntheticData;
import io.sparkgrad.spark.model.Task;
import io.sparkgrad.spark.state.IterationMetrics;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/**
 * Seconds per iteration of logistic regression on 200,000 × 100 synthetic rows, 4 partitions,
 * local[2]. A main, not a test (surefire runs *Test classes only):
 *
 * <pre>
 * mvn -B -q -pl spark-jobs -am test-compile dependency:build-classpath \
 *     -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
 * java $(spark-jobs JVM flags) -cp spark-jobs/target/test-classes:spark-jobs/target/classes:$(cat spark-jobs/target/test-classpath.txt) \
 *     io.sparkgrad.spark.bench.LogisticBenchmark [rows] [features] [iterations]
 * </pre>
 */
public final class LogisticBenchmark {
    private LogisticBenchmark() {}

    public static void main(String[] args) throws Exception {
        long rows = args.length > 0 ? Long.parseLong(args[0]) : 200_000;
        int features = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        Path dir = Files.createTempDirectory("sparkgrad-bench");
        SparkSession spark = SparkSession.builder().master("local[2]").appName("sparkgrad benchmark")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        try {
            String data = dir.resolve("synthetic.parquet").toString();
            SyntheticData.write(spark, new SyntheticData.Spec(rows, features, Task.BINARY, 2, 1, 4), data, false);
            JobConfig cfg = JobConfig.from(ConfigFactory.parseString(String.join("\n",
                    "data { path = \"" + data + "\", format = parquet, validationFraction = 0 }",
                    "model.type = logistic",
                    "optimizer { type = adam, lr = 0.1 }",
                    "training { maxIterations = " + iterations + ", tolerance = 0, partitions = 4 }",
                    "output.path = \"" + dir.resolve("out") + "\"")));
            long start = System.nanoTime();
            TrainJob.Result r = TrainJob.train(spark, cfg);
            double total = (System.nanoTime() - start) / 1e9;
            double[] seconds = r.metrics().stream().mapToDouble(IterationMetrics::seconds).sorted().toArray();
            double median = seconds.length % 2 == 1 ? seconds[seconds.length / 2]
                    : 0.5 * (seconds[seconds.length / 2 - 1] + seconds[seconds.length / 2]);
            System.out.printf("logistic regression, %d x %d synthetic rows, 4 partitions, local[2]: "
                            + "median %.4f s/iteration over %d iterations (min %.4f, max %.4f); job total %.1f s "
                            + "(including reading and packing); final loss %.5f, train accuracy %.4f%n",
                    rows, features, median, seconds.length, seconds[0], seconds[seconds.length - 1], total,
                    r.metrics().get(r.metrics().size() - 1).loss(), r.train().get("accuracy"));
        } finally {
            spark.stop();
        }
    }
}
