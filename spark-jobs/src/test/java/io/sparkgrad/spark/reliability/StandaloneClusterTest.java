package io.sparkgrad.spark.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.spark.LocalSpark;
import io.sparkgrad.spark.TrainJob;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerExecutorRemoved;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real standalone cluster on 127.0.0.1 — a Master and two Workers started by the test as child
 * JVMs from the project's own classpath, each executor a JVM of its own — and this JVM as the
 * driver. An executor killed with SIGKILL in the middle of training loses its tasks and its
 * cached blocks; Spark re-runs them elsewhere and the parameters come out bit-identical to an
 * undisturbed run on the same cluster.
 */
class StandaloneClusterTest {
    private static final Duration UP = Duration.ofSeconds(90);
    private static final List<ChildJvm> started = new ArrayList<>();
    private static ChildJvm worker;
    private static SparkSession spark;

    /** Kept when a test fails: the workers' directories hold each executor's stderr. */
    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path dir;

    @BeforeAll
    static void startCluster() throws Exception {
        Path home = fakeSparkHome(dir.resolve("spark-home"));
        // what a Spark distribution's load-spark-env.sh would set for the launcher
        Map<String, String> env = Map.of("SPARK_HOME", home.toString(), "SPARK_SCALA_VERSION", "2.13");
        List<String> props = List.of("-Dspark.ui.enabled=true");
        int port = freePort();
        int ui = freePort();
        started.add(ChildJvm.start("master", dir.resolve("logs"), "org.apache.spark.deploy.master.Master", props, env,
                "--host", "127.0.0.1", "--port", Integer.toString(port), "--webui-port", Integer.toString(ui)));
        for (int w = 1; w <= 2; w++) {
            ChildJvm child = ChildJvm.start("worker" + w, dir.resolve("logs"), "org.apache.spark.deploy.worker.Worker", props,
                    env, "spark://127.0.0.1:" + port, "--host", "127.0.0.1", "--cores", "1", "--memory", "1g",
                    "--webui-port", Integer.toString(freePort()), "--work-dir", dir.resolve("work" + w).toString());
            started.add(child);
            if (w == 1) {
                worker = child;
            }
        }
        awaitWorkers(ui, 2);
        List<String> dirs = new ArrayList<>();
        for (String entry : ChildJvm.classpath().split(File.pathSeparator)) {
            if (new File(entry).isDirectory()) {
                dirs.add(entry);
            }
        }
        spark = SparkSession.builder().master("spark://127.0.0.1:" + port).appName("sparkgrad-standalone-test")
                .config("spark.ui.enabled", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.executor.memory", "640m")
                .config("spark.executor.cores", "1")
                .config("spark.cores.max", "2")
                .config("spark.executor.extraClassPath", String.join(File.pathSeparator, dirs))
                .config("spark.executor.extraJavaOptions", String.join(" ", ChildJvm.sparkFlags()))
                .getOrCreate();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        LocalSpark.stop(spark);
        for (int i = started.size() - 1; i >= 0; i--) {
            started.get(i).close();
        }
    }

    /** $SPARK_HOME as a Worker needs it to launch executors: a RELEASE file and jars/ holding this classpath's jars. */
    private static Path fakeSparkHome(Path home) throws IOException {
        Path jars = Files.createDirectories(home.resolve("jars"));
        Files.writeString(home.resolve("RELEASE"), "sparkgrad test cluster\n");
        for (String entry : ChildJvm.classpath().split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (entry.endsWith(".jar") && Files.isRegularFile(p) && !Files.exists(jars.resolve(p.getFileName()))) {
                Files.createSymbolicLink(jars.resolve(p.getFileName()), p.toAbsolutePath());
            }
        }
        return home;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Polls the Master's JSON page until {@code n} workers are alive. */
    private static void awaitWorkers(int uiPort, int n) throws Exception {
        long end = System.nanoTime() + UP.toNanos();
        String last = "";
        while (System.nanoTime() < end) {
            try (InputStream in = URI.create("http://127.0.0.1:" + uiPort + "/json/").toURL().openStream()) {
                last = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                if (last.replace(" ", "").contains("\"aliveworkers\":" + n)) {
                    return;
                }
            } catch (IOException notYet) {
                // the Master's web UI is not up yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError(n + " workers did not register within " + UP + ": " + last + "\nmaster log:\n"
                + ChildJvm.tail(started.get(0).stderr()));
    }

    private static double[] train(String name) {
        TrainJob.Result r = TrainJob.train(spark, LocalSpark.config("""
                data { path = "%s", seed = 7 }
                model { type = mlp, task = binary, hidden = [8], activation = tanh }
                optimizer { type = adam, lr = 0.02 }
                training { maxIterations = 12, tolerance = 0, partitions = 4 }
                """.formatted(new File("datasets/breast_cancer.csv").getAbsolutePath()), dir.resolve(name)));
        assertEquals(12, r.iterations());
        return r.parameters().values().stream().flatMapToDouble(t -> java.util.Arrays.stream(t.toArray())).toArray();
    }

    @Test
    void anExecutorKilledMidTrainingChangesNoBit() throws Exception {
        double[] undisturbed = train("undisturbed");

        AtomicBoolean killed = new AtomicBoolean();
        AtomicInteger removed = new AtomicInteger();
        spark.sparkContext().addSparkListener(new SparkListener() {
            @Override
            public void onJobStart(SparkListenerJobStart job) {
                String description = job.properties().getProperty("spark.job.description", "");
                if (description.startsWith("sparkgrad: train iteration 5/") && killed.compareAndSet(false, true)) {
                    // SIGKILL to the first worker's executor JVM while iteration 5 runs
                    worker.handle().descendants().forEach(ProcessHandle::destroyForcibly);
                }
            }

            @Override
            public void onExecutorRemoved(SparkListenerExecutorRemoved event) {
                removed.incrementAndGet();
            }
        });
        double[] disturbed = train("disturbed");
        assertTrue(killed.get(), "the executor was killed");
        for (int i = 0; i < 100 && removed.get() == 0; i++) {
            Thread.sleep(100);  // the listener bus delivers the removal asynchronously
        }
        assertTrue(removed.get() >= 1, "Spark lost an executor");
        assertArrayEquals(undisturbed, disturbed);
    }
}
