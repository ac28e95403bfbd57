package io.sparkgrad.spark;

import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts (or joins) the job's SparkSession, saying so at once: starting Spark takes seconds. */
final class SparkSessions {
    private static final Logger LOG = LoggerFactory.getLogger(SparkSessions.class);

    private SparkSessions() {}

    static SparkSession start(String appName) {
        LOG.info("sparkgrad: starting Spark ...");
        long t0 = System.nanoTime();
        SparkSession spark = SparkSession.builder().appName(appName).getOrCreate();
        var sc = spark.sparkContext();
        String ui = sc.uiWebUrl().isDefined() ? "; Spark UI at " + sc.uiWebUrl().get() + " (each stage is named after its "
                + "phase or iteration)" : "";
        LOG.info(String.format(java.util.Locale.ROOT, "sparkgrad: Spark %s, master %s, application %s (%.1f s)%s",
                sc.version(), sc.master(), sc.applicationId(), (System.nanoTime() - t0) / 1e9, ui));
        return spark;
    }
}
