package io.sparkgrad.spark;

import io.sparkgrad.spark.config.JobConfig;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** The one small local Spark each test class starts in {@code @BeforeAll} and stops in {@code @AfterAll}. */
public final class LocalSpark {
    private LocalSpark() {}

    public static SparkSession start() {
        return SparkSession.builder()
                .master("local[2]")
                .appName("sparkgrad-test")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.warehouse.dir", System.getProperty("java.io.tmpdir") + "/sparkgrad-test-warehouse")
                .getOrCreate();
    }

    public static void stop(SparkSession spark) {
        if (spark != null) {
            spark.stop();
        }
        SparkSession.clearActiveSession();
        SparkSession.clearDefaultSession();
    }

    /** A configuration from HOCON text, with {@code output.path} under {@code dir}. */
    public static JobConfig config(String hocon, Path dir) {
        String withOutput = hocon + "\noutput.path = \"" + dir.resolve("out").toString().replace("\\", "/") + "\"\n";
        return JobConfig.from(ConfigFactory.parseString(withOutput).resolve());
    }
}
