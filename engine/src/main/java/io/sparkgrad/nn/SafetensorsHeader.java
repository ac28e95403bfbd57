package io.sparkgrad.nn;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.sparkgrad.tensor.Shape;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The JSON header of a safetensors file: writing it as the reference implementation does
 * (compact JSON, {@code __metadata__} first, padded with spaces to a multiple of 8 bytes), and
 * parsing and validating it as the reference does before any data is read. Every rejection is an
 * {@link IllegalArgumentException} saying what is wrong.
 */
final class SafetensorsHeader {
    /** The only dtype sparkgrad stores: IEEE-754 binary64. */
    static final String F64 = "F64";

    /** Every dtype the safetensors specification names, so another one is called unknown, not unsupported. */
    private static final Set<String> KNOWN_DTYPES = Set.of("BOOL", "F4", "F6_E2M3", "F6_E3M2", "U8", "I8", "F8_E5M2",
            "F8_E4M3", "F8_E8M0", "F8_E4M3FNUZ", "F8_E5M2FNUZ", "I16", "U16", "F16", "BF16", "I32", "U32", "F32", "C64",
            F64, "I64", "U64");

    /** Names and strings may be as long as the header itself; Jackson's defaults are far shorter. */
    private static final JsonMapper MAPPER = JsonMapper.builder(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxStringLength((int) Safetensors.MAX_HEADER_BYTES)
                            .maxNameLength((int) Safetensors.MAX_HEADER_BYTES)
                            .build())
                    .build())
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)  // the specification disallows duplicate keys
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** One tensor's entry: its name, shape and byte range in the data buffer. */
    record Entry(String name, int[] shape, long begin, long end) {
        long byteLength() {
            return end - begin;
        }
    }

    /** A validated header: the tensors in data order and the {@code __metadata__} strings in header order. */
    record Parsed(List<Entry> entries, LinkedHashMap<String, String> metadata) {
        /** Bytes of data the entries cover, which is exactly what must follow the header. */
        long dataLength() {
            return entries.isEmpty() ? 0 : entries.get(entries.size() - 1).end();
        }
    }

    private SafetensorsHeader() {
    }

    /** The header bytes, padded with spaces to a multiple of 8, for entries laid out in list order. */
    static byte[] encode(List<Entry> entries, Map<String, String> metadata) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(bytes)) {
            g.writeStartObject();
            g.writeObjectFieldStart(Safetensors.METADATA);
            for (Map.Entry<String, String> e : metadata.entrySet()) {
                g.writeStringField(e.getKey(), e.getValue());
            }
            g.writeEndObject();
            for (Entry e : entries) {
                g.writeObjectFieldStart(e.name());
                g.writeStringField("dtype", F64);
                g.writeArrayFieldStart("shape");
                for (int d : e.shape()) {
                    g.writeNumber(d);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("data_offsets");
                g.writeNumber(e.begin());
                g.writeNumber(e.end());
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot happen: writing JSON to memory", e);
        }
        int length = bytes.size();
        int padded = (length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(bytes.toByteArray(), padded);
        Arrays.fill(out, length, padded, (byte) ' ');
        if (out.length > Safetensors.MAX_HEADER_BYTES) {
            throw new IllegalArgumentException("the header would be " + out.length + " bytes, more than the "
                    + Safetensors.MAX_HEADER_BYTES + " safetensors allows (too many or too long names)");
        }
        return out;
    }

    /** Parses and validates a header; see the class doc of {@link Safetensors} for what is refused. */
    static Parsed parse(byte[] header) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(header)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("bad header: it is not valid UTF-8 (not a safetensors file, or corrupted)");
        }
        if (text.isEmpty() || text.charAt(0) != '{') {
            throw new IllegalArgumentException("bad header: it does not start with '{' (not a safetensors file, or "
                    + "corrupted)");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("bad header JSON: " + e.getOriginalMessage() + " at character "
                    + (e.getLocation() == null ? "?" : e.getLocation().getCharOffset()) + " of the header");
        }
        LinkedHashMap<String, String> metadata = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : root.properties()) {
            if (field.getKey().equals(Safetensors.METADATA)) {
                metadata = metadata(field.getValue());
            } else {
                entries.add(entry(field.getKey(), field.getValue()));
            }
        }
        // the data order; ties (empty tensors) keep the header's order
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long expected = 0;
        for (Entry e : entries) {
            if (e.begin() != expected) {
                throw new IllegalArgumentException("tensor '" + e.name() + "' starts at byte " + e.begin()
                        + " of the data, but " + (expected == 0 ? "the first tensor must start at 0"
                        : "the tensor before it ends at " + expected) + " ("
                        + (e.begin() > expected ? "a hole" : "an overlap") + "; safetensors requires the data to be "
                        + "indexed without holes or overlaps)");
            }
            long size = 8L * Shape.numel(e.shape());
            if (e.byteLength() != size) {
                throw new IllegalArgumentException("tensor '" + e.name() + "' has shape " + Shape.format(e.shape())
                        + ", " + size + " bytes of F64, but its data_offsets [" + e.begin() + ", " + e.end()
                        + "] span " + e.byteLength() + " bytes");
            }
            expected = e.end();
        }
        return new Parsed(entries, metadata);
    }

    private static LinkedHashMap<String, String> metadata(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("bad header: " + Safetensors.METADATA + " is a JSON "
                    + node.getNodeType().toString().toLowerCase(Locale.ROOT) + ", expected an object of "
                    + "strings");
        }
        LinkedHashMap<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException("bad header: " + Safetensors.METADATA + " value of '" + e.getKey()
                        + "' is " + e.getValue() + ", but safetensors metadata values must be strings");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return out;
    }

    private static Entry entry(String name, JsonNode info) {
        String where = "tensor '" + name + "'";
        if (!info.isObject()) {
            throw new IllegalArgumentException("bad header: " + where + " is described by " + info
                    + ", expected an object with dtype, shape and data_offsets");
        }
        JsonNode dtype = info.get("dtype");
        if (dtype == null || !dtype.isTextual()) {
            throw new IllegalArgumentException("bad header: " + where + " has " + (dtype == null ? "no dtype"
                    : "dtype " + dtype + ", not a string"));
        }
        if (!KNOWN_DTYPES.contains(dtype.textValue())) {
            throw new IllegalArgumentException("bad header: " + where + " has an unknown dtype " + dtype);
        }
        if (!dtype.textValue().equals(F64)) {
            throw new IllegalArgumentException("wrong dtype: " + where + " is " + dtype.textValue()
                    + "; sparkgrad reads only F64 (float64) tensors, convert it first (numpy: a.astype('<f8'))");
        }
        int[] shape = shape(where, info.get("shape"));
        JsonNode offsets = info.get("data_offsets");
        if (offsets == null || !offsets.isArray() || offsets.size() != 2 || !isCount(offsets.get(0))
                || !isCount(offsets.get(1))) {
            throw new IllegalArgumentException("bad header: " + where + " has data_offsets "
                    + (offsets == null ? "missing" : offsets) + ", expected [begin, end], two non-negative integers");
        }
        long begin = offsets.get(0).longValue();
        long end = offsets.get(1).longValue();
        if (end < begin) {
            throw new IllegalArgumentException("bad header: " + where + " has data_offsets [" + begin + ", " + end
                    + "] that end before they begin");
        }
        return new Entry(name, shape, begin, end);
    }

    private static int[] shape(String where, JsonNode node) {
        if (node == null || !node.isArray()) {
            throw new IllegalArgumentException("bad header: " + where + " has " + (node == null ? "no shape"
                    : "shape " + node + ", not an array"));
        }
        int[] shape = new int[node.size()];
        long numel = 1;
        for (int d = 0; d < shape.length; d++) {
            JsonNode dim = node.get(d);
            if (!isCount(dim)) {
                throw new IllegalArgumentException("bad header: " + where + " has shape " + node
                        + ", expected non-negative integers");
            }
            if (dim.longValue() > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("bad header: " + where + " has shape " + node + ", whose size "
                        + dim + " is too large for a tensor here");
            }
            shape[d] = dim.intValue();
            // saturating, so that the product cannot overflow
            numel = Math.min(numel * shape[d], Safetensors.MAX_NUMEL + 1L);
        }
        if (numel > Safetensors.MAX_NUMEL) {
            throw new IllegalArgumentException("bad header: " + where + " has shape " + node
                    + ", more elements than one tensor can hold (2^31 - 9)");
        }
        return shape;
    }

    /** A JSON integer that fits a non-negative long (the reference's usize, as far as a file can need). */
    private static boolean isCount(JsonNode n) {
        return n != null && n.isIntegralNumber() && n.canConvertToLong() && n.longValue() >= 0;
    }
}
