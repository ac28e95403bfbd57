package io.sparkgrad.spark.reliability;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A JVM a reliability test starts from the project's own test classpath — a driver, a Spark
 * master or worker — with its output in files, and stops by its PID: {@link #kill()} is
 * {@code kill -9} (SIGKILL) of the process and every process it started, and {@link #close()}
 * does the same for whatever is still running.
 */
final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final String name;

    private ChildJvm(String name, Process process, Path stdout, Path stderr) {
        this.name = name;
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
    }

    /** The test JVM's own classpath (surefire's, not its booter jar). */
    static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isBlank() ? cp : System.getProperty("java.class.path");
    }

    /** The JVM flags Spark's launcher adds on JDK 17, from the build (spark.jvm.flags). */
    static List<String> sparkFlags() {
        String flags = System.getProperty("sparkgrad.test.jvmFlags", "");
        List<String> out = new ArrayList<>();
        for (String f : flags.trim().split("\\s+")) {
            if (!f.isEmpty()) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * Starts {@code mainClass} with {@code args}, the given system properties ({@code -Dk=v})
     * and environment additions; output goes to {@code dir/name.out} and {@code dir/name.err}.
     */
    static ChildJvm start(String name, Path dir, String mainClass, List<String> props, Map<String, String> env,
            String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        cmd.addAll(sparkFlags());
        cmd.add("-Dlog4j2.configurationFile=" + new File("conf/log4j2.properties").toURI());
        cmd.addAll(props);
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add(mainClass);
        cmd.addAll(Arrays.asList(args));
        Files.createDirectories(dir);
        Path out = dir.resolve(name + ".out");
        Path err = dir.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        pb.environment().putAll(env);
        return new ChildJvm(name, pb.start(), out, err);
    }

    long pid() {
        return process.pid();
    }

    ProcessHandle handle() {
        return process.toHandle();
    }

    /** Waits until a line of stderr or stdout contains {@code text}; fails with both outputs' tails after {@code timeout}. */
    void awaitOutput(String text, Duration timeout) throws IOException, InterruptedException {
        long end = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < end) {
            if (stderr().contains(text) || stdout().contains(text)) {
                return;
            }
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before printing '" + text
                        + "'; stderr:\n" + tail(stderr()));
            }
            Thread.sleep(100);
        }
        throw new AssertionError(name + " did not print '" + text + "' within " + timeout + "; stderr:\n" + tail(stderr()));
    }

    /** Waits for the process to exit and returns its status. */
    int waitFor(Duration timeout) throws InterruptedException, IOException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " still running after " + timeout + "; stderr:\n" + tail(stderr()));
        }
        return process.exitValue();
    }

    /** SIGKILL to the process and its descendants (executors a worker started), then waits for it. */
    void kill() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    String stderr() throws IOException {
        return Files.exists(stderr) ? Files.readString(stderr, StandardCharsets.UTF_8) : "";
    }

    String stdout() throws IOException {
        return Files.exists(stdout) ? Files.readString(stdout, StandardCharsets.UTF_8) : "";
    }

    static String tail(String s) {
        return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive() || process.descendants().findAny().isPresent()) {
            kill();
        }
    }
}
