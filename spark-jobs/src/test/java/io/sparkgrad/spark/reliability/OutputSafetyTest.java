package io.sparkgrad.spark.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.spark.LocalSparkTest;
import io.sparkgrad.spark.PredictJob;
import io.sparkgrad.spark.TrainJob;
import io.sparkgrad.spark.output.TrainingSnapshot;
import io.sparkgrad.tensor.Tensor;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What a failed, killed, diverged or concurrent run leaves on disk: a previous output stays
 * byte-identical and marked finished, nothing unfinished gets {@code _SUCCESS}, a second writer
 * is refused, and debris of killed runs never blocks the next one.
 */
class OutputSafetyTest extends LocalSparkTest {
    private static Path conf;
    private static String badAtRow559;

    @BeforeAll
    static void files() throws Exception {
        conf = dir.resolve("bc.conf");
        Files.writeString(conf, """
                data { path = "datasets/breast_cancer.csv", seed = 7 }
                model { type = logistic }
                optimizer { type = adam, lr = 0.05 }
                training { maxIterations = 8, tolerance = 0, partitions = 2 }
                output.path = "unused"
                """);
        List<String> lines = new ArrayList<>(Files.readAllLines(Path.of("datasets/breast_cancer.csv")));
        String[] cells = lines.get(560).split(",", -1);  // line 561: the data row 559 of 569 (from 0)
        cells[3] = "abc";
        lines.set(560, String.join(",", cells));
        Path bad = dir.resolve("breast_cancer_bad.csv");
        Files.write(bad, lines);
        badAtRow559 = bad.toString();
    }

    private static CommandLine.Outcome train(Path out, String... sets) {
        List<String> args = new ArrayList<>(List.of(conf.toString(), "--set", "output.path=" + out));
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        return CommandLine.run(TrainJob::run, args.toArray(String[]::new));
    }

    @Test
    void aFailingRunWithOverwriteLeavesThePreviousOutputByteIdentical() throws Exception {
        Path out = dir.resolve("overwrite/out");
        assertEquals(0, train(out).status());
        Map<String, String> before = DirectoryDigest.of(out);
        assertTrue(before.containsKey("_SUCCESS") && before.containsKey("model/model.json"), before.toString());

        CommandLine.Outcome failed = train(out, "output.overwrite=true", "data.path=" + badAtRow559);
        assertEquals(1, failed.status());
        assertTrue(failed.error().contains("line 561, column 'mean_area': 'abc' is not a number"), failed.error());
        assertEquals(before, DirectoryDigest.of(out), "the previous output is byte-identical");
        assertEquals(List.of("out"), DirectoryDigest.names(out.getParent()), "no staging directory or lock left behind");

        CommandLine.Outcome refused = train(out);
        assertEquals(2, refused.status(), "overwrite off: refused before any data is read");
        assertTrue(refused.error().contains("output.path: output '") && refused.error().contains("' already exists"),
                refused.error());
        assertEquals(before, DirectoryDigest.of(out));
    }

    @Test
    void aRunKilledWithOverwriteLeavesThePreviousOutputAndItsDebrisIsCleanedUp() throws Exception {
        Path out = dir.resolve("killed/out");
        assertEquals(0, train(out).status());
        Map<String, String> before = DirectoryDigest.of(out);
        try (ChildJvm child = ChildJvm.start("killed-overwrite", dir.resolve("logs"), TrainJob.class.getName(),
                List.of("-Dspark.master=local[2]", "-Dspark.ui.enabled=false", "-Dsparkgrad.fault=iteration:3"), Map.of(),
                conf.toString(), "--set", "output.path=" + out, "--set", "output.overwrite=true")) {
            child.awaitOutput("sparkgrad-fault: paused after iteration 3", Duration.ofSeconds(120));
            child.kill();
        }
        assertEquals(before, DirectoryDigest.of(out), "the previous output is byte-identical after a kill");
        List<String> debris = DirectoryDigest.names(out.getParent());
        assertTrue(debris.contains(".out.sparkgrad-lock"), debris.toString());

        assertEquals(0, train(out, "output.overwrite=true").status(), "debris does not block the next run");
        assertEquals(List.of("out"), DirectoryDigest.names(out.getParent()), "the next run cleaned up the debris");
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
    }

    @Test
    void predictJobOverwriteOnBadInputKeepsThePreviousScores() throws Exception {
        Path model = dir.resolve("predict/model");
        assertEquals(0, train(model).status());
        Path scored = dir.resolve("predict/scored");
        CommandLine.Outcome ok = CommandLine.run(PredictJob::run, "--model", model.toString(), "--input",
                "datasets/breast_cancer.csv", "--output", scored.toString());
        assertEquals(0, ok.status(), ok.stderr());
        Map<String, String> before = DirectoryDigest.of(scored);

        CommandLine.Outcome failed = CommandLine.run(PredictJob::run, "--model", model.toString(), "--input",
                badAtRow559, "--output", scored.toString(), "--overwrite");
        assertEquals(1, failed.status());
        assertTrue(failed.error().contains("breast_cancer_bad.csv: line 561, column 'mean_area': 'abc' is not a number"),
                failed.error());
        assertEquals(before, DirectoryDigest.of(scored), "the previous scores are byte-identical");
        assertEquals(List.of("model", "scored"), DirectoryDigest.names(scored.getParent()));
    }

