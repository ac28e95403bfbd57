package io.sparkgrad.spark;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/**
 * Base of the test classes that need Spark: one small local Spark per class (started before its
 * first test, stopped after its last) and a temporary directory for the class's files.
 */
public abstract class LocalSparkTest {
    protected static SparkSession spark;

    @TempDir
    protected static Path dir;

    @BeforeAll
    static void startSpark() {
        spark = LocalSpark.start();
    }

    @AfterAll
    static void stopSpark() {
        LocalSpark.stop(spark);
    }
}
