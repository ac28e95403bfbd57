package io.sparkgrad.spark.output;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * A directory to write files into, on any Hadoop file system: a run's staging directory
 * ({@link StagedOutput#dir()}), a checkpoint being written, a model directory. Where the
 * directory ends up and when it counts as finished is its owner's business.
 */
public final class OutputDir {
    public static final String SUCCESS = "_SUCCESS";

    private final FileSystem fs;
    private final Path root;

    private OutputDir(FileSystem fs, Path root) {
        this.fs = fs;
        this.root = root;
    }

    /** {@code path} on {@code fs}, created if missing. */
    public static OutputDir at(FileSystem fs, Path path) {
        try {
            fs.mkdirs(path);
            return new OutputDir(fs, fs.makeQualified(path));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory " + path + ": " + e.getMessage(), e);
        }
    }

    /** The fully qualified directory. */
    public Path path() {
        return root;
    }

    /** The file system it is on. */
    public FileSystem fileSystem() {
        return fs;
    }

    /** A sub-directory, as an output directory of its own (created if missing). */
    public OutputDir child(String name) {
        return at(fs, new Path(root, name));
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

    /** Writes {@code MANIFEST.json} listing the files written so far: call it after them. */
    public void writeManifest() {
        try {
            Manifest.write(fs, root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + new Path(root, Manifest.FILE) + ": " + e.getMessage(), e);
        }
    }

    /** Writes the empty {@code _SUCCESS} marker: call it last, after everything else is written. */
    public void markSuccess() {
        writeText(SUCCESS, "");
    }
}