    @Test
    void aDivergedRunGetsNoSuccessAndKeepsItsLastGoodCheckpoint() throws Exception {
        Path out = dir.resolve("diverged/out");
        // with l2, each SGD step multiplies the weights by 1 - lr * l2 = -999: they grow without bound
        CommandLine.Outcome r = train(out, "optimizer.type=sgd", "optimizer.lr=1e6", "training.l2=0.001",
                "training.checkpointInterval=1");
        assertEquals(1, r.status());
        assertTrue(r.error().matches("error: iteration \\d+: .*the run diverged — lower optimizer.lr"), r.error());
        assertFalse(Files.exists(out), "nothing is published, so nothing is marked finished");
        TrainingSnapshot last = TrainingSnapshot.read(spark.sparkContext().hadoopConfiguration(), out + ".checkpoints");
        int failedAt = Integer.parseInt(r.error().replaceAll("error: iteration (\\d+):.*", "$1"));
        assertEquals(failedAt - 1, last.model().iterations(), "the checkpoint of the last good iteration");
        for (Tensor t : last.model().parameters().values()) {
            for (double v : t.toArray()) {
                assertTrue(Double.isFinite(v));
            }
        }

        // without the growth rule, the overflow itself is caught and named
        Path inf = dir.resolve("infinite/out");
        CommandLine.Outcome overflow = train(inf, "optimizer.type=sgd", "optimizer.lr=1e306", "training.l2=0.001",
                "training.divergenceFactor=0");
        assertEquals(1, overflow.status());
        assertTrue(overflow.error().matches("error: iteration \\d+: (parameter '(weight|bias)' is (-?Infinity|NaN) at index \\d+ "
                + "after the optimizer step|the objective is (-?Infinity|NaN) .*|the gradient .*); the run diverged — lower "
                + "optimizer.lr"), overflow.error());
        assertFalse(Files.exists(inf));
    }

    @Test
    void aSecondRunOnTheSameOutputIsRefusedAndTheFirstUnharmed() throws Exception {
        Path out = dir.resolve("two/out");
        Path release = dir.resolve("release-two");
        try (ChildJvm first = ChildJvm.start("first-writer", dir.resolve("logs"), TrainJob.class.getName(),
                List.of("-Dspark.master=local[2]", "-Dspark.ui.enabled=false", "-Dsparkgrad.fault=iteration:2",
                        "-Dsparkgrad.fault.release=" + release), Map.of(),
                conf.toString(), "--set", "output.path=" + out)) {
            first.awaitOutput("sparkgrad-fault: paused after iteration 2", Duration.ofSeconds(120));
            CommandLine.Outcome second = train(out, "output.overwrite=true");
            assertEquals(2, second.status());
            assertTrue(second.error().contains("output.path: output '") && second.error().contains("is being written by "
                    + "another run: TrainJob local-") && second.error().contains("(pid " + first.pid() + " on "),
                    second.error());
            Files.writeString(release, "");
            assertEquals(0, first.waitFor(Duration.ofSeconds(120)), first.stderr());
        }
        assertTrue(Files.exists(out.resolve("_SUCCESS")));
        assertEquals(8, TrainingSnapshot.read(spark.sparkContext().hadoopConfiguration(), out.toString()).model().iterations());
        assertEquals(List.of("out"), DirectoryDigest.names(out.getParent()));
    }

    @Test
    void theLockOfAProcessThatEndedIsTakenOver() throws Exception {
        Path out = dir.resolve("stale/out");
        Files.createDirectories(out.getParent());
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(out.getParent().resolve(".out.sparkgrad-lock"), """
                {"holder": "local-1", "job": "TrainJob", "host": "%s", "pid": %d, "started": "2026-01-01T00:00:00Z"}
                """.formatted(InetAddress.getLocalHost().getHostName(), gone.pid()));
        CommandLine.Outcome r = train(out);
        assertEquals(0, r.status(), r.stderr());
        assertEquals(List.of("out"), DirectoryDigest.names(out.getParent()), "the taken-over lock is released at the end");
    }

    @Test
    void aKillBetweenTheCommitsTwoRenamesIsRepairedByTheNextRun() throws Exception {
        Path out = dir.resolve("torn-commit/out");
        assertEquals(0, train(out).status());
        Map<String, String> before = DirectoryDigest.of(out);
        // the state a kill leaves between "move the previous output aside" and "move the new one in"
        Path parent = out.getParent();
        Files.move(out, parent.resolve(".out.sparkgrad-previous-local-9-abcd1234"));
        Files.createDirectories(parent.resolve(".out.sparkgrad-staging-local-9-abcd1234/model"));
        Files.writeString(parent.resolve(".out.sparkgrad-staging-local-9-abcd1234/model/model.json"), "{");

        CommandLine.Outcome failed = train(out, "output.overwrite=true", "data.path=" + badAtRow559);
        assertEquals(1, failed.status());
        assertEquals(before, DirectoryDigest.of(out), "the previous output is put back, byte-identical");
        assertEquals(List.of("out"), DirectoryDigest.names(parent));
    }
}
