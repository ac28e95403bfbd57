package io.sparkgrad.spark.output;

import io.sparkgrad.spark.config.ConfigError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A job's output, committed as Hadoop's output committers do: everything is written into a
 * staging directory next to the output ({@code .NAME.sparkgrad-staging-RUN}); {@link #commit}
 * writes {@code _SUCCESS} there last and only then swaps it into place (rename the previous output
 * aside, rename the staging directory to the output path, delete the previous one). Until the
 * commit the previous output stays intact and readable; {@link #abort} (or a kill) leaves it
 * byte-identical. The output's {@link OutputLock} is held from {@link #open} to {@link #close},
 * so no other run writes the same path meanwhile.
 *
 * <p>Debris of killed runs is cleaned up by the next run that takes the lock: staging
 * directories are deleted; if a kill landed between the commit's two renames (the output path
 * missing, the previous output renamed aside), the previous output is put back first.
 *
 * <p>On a local disk and on HDFS a directory rename is atomic, so a reader sees the old output or
 * the new one. On object stores (S3, GCS, ABFS without hierarchical namespace) a rename is a copy
 * and a delete: a reader may briefly see the output path missing or partly copied; {@code _SUCCESS}
 * is copied with the rest, so check it before reading there.
 */
public final class StagedOutput implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(StagedOutput.class);
    private static final String STAGING = ".sparkgrad-staging-";
    private static final String PREVIOUS = ".sparkgrad-previous-";

    private final FileSystem fs;
    private final Path target;
    private final Path staging;
    private final String key;
    private final OutputLock lock;
    private boolean committed;

    private StagedOutput(FileSystem fs, Path target, Path staging, String key, OutputLock lock) {
        this.fs = fs;
        this.target = target;
        this.staging = staging;
        this.key = key;
        this.lock = lock;
    }

    /**
     * Takes the output's lock, cleans up debris of killed runs and checks the output may be
     * written; nothing of a previous output is changed.
     *
     * @param holder the Spark application id, written into the lock
     * @param key the configuration key or option naming the path, for error messages
     * @throws ConfigError when the output exists and {@code overwrite} is false, or another run holds it
     */
    public static StagedOutput open(Configuration conf, String path, boolean overwrite, String holder, String job,
            long staleLockSeconds, String key) {
        Path target;
        FileSystem fs;
        try {
            Path p = new Path(path);
            fs = p.getFileSystem(conf);
            fs.setWriteChecksum(false); // no .crc side files next to the outputs on a local file system
            target = fs.makeQualified(p);
        } catch (IOException | IllegalArgumentException e) {
            throw new ConfigError(key + ": cannot use output '" + path + "': " + e.getMessage(), e);
        }
        if (target.getParent() == null) {
            throw new ConfigError(key + ": output '" + path + "' is a file system root; name a directory under it");
        }
        OutputLock lock = OutputLock.acquire(fs, target, holder, job, staleLockSeconds, key);
        try {
            recover(fs, target);
            if (fs.exists(target) && !overwrite) {
                throw new ConfigError(key + ": output '" + path + "' already exists; delete it or allow replacing it "
                        + "(output.overwrite = true / --overwrite); it is replaced only once the new run has succeeded");
            }
            if (fs.exists(target) && !fs.getFileStatus(target).isDirectory()) {
                throw new ConfigError(key + ": output '" + path + "' is a file, not a directory");
            }
            String run = holder.replaceAll("[^A-Za-z0-9_-]", "_") + "-" + UUID.randomUUID().toString().substring(0, 8);
            Path staging = new Path(target.getParent(), "." + target.getName() + STAGING + run);
            return new StagedOutput(fs, target, staging, key, lock);
        } catch (IOException e) {
            lock.close();
            throw new UncheckedIOException(key + ": cannot prepare output '" + path + "': " + e.getMessage(), e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /** The output path the commit will fill. */
    public Path target() {
        return target;
    }

    /** The staging directory (not created yet: {@link #dir()} creates it, a Spark writer may too). */
    public Path stagingPath() {
        return staging;
    }

    /** The staging directory as a place to write files into (created if missing). */
    public OutputDir dir() {
        return OutputDir.at(fs, staging);
    }

    /**
     * Writes {@code _SUCCESS} into the staging directory, last, then swaps it into place.
     *
     * @throws UncheckedIOException when a rename fails; the previous output is then put back
     */
    public void commit() {
        try {
            OutputDir.at(fs, staging).markSuccess();
            Path previous = null;
            if (fs.exists(target)) {
                previous = new Path(target.getParent(), staging.getName().replace(STAGING, PREVIOUS));
                if (!fs.rename(target, previous)) {
                    throw new IOException("cannot move the previous output aside to " + previous);
                }
            }
            if (!fs.rename(staging, target)) {
                if (previous != null && !fs.exists(target)) {
                    fs.rename(previous, target);
                }
                throw new IOException("cannot rename " + staging + " to " + target);
            }
            committed = true;
            if (previous != null && !fs.delete(previous, true)) {
                LOG.warn("sparkgrad: could not delete the replaced output {}", previous);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(key + ": cannot commit the output '" + target + "': " + e.getMessage(), e);
        }
    }

    /** Deletes the staging directory unless committed; the previous output is untouched. */
    public void abort() {
        if (committed) {
            return;
        }
        try {
            fs.delete(staging, true);
        } catch (IOException e) {
            LOG.warn("sparkgrad: could not delete the staging directory {}: {}", staging, e.getMessage());
        }
    }

    /** Aborts unless committed and releases the lock. */
    @Override
    public void close() {
        abort();
        lock.close();
    }

    /** Puts back an output a kill removed between the commit's renames, then deletes killed runs' debris. */
    private static void recover(FileSystem fs, Path target) throws IOException {
        Path parent = target.getParent();
        if (!fs.exists(parent)) {
            return;
        }
        String prefix = "." + target.getName();
        List<FileStatus> debris = new ArrayList<>();
        for (FileStatus s : fs.listStatus(parent)) {
            String n = s.getPath().getName();
            if (n.startsWith(prefix + STAGING) || n.startsWith(prefix + PREVIOUS)) {
                debris.add(s);
            }
        }
        debris.sort((a, b) -> Long.compare(b.getModificationTime(), a.getModificationTime()));
        if (!fs.exists(target)) {
            for (FileStatus s : debris) {
                if (s.getPath().getName().startsWith(prefix + PREVIOUS) && fs.rename(s.getPath(), target)) {
                    LOG.warn("sparkgrad: a run was killed while committing; restored the previous output {} from {}",
                            target, s.getPath());
                    break;
                }
            }
        }
        for (FileStatus s : debris) {
            if (fs.exists(s.getPath())) {
                LOG.info("sparkgrad: deleting {} left by a killed run", s.getPath());
                fs.delete(s.getPath(), true);
            }
        }
    }

    @Override
    public String toString() {
        return "StagedOutput" + Arrays.asList(target, staging);
    }
}
