package io.sparkgrad.nn;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * sparkgrad's checksum of a safetensors file, the {@code crc32} entry of its {@code __metadata__}.
 * It covers what a reader acts on, not only the data: a damaged name, shape or metadata value
 * (an optimizer's learning rate, say) is refused as surely as a damaged value. CRC-32 (zlib's, as
 * {@code java.util.zip.CRC32} and Python's {@code zlib.crc32}) over, in this order:
 *
 * <ol>
 *   <li>the data buffer, every byte after the header;</li>
 *   <li>per tensor, in data order: its name, 0x00, its dtype, 0x00, its dimensions in decimal
 *       joined by {@code ","} (empty for a scalar), 0x00;</li>
 *   <li>per {@code __metadata__} entry except {@code crc32}, by key in code point order (Python's
 *       {@code sorted}): the key, 0x00, the value, 0x00;</li>
 * </ol>
 *
 * strings in UTF-8, written as 8 lowercase hex digits. Sorting the metadata makes the checksum
 * independent of the order a writer puts the keys in (Python's safetensors writes them in hash
 * order). The JSON layout itself (spaces, padding, key order) is not covered; it carries no
 * meaning, and a damaged byte there breaks the JSON instead.
 */
final class SafetensorsChecksum {
    private final CRC32 crc = new CRC32();

    /** Adds a run of data bytes; call for the whole data buffer, in order, first. */
    void data(byte[] bytes, int offset, int length) {
        crc.update(bytes, offset, length);
    }

    /** Adds the tensor index and the metadata and returns the hex digest; call once, last. */
    String finish(List<SafetensorsHeader.Entry> entriesInDataOrder, Map<String, String> metadata) {
        for (SafetensorsHeader.Entry e : entriesInDataOrder) {
            StringBuilder dims = new StringBuilder();
            for (int d : e.shape()) {
                dims.append(dims.length() == 0 ? "" : ",").append(d);
            }
            field(e.name());
            field(SafetensorsHeader.F64);
            field(dims.toString());
        }
        List<String> keys = new ArrayList<>(metadata.keySet());
        keys.remove(Safetensors.CHECKSUM);
        keys.sort(SafetensorsChecksum::compareCodePoints);
        for (String key : keys) {
            field(key);
            field(metadata.get(key));
        }
        return String.format(Locale.ROOT, "%08x", crc.getValue());
    }

    private void field(String s) {
        crc.update(s.getBytes(StandardCharsets.UTF_8));
        crc.update(0);
    }

    /** Code point order, as Python sorts strings; String.compareTo orders UTF-16 units, which differs above U+FFFF. */
    static int compareCodePoints(String a, String b) {
        return Arrays.compare(a.codePoints().toArray(), b.codePoints().toArray());
    }
}
