package io.sparkgrad.spark.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.CRC32;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * {@code MANIFEST.json}: the name, size and CRC-32 of every file of a directory, written after
 * them, so that a reader can tell a complete directory (a checkpoint, a model) from one torn by a
 * kill or a partial copy, and name the file that is short or damaged.
 */
public final class Manifest {
    public static final String FILE = "MANIFEST.json";
    public static final String FORMAT = "sparkgrad-manifest";
    public static final int FORMAT_VERSION = 1;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One listed file. */
    public record Entry(String name, long bytes, long crc32) {}

    private Manifest() {}

    /** Lists every plain file of {@code dir} (sub-directories are not followed) into {@code dir/MANIFEST.json}. */
    public static List<Entry> write(FileSystem fs, Path dir) throws IOException {
        List<Entry> entries = new ArrayList<>();
        List<FileStatus> files = new ArrayList<>(List.of(fs.listStatus(dir)));
        files.sort((a, b) -> a.getPath().getName().compareTo(b.getPath().getName()));
        for (FileStatus f : files) {
            String name = f.getPath().getName();
            if (f.isFile() && !name.equals(FILE) && !name.endsWith(".crc")) {
                entries.add(new Entry(name, f.getLen(), crc32(fs, f.getPath())));
            }
        }
        ObjectNode root = JSON.createObjectNode().put("format", FORMAT).put("formatVersion", FORMAT_VERSION);
        ArrayNode list = root.putArray("files");
        for (Entry e : entries) {
            list.addObject().put("name", e.name()).put("bytes", e.bytes()).put("crc32", hex(e.crc32()));
        }
        try (OutputStream out = fs.create(new Path(dir, FILE), true)) {
            out.write(JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
            out.write('\n');
        }
        return entries;
    }

    /** Whether {@code dir} has a manifest at all (directories written before manifests existed have none). */
    public static boolean exists(FileSystem fs, Path dir) throws IOException {
        return fs.exists(new Path(dir, FILE));
    }

    /**
     * Checks every listed file's size and CRC-32.
     *
     * @throws IllegalArgumentException naming the manifest or the first file that is missing,
     *     of another size, or damaged
     */
    public static List<Entry> verify(FileSystem fs, Path dir) throws IOException {
        Path file = new Path(dir, FILE);
        if (!fs.exists(file)) {
            throw new IllegalArgumentException(file + ": missing (the directory was not completely written)");
        }
        JsonNode root;
        try (InputStream in = fs.open(file)) {
            root = JSON.readTree(in);
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": not valid JSON (" + firstLine(e.getMessage()) + ")", e);
        }
        if (root == null || !FORMAT.equals(root.path("format").asText()) || root.path("formatVersion").asInt() != FORMAT_VERSION
                || !root.path("files").isArray()) {
            throw new IllegalArgumentException(file + ": not a " + FORMAT + " version " + FORMAT_VERSION + " file");
        }
        List<Entry> entries = new ArrayList<>();
        for (JsonNode n : root.get("files")) {
            Entry e = new Entry(n.path("name").asText(), n.path("bytes").asLong(-1),
                    Long.parseUnsignedLong(n.path("crc32").asText("0"), 16));
            Path p = new Path(dir, e.name());
            if (!fs.exists(p)) {
                throw new IllegalArgumentException(p + ": missing (listed in " + FILE + ")");
            }
            long bytes = fs.getFileStatus(p).getLen();
            if (bytes != e.bytes()) {
                throw new IllegalArgumentException(p + ": " + bytes + " bytes, " + FILE + " lists " + e.bytes()
                        + " (truncated or partly written)");
            }
            long crc = crc32(fs, p);
            if (crc != e.crc32()) {
                throw new IllegalArgumentException(p + ": CRC-32 " + hex(crc) + ", " + FILE + " lists " + hex(e.crc32())
                        + " (file damaged)");
            }
            entries.add(e);
        }
        return entries;
    }

    static long crc32(FileSystem fs, Path p) throws IOException {
        CRC32 crc = new CRC32();
        byte[] buf = new byte[1 << 16];
        try (InputStream in = fs.open(p)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                crc.update(buf, 0, n);
            }
        }
        return crc.getValue();
    }

    private static String hex(long crc) {
        return String.format(Locale.ROOT, "%08x", crc);
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
