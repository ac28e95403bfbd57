package io.sparkgrad.spark.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.spark.LocalSpark;
import io.sparkgrad.spark.LocalSparkTest;
import io.sparkgrad.spark.TrainJob;
import io.sparkgrad.spark.output.ModelStore;
import io.sparkgrad.spark.output.SavedModel;
import io.sparkgrad.spark.output.TrainingSnapshot;
import io.sparkgrad.spark.state.IterationMetrics;
import io.sparkgrad.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The driver as a real child JVM, killed with SIGKILL mid-run — between iterations, and while a
 * checkpoint is half written — then resumed from its checkpoints: the result is bit-identical to
 * an undisturbed run, and nothing of the killed run is marked finished.
 */
class DriverKillTest extends LocalSparkTest {
    private static final Duration START = Duration.ofSeconds(120);
    private static final String CONFIG = """
            data { path = "datasets/breast_cancer.csv", seed = 7 }
            model { type = logistic }
            optimizer { type = adam, lr = 0.05, schedule { type = cosine, etaMin = 0.001 } }
            training { maxIterations = 12, tolerance = 0, partitions = 2, checkpointInterval = 3, l2 = 0.001 }
            """;
    private static Path conf;
    private static TrainJob.Result reference;

    @BeforeAll
    static void undisturbedRun() throws Exception {
        conf = dir.resolve("kill.conf");
        Files.writeString(conf, CONFIG + "output.path = \"" + dir.resolve("unused") + "\"\n");
        reference = TrainJob.train(spark, LocalSpark.config(CONFIG, dir.resolve("reference")));
        assertEquals(12, reference.iterations());
    }

    private static ChildJvm driver(String name, Path out, String... extra) throws Exception {
        List<String> props = new java.util.ArrayList<>(List.of("-Dspark.master=local[2]", "-Dspark.ui.enabled=false"));
        props.addAll(List.of(extra));
        return ChildJvm.start(name, dir.resolve("logs"), TrainJob.class.getName(), props, Map.of(), conf.toString(),
                "--set", "output.path=" + out);
    }

    private static void assertSameParameters(Map<String, Tensor> expected, Map<String, Tensor> actual) {
        assertEquals(expected.keySet(), actual.keySet());
        for (String name : expected.keySet()) {
            assertArrayEquals(expected.get(name).toArray(), actual.get(name).toArray(), name + " bit for bit");
        }
    }

    @Test
    void killedBetweenIterationsThenResumedEqualsTheUndisturbedRun() throws Exception {
        Path out = dir.resolve("between/out");
        Path checkpoints = dir.resolve("between/out.checkpoints");
        try (ChildJvm child = driver("between", out, "-Dsparkgrad.fault=iteration:7")) {
            child.awaitOutput("sparkgrad-fault: paused after iteration 7", START);
            child.kill();
        }
        assertFalse(Files.exists(out), "a killed run publishes no output");
        assertTrue(Files.exists(checkpoints.resolve("ckpt-00000003")) && Files.exists(checkpoints.resolve("ckpt-00000006")));

        TrainJob.Result resumed = TrainJob.train(spark, LocalSpark.config(CONFIG + "training.resumeFrom = \"" + checkpoints
                + "\"", dir.resolve("between")));
        assertEquals(7, resumed.metrics().get(0).iteration(), "continues after the newest checkpoint, iteration 6");
        assertSameParameters(reference.parameters(), resumed.parameters());
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
        assertFalse(Files.exists(checkpoints), "the committed output supersedes the checkpoints");

        TrainingSnapshot finished = TrainingSnapshot.read(spark.sparkContext().hadoopConfiguration(), out.toString());
        assertEquals(12, finished.model().iterations());
        List<IterationMetrics> history = finished.history();
        assertEquals(12, history.size(), "metrics.jsonl keeps the killed run's iterations");
        for (int i = 0; i < 12; i++) {
            assertEquals(i + 1, history.get(i).iteration());
            assertEquals(reference.metrics().get(i).objective(), history.get(i).objective(), 0.0, "objective " + (i + 1));
        }
    }

    @Test
    void killedWhileWritingACheckpointThenResumedSkipsTheTornOne() throws Exception {
        Path out = dir.resolve("torn/out");
        Path checkpoints = dir.resolve("torn/out.checkpoints");
        try (ChildJvm child = driver("torn", out, "-Dsparkgrad.fault=checkpoint:9")) {
            child.awaitOutput("sparkgrad-fault: paused in checkpoint 9", START);
            child.kill();
        }
        List<String> left;
        try (var listing = Files.list(checkpoints)) {
            left = listing.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(3, left.size(), left.toString());
        assertEquals(List.of("ckpt-00000003", "ckpt-00000006"), left.subList(0, 2));
        assertTrue(left.get(2).startsWith("ckpt-00000009.tmp-"), left.toString());

        // the resume is a real driver too: the same command line plus resumeFrom
        try (ChildJvm resume = ChildJvm.start("torn-resume", dir.resolve("logs"), TrainJob.class.getName(),
                List.of("-Dspark.master=local[2]", "-Dspark.ui.enabled=false"), Map.of(), conf.toString(),
                "--set", "output.path=" + out, "--set", "training.resumeFrom=" + checkpoints)) {
            assertEquals(0, resume.waitFor(START), resume.stderr());
            String log = resume.stderr();
            assertTrue(log.contains("skipping the torn checkpoint") && log.contains("ckpt-00000009.tmp-"), log);
            assertTrue(log.contains("resuming from") && log.contains("ckpt-00000006 after iteration 6"), log);
            assertTrue(log.contains("taking over the stale lock"), "the killed driver's lock is stale: " + log);
        }
        SavedModel saved = ModelStore.read(spark.sparkContext().hadoopConfiguration(), out.toString());
        assertSameParameters(reference.parameters(), saved.parameters());
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
    }
}
