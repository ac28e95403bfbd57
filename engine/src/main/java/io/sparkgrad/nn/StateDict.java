package io.sparkgrad.nn;

import io.sparkgrad.tensor.Tensor;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Named tensors (a {@link Module#stateDict()}) in a safetensors file that Python's
 * {@code safetensors} and numpy read with no sparkgrad code, written and read back bit for bit
 * (NaN payloads, -0.0 and subnormals included). Files conventionally end in
 * {@code .safetensors}. The layout, in {@code engine/FORMATS.md}: {@link Safetensors}' with F64
 * tensors laid out in map order and this {@code __metadata__}:
 *
 * <pre>
 *   "format":  "sparkgrad.state_dict"
 *   "version": "1"
 *   "crc32":   8 hex digits, see {@link SafetensorsChecksum} (data, names, shapes and metadata)
 * </pre>
 *
 * <p>{@link #read} fails with an {@link IllegalArgumentException} whose message starts with
 * {@code "state dict: "} and says what is wrong: truncation and where, checksum mismatch, bad
 * header JSON, wrong dtype, offsets that leave holes or overlap, another format, an unsupported
 * version, a missing checksum. A safetensors file from another tool has no sparkgrad metadata and
 * is refused by name; read it with {@link Safetensors#read} instead. The stream must hold exactly
 * one file: safetensors allows no bytes after the data.
 */
public final class StateDict {
    /** The {@code format} metadata value of a state dict. */
    public static final String FORMAT = "sparkgrad.state_dict";
    /** The format version this class writes and reads. */
    public static final int VERSION = 1;

    private StateDict() {
    }

    /** Writes {@code tensors} to {@code out} (not closed; flushed). */
    public static void write(Map<String, Tensor> tensors, OutputStream out) throws IOException {
        BufferedOutputStream buffered = new BufferedOutputStream(out);
        // ordered: Map.of iterates in an order that changes from one JVM to the next, and so would the bytes
        LinkedHashMap<String, String> metadata = new LinkedHashMap<>();
        metadata.put("format", FORMAT);
        metadata.put("version", String.valueOf(VERSION));
        try {
            Safetensors.write(tensors, metadata, buffered);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("state dict: " + e.getMessage(), e);
        }
        buffered.flush();
    }

    /** Reads the state dict that is the whole rest of {@code in} (not closed), validating everything. */
    public static LinkedHashMap<String, Tensor> read(InputStream in) throws IOException {
        Safetensors.Contents contents;
        try {
            contents = Safetensors.read(in);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("state dict: " + e.getMessage(), e);
        }
        Map<String, String> meta = contents.metadata();
        String format = meta.get("format");
        if (!FORMAT.equals(format)) {
            throw new IllegalArgumentException("state dict: not a sparkgrad state dict: " + Safetensors.METADATA
                    + (format == null ? " has no \"format\" (a safetensors file from another tool? read it with "
                            + "Safetensors.read)" : " \"format\" is \"" + format + "\", expected \"" + FORMAT + "\""));
        }
        String version = meta.get("version");
        if (!String.valueOf(VERSION).equals(version)) {
            throw new IllegalArgumentException("state dict: unsupported format version "
                    + (version == null ? "(none given)" : "\"" + version + "\"") + " (this build reads version "
                    + VERSION + ")");
        }
        if (!meta.containsKey(Safetensors.CHECKSUM)) {
            throw new IllegalArgumentException("state dict: " + Safetensors.METADATA + " has no \""
                    + Safetensors.CHECKSUM + "\" checksum, which every sparkgrad state dict carries");
        }
        return contents.tensors();
    }

    /** Writes {@code tensors} to a file, replacing it. */
    public static void save(Map<String, Tensor> tensors, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(tensors, out);
        }
    }

    /** Reads a file written by {@link #save} (or by Python, see {@code engine/FORMATS.md}). */
    public static LinkedHashMap<String, Tensor> load(Path file) throws IOException {
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file))) {
            return read(in);
        }
    }
}
