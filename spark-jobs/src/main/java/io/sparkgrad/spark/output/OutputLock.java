package io.sparkgrad.spark.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkgrad.spark.config.ConfigError;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One writer per output path: a lock file {@code .NAME.sparkgrad-lock} next to the output,
 * created exclusively (O_EXCL on a local disk, {@code create(overwrite = false)} on HDFS),
 * naming its holder (application id, host, process id, start time). While held, a daemon thread
 * refreshes the file's modification time every {@code staleSeconds / 4} (at most 30 s).
 *
 * <p>A lock is <b>stale</b>, and taken over with a warning, when its holder ran on this host and
 * that process no longer exists, or when it has not been refreshed for {@code staleSeconds}
 * (a holder on another host that died, or a process id reused). Any other lock refuses the run with a
 * {@link ConfigError} (exit status 2) naming the holder.
 */
public final class OutputLock implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OutputLock.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final FileSystem fs;
    private final Path file;
    private final String token;
    private final ScheduledExecutorService heartbeat;

    private OutputLock(FileSystem fs, Path file, String token, ScheduledExecutorService heartbeat) {
        this.fs = fs;
        this.file = file;
        this.token = token;
        this.heartbeat = heartbeat;
    }

    /** The lock file of an output directory. */
    public static Path lockFile(Path output) {
        return new Path(output.getParent(), "." + output.getName() + ".sparkgrad-lock");
    }

    /**
     * Takes the lock of {@code output} for {@code holder} (the Spark application id).
     *
     * @param key the configuration key or option that named the output, for the error message
     * @throws ConfigError when another live run holds it
     */
    public static OutputLock acquire(FileSystem fs, Path output, String holder, String job, long staleSeconds,
            String key) {
        Path file = lockFile(output);
        String token = UUID.randomUUID().toString();
        try {
            fs.mkdirs(file.getParent());
            byte[] content = describe(holder, job, output, token);
            for (int attempt = 0; attempt < 3; attempt++) {
                if (createExclusive(fs, file, content)) {
                    long period = Math.max(1, Math.min(30, staleSeconds / 4));
                    ScheduledExecutorService beat = Executors.newSingleThreadScheduledExecutor(r -> {
                        Thread t = new Thread(r, "sparkgrad-output-lock");
                        t.setDaemon(true);
                        return t;
                    });
                    beat.scheduleAtFixedRate(() -> touch(fs, file), period, period, TimeUnit.SECONDS);
                    return new OutputLock(fs, file, token, beat);
                }
                JsonNode held = read(fs, file);
                String stale = staleReason(fs, file, held, staleSeconds);
                if (stale == null) {
                    throw new ConfigError(key + ": output '" + output + "' is being written by another run: "
                            + holderText(held) + " (lock " + file + "); wait for it to finish, or delete the lock file "
                            + "if that run is gone");
                }
                LOG.warn("sparkgrad: taking over the stale lock {} of {}: {}", file, holderText(held), stale);
                fs.delete(file, false);
            }
            throw new ConfigError(key + ": cannot take the lock " + file + " (other runs keep taking it)");
        } catch (IOException e) {
            throw new UncheckedIOException(key + ": cannot create the lock " + file + ": " + e.getMessage(), e);
        }
    }

    /** The lock file's path. */
    public Path file() {
        return file;
    }

    /** Releases the lock if it is still this run's. */
    @Override
    public void close() {
        heartbeat.shutdownNow();
        try {
            JsonNode held = read(fs, file);
            if (held != null && token.equals(held.path("token").asText())) {
                fs.delete(file, false);
            }
        } catch (IOException e) {
            LOG.warn("sparkgrad: cannot release the lock {}: {}", file, e.getMessage());
        }
    }

    private static byte[] describe(String holder, String job, Path output, String token) throws IOException {
        ObjectNode n = JSON.createObjectNode()
                .put("holder", holder)
                .put("job", job)
                .put("host", hostName())
                .put("pid", ProcessHandle.current().pid())
                .put("user", System.getProperty("user.name", ""))
                .put("started", Instant.now().toString())
                .put("output", output.toString())
                .put("token", token);
        return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(n);
    }

    private static boolean createExclusive(FileSystem fs, Path file, byte[] content) throws IOException {
        if ("file".equals(fs.getUri().getScheme())) {
            // Hadoop's local create(overwrite = false) checks and creates in two steps; O_EXCL is one
            File f = new File(fs.makeQualified(file).toUri());
            try {
                Files.write(f.toPath(), content, java.nio.file.StandardOpenOption.CREATE_NEW,
                        java.nio.file.StandardOpenOption.WRITE);
                return true;
            } catch (FileAlreadyExistsException e) {
                return false;
            }
        }
        try (OutputStream out = fs.create(file, false)) {
            out.write(content);
            return true;
        } catch (org.apache.hadoop.fs.FileAlreadyExistsException e) {
            return false;
        }
    }

    /** The holder's description, or null when the file vanished or is being written. */
    private static JsonNode read(FileSystem fs, Path file) throws IOException {
        try (InputStream in = fs.open(file)) {
            return JSON.readTree(in);
        } catch (java.io.FileNotFoundException e) {
            return null;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return JSON.createObjectNode();
        }
    }

    /** Why the lock may be taken over, or null when its holder may still be alive. */
    private static String staleReason(FileSystem fs, Path file, JsonNode held, long staleSeconds) throws IOException {
        if (held == null) {
            return "it was just released";
        }
        if (held.has("pid") && hostName().equals(held.path("host").asText())) {
            long pid = held.path("pid").asLong();
            if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                return "process " + pid + " on this host has ended";
            }
        }
        // a holder elsewhere (or a reused process id here) is judged by its heartbeat
        long age = (System.currentTimeMillis() - fs.getFileStatus(file).getModificationTime()) / 1000;
        return age > staleSeconds ? "not refreshed for " + age + " s (more than output.staleLockSeconds = "
                + staleSeconds + ")" : null;
    }

    private static String holderText(JsonNode held) {
        if (held == null || !held.has("holder")) {
            return "an unknown run";
        }
        return held.path("job").asText("a run") + " " + held.path("holder").asText() + " (pid " + held.path("pid").asText()
                + " on " + held.path("host").asText() + ", started " + held.path("started").asText() + ")";
    }

    private static void touch(FileSystem fs, Path file) {
        try {
            fs.setTimes(file, System.currentTimeMillis(), -1);
        } catch (IOException e) {
            LOG.warn("sparkgrad: cannot refresh the lock {}: {}", file, e.getMessage());
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "localhost";
        }
    }
}
