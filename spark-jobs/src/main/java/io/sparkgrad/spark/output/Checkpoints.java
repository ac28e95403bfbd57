package io.sparkgrad.spark.output;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A directory of checkpoints that survive a kill at any instant. Each checkpoint is written into
 * a new directory {@code ckpt-NNNNNNNN.tmp-XXXX}, gets a {@link Manifest} of its files' sizes and
 * checksums last, and is then renamed to {@code ckpt-NNNNNNNN} (the iteration, zero-padded); only
 * the newest {@link #KEEP} complete ones are kept. {@link #newest()} takes the newest checkpoint
 * whose manifest verifies, and skips torn ones (a kill mid-write, a partial copy) with a warning
 * naming them.
 */
public final class Checkpoints {
    private static final Logger LOG = LoggerFactory.getLogger(Checkpoints.class);
    public static final String PREFIX = "ckpt-";
    private static final String TMP = ".tmp-";
    /** Complete checkpoints kept: the newest and the one before it. */
    public static final int KEEP = 2;

    private final FileSystem fs;
    private final Path dir;

    public Checkpoints(FileSystem fs, Path dir) {
        this.fs = fs;
        this.dir = fs.makeQualified(dir);
    }

    public Path dir() {
        return dir;
    }

    /** The directory name of iteration {@code iteration}'s checkpoint. */
    public static String name(int iteration) {
        return PREFIX + String.format(Locale.ROOT, "%08d", iteration);
    }

    /**
     * Writes checkpoint {@code iteration}: {@code contents} fills a fresh directory, the manifest
     * goes in last, a rename publishes it, older checkpoints beyond {@link #KEEP} are deleted.
     */
    public Path write(int iteration, Consumer<OutputDir> contents) {
        Path done = new Path(dir, name(iteration));
        Path tmp = new Path(dir, name(iteration) + TMP + UUID.randomUUID().toString().substring(0, 8));
        try {
            OutputDir out = OutputDir.at(fs, tmp);
            contents.accept(out);
            FaultInjection.checkpointWritten(iteration);
            out.writeManifest();
            if (fs.exists(done)) {
                fs.delete(done, true);  // a killed earlier attempt at the same iteration
            }
            if (!fs.rename(tmp, done)) {
                throw new IOException("cannot rename " + tmp + " to " + done);
            }
            prune();
            return done;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + done + ": " + e.getMessage(), e);
        }
    }

    /** Whether the directory holds any checkpoint, complete or torn. */
    public boolean isEmpty() {
        try {
            return !fs.exists(dir) || list().isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * The newest complete checkpoint, or null when there is none; torn ones newer than it are
     * reported with a warning naming them and what is wrong.
     */
    public Path newest() {
        try {
            List<FileStatus> all = list();
            all.sort((a, b) -> b.getPath().getName().compareTo(a.getPath().getName()));
            for (FileStatus s : all) {
                String n = s.getPath().getName();
                if (n.contains(TMP)) {
                    LOG.warn("sparkgrad: skipping the torn checkpoint {}: a run was killed while writing it", s.getPath());
                    continue;
                }
                try {
                    Manifest.verify(fs, s.getPath());
                    return s.getPath();
                } catch (IllegalArgumentException e) {
                    LOG.warn("sparkgrad: skipping the torn checkpoint {}: {}", s.getPath(), e.getMessage());
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Deletes every checkpoint and the directory (once a run's committed output supersedes them). */
    public void deleteAll() {
        try {
            fs.delete(dir, true);
        } catch (IOException e) {
            LOG.warn("sparkgrad: could not delete the checkpoints in {}: {}", dir, e.getMessage());
        }
    }

    /** Whether {@code path} is a directory of checkpoints (holds at least one {@code ckpt-*} entry). */
    public static boolean isCheckpointDir(FileSystem fs, Path path) throws IOException {
        if (!fs.exists(path) || !fs.getFileStatus(path).isDirectory()) {
            return false;
        }
        for (FileStatus s : fs.listStatus(path)) {
            if (s.isDirectory() && s.getPath().getName().startsWith(PREFIX)) {
                return true;
            }
        }
        return false;
    }

    private List<FileStatus> list() throws IOException {
        List<FileStatus> out = new ArrayList<>();
        if (!fs.exists(dir)) {
            return out;
        }
        for (FileStatus s : fs.listStatus(dir)) {
            if (s.isDirectory() && s.getPath().getName().startsWith(PREFIX)) {
                out.add(s);
            }
        }
        return out;
    }

    /** Keeps the newest {@link #KEEP} complete checkpoints; deletes older ones and leftovers of killed writes. */
    private void prune() throws IOException {
        List<FileStatus> all = list();
        all.sort((a, b) -> b.getPath().getName().compareTo(a.getPath().getName()));
        int kept = 0;
        for (FileStatus s : all) {
            boolean torn = s.getPath().getName().contains(TMP);
            if (!torn && kept < KEEP) {
                kept++;
            } else {
                fs.delete(s.getPath(), true);
            }
        }
    }
}
