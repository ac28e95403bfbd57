package io.sparkgrad.spark.output;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A job's output directory on any Hadoop file system. An existing directory is refused unless
 * overwriting was asked for (then it is deleted first, so a stale {@code _SUCCESS} cannot survive
 * a failed run); {@code _SUCCESS} is written last, only by {@link #markSuccess}.
 */
public final class OutputDir {
    public static final String SUCCESS = "_SUCCESS";

    private final FileSystem fs;
    private final Path root;

    private OutputDir(FileSystem fs, Path root) {
        this.fs = fs;
        this.root = root;
    }

    /**
     * @param key the configuration key or option that named the path, for the error message
     * @throws IllegalStateException when the path exists and {@code overwrite} is false
     */
    public static OutputDir prepare(Configuration conf, String path, boolean overwrite, String key) {
        try {
            Path root = new Path(path);
            FileSystem fs = root.getFileSystem(conf);
            fs.setWriteChecksum(false); // no .crc side files next to the outputs on a local file system
            if (fs.exists(root)) {
                if (!overwrite) {
                    throw new IllegalStateException(key + ": output '" + path + "' already exists; "
                            + "delete it or allow replacing it (output.overwrite = true / --overwrite)");
                }
                if (!fs.delete(root, true)) {
                    throw new IOException("cannot delete existing output '" + path + "'");
                }
            }
            fs.mkdirs(root);
            return new OutputDir(fs, fs.makeQualified(root));
        } catch (IOException e) {
            throw new UncheckedIOException(key + ": " + e.getMessage(), e);
        }
    }

    /** The fully qualified directory. */
    public Path path() {
        return root;
    }

    /** A sub-directory, as an output directory of its own (created if missing). */
    public OutputDir child(String name) {
        try {
            Path p = new Path(root, name);
            fs.mkdirs(p);
            return new OutputDir(fs, p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create '" + name + "' under " + root + ": " + e.getMessage(), e);
        }
    }

    /** Creates (or replaces) a file in this directory. */
    public OutputStream create(String name) throws IOException {
        return fs.create(new Path(root, name), true);
    }

    public void writeText(String name, String text) {
        try (OutputStream out = create(name)) {
            out.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + new Path(root, name) + ": " + e.getMessage(), e);
        }
    }

    /** Writes the empty {@code _SUCCESS} marker: call it last, after everything else is written. */
    public void markSuccess() {
        writeText(SUCCESS, "");
    }
}
