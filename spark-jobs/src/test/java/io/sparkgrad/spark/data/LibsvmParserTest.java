package io.sparkgrad.spark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.spark.model.Task;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The byte-level libsvm parser and its number reader, without Spark. */
class LibsvmParserTest {
    private static final DataError.Location LOC = new DataError.Location("/data/x.libsvm", 0, 1, 1, false);

    /** Double.parseDouble's bits, or the class of the exception it throws. */
    private static String javaDouble(String s) {
        try {
            return Long.toHexString(Double.doubleToRawLongBits(Double.parseDouble(s)));
        } catch (NumberFormatException e) {
            return "NumberFormatException";
        }
    }

    private static String oursDouble(String s) {
        byte[] b = ("##" + s + "##").getBytes(StandardCharsets.UTF_8);
        try {
            return Long.toHexString(Double.doubleToRawLongBits(DecimalText.parseDouble(b, 2, b.length - 2)));
        } catch (NumberFormatException e) {
            return "NumberFormatException";
        }
    }

    private static String javaInt(String s) {
        try {
            return Integer.toString(Integer.parseInt(s));
        } catch (NumberFormatException e) {
            return "NumberFormatException";
        }
    }

    private static String oursInt(String s) {
        byte[] b = ("7" + s + "7").getBytes(StandardCharsets.UTF_8);
        try {
            return Integer.toString(DecimalText.parseInt(b, 1, b.length - 1));
        } catch (NumberFormatException e) {
            return "NumberFormatException";
        }
    }

    @Test
    void decimalsGiveParseDoublesBitsOnTrickyInputs() {
        for (String s : List.of("0", "-0", "-0.0", "+0", "0.0e5", "-0e-400", "1", "-1", "+1", "1.", ".5", "-.5", ".", "",
                "-", "+", "e5", "1e", "1e+", "1e-", "1.5e3", "1.5E-3", "1e22", "1e23", "9007199254740993", "123456789012345",
                "1234567890123456", "12345678901234567890", "0.1", "0.2", "0.30000000000000004", "3.141592653589793",
                "2.718281828459045235360287", "1e308", "1.7976931348623157e308", "1.7976931348623159e308", "1e309",
                "4.9e-324", "2.4703282292062327e-324", "2e-324", "2.2250738585072014e-308", "2.2250738585072011e-308",
                "1e-400", "0.000000000000000000000000001", "100000000000000000000000", "123e-22", "123e-23",
                "999999999999999e22", "999999999999999e-22", "0.0000000000000000000001", "00000000000000000000001.5",
                "1.00000000000000000000", "NaN", "-NaN", "Infinity", "-Infinity", "inf", "-inf", "1d", "1f", "1D", "0x1p3",
                "1_000", "1,5", "1..2", "1e5.5", "--1", "+-1", "1e0005", "1e-0005", "5e-324", "١٢", "1 ", " 1")) {
            assertEquals(javaDouble(s), oursDouble(s), "'" + s + "'");
        }
    }

    @Test
    void randomDecimalsGiveParseDoublesBits() {
        Random r = new Random(17);
        for (int n = 0; n < 200_000; n++) {
            StringBuilder sb = new StringBuilder();
            switch (r.nextInt(3)) {
                case 0 -> sb.append('-');
                case 1 -> sb.append(r.nextInt(4) == 0 ? "+" : "");
                default -> { }
            }
            int intDigits = r.nextInt(12);
            for (int k = 0; k < intDigits; k++) {
                sb.append((char) ('0' + r.nextInt(10)));
            }
            if (r.nextBoolean()) {
                sb.append('.');
                int frac = r.nextInt(20);
                for (int k = 0; k < frac; k++) {
                    sb.append((char) ('0' + r.nextInt(10)));
                }
            }
            if (r.nextInt(3) == 0) {
                sb.append(r.nextBoolean() ? 'e' : 'E').append(r.nextInt(3) == 0 ? "-" : r.nextInt(4) == 0 ? "+" : "")
                        .append(r.nextInt(r.nextBoolean() ? 30 : 400));
            }
            String s = sb.toString();
            assertEquals(javaDouble(s), oursDouble(s), "'" + s + "'");
        }
        // the shapes a writer of doubles gives: Java's and C's shortest round-trip forms
        for (int n = 0; n < 100_000; n++) {
            double v = switch (n % 4) {
                case 0 -> r.nextDouble();
                case 1 -> r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
                case 2 -> Double.longBitsToDouble(r.nextLong());
                default -> Math.round(r.nextGaussian() * 1e6) / 1e4;
            };
            for (String s : List.of(Double.toString(v), String.format("%.6g", v), String.format("%.17g", v),
                    String.format("%.3f", v))) {
                assertEquals(javaDouble(s), oursDouble(s), "'" + s + "'");
            }
        }
    }

    @Test
    void integersGiveParseIntsAnswers() {
        for (String s : List.of("1", "7", "0", "-3", "+5", "007", "123456789", "1234567890", "2147483647", "2147483648",
                "-2147483648", "99999999999", "", "-", "+", "1a", "a1", "1.0", "1e3", " 1", "١٢")) {
            assertEquals(javaInt(s), oursInt(s), "'" + s + "'");
        }
    }

    private static SparseRowBuffer parsed(LibsvmParser p, String... lines) {
        SparseRowBuffer out = new SparseRowBuffer(4);
        for (String line : lines) {
            byte[] b = line.getBytes(StandardCharsets.UTF_8);
            p.parse(b, 0, b.length, () -> LOC, out);
        }
        return out;
    }

    @Test
    void linesAppendTheirStoredEntriesAsCsrRows() {
        LibsvmParser p = new LibsvmParser("/data/x.libsvm", 0, Task.REGRESSION, 0, false);
        SparseRowBuffer out = parsed(p, "1.5 1:0.5 3:2e3 10:-7", "  -2\t2:0 4:-0.0   5:1.25e-3\r", "0", "3 1:1 2:2 3:3 4:4 "
                + "5:5 6:6 7:7 8:8 9:9 10:10 11:11 12:12 13:13 14:14 15:15 16:16 17:17 18:18");
        assertEquals(4, out.rows());
        assertArrayEquals(new double[] {1.5, -2, 0, 3}, new double[] {out.label(0), out.label(1), out.label(2), out.label(3)});
        assertArrayEquals(new int[] {0, 2, 9}, out.row(0).indices());
        assertArrayEquals(new double[] {0.5, 2000, -7}, out.row(0).values());
        assertArrayEquals(new int[] {4}, out.row(1).indices(), "zeros (-0.0 too) are not stored");
        assertArrayEquals(new double[] {1.25e-3}, out.row(1).values());
        assertEquals(0, out.row(2).indices().length);
        assertEquals(18, out.row(3).indices().length);
        assertEquals(17.0, out.row(3).values()[16]);
        assertArrayEquals(new int[] {0, 3, 4, 4, 22}, new int[] {out.rowStart(0), out.rowStart(1), out.rowStart(2),
            out.rowStart(3), out.rowStart(4)});
    }

    @Test
    void everyBadLineIsNamedWithTheMessageItHadBefore() {
        LibsvmParser p = new LibsvmParser("/data/x.libsvm", 8, Task.BINARY, 2, false);
        String[][] cases = {
            {"1 3:1 2:1", "index 2 follows index 3 (indices must be strictly increasing)"},
            {"1 2:1 2:5", "index 2 follows index 2 (indices must be strictly increasing)"},
            {"1 0:1", "index 0 is not positive (libsvm indices start at 1)"},
            {"1 -4:1", "index -4 is not positive (libsvm indices start at 1)"},
            {"1 2:x", "value 'x' of index 2 is not a number"},
            {"1 2:1:3", "value '1:3' of index 2 is not a number"},
            {"1 2:NaN", "value 'NaN' of index 2 is not a finite number"},
            {"1 2:1e400", "value '1e400' of index 2 is not a finite number"},
            {"1 2", "'2' is not index:value"},
            {"1 2:", "'2:' is not index:value"},
            {"1 :5", "':5' is not index:value"},
            {"1 a:5", "index 'a' is not an integer"},
            {"1 99999999999:5", "index '99999999999' is not an integer"},
            {"1 9:5", "index 9 is out of range: data.numFeatures = 8"},
            {"one 2:1", "label 'one' is not a number"},
            {"inf 2:1", "label 'inf' is not a number"},
            {"Infinity 2:1", "label 'Infinity' is not a finite number"},
            {"2 2:1", "label 2.0 is outside the classes 0..1"},
            {"0.5 2:1", "label 0.5 is outside the classes 0..1"}};
        for (String[] c : cases) {
            DataError e = assertThrows(DataError.class, () -> parsed(p, c[0]), c[0]);
            assertEquals("/data/x.libsvm: row 1: " + c[1] + " ('" + c[0] + "')", e.userMessage());
            assertEquals(LOC, e.location());
        }
        String longLine = "1 1:1 " + "x".repeat(300);
        DataError e = assertThrows(DataError.class, () -> parsed(p, longLine));
        assertTrue(e.userMessage().endsWith("('" + longLine.substring(0, 200) + "...')"), e.userMessage());
    }

    @Test
    void droppedLinesAppendNothing() {
        LibsvmParser p = new LibsvmParser("/data/x.libsvm", 0, Task.BINARY, 2, true);
        SparseRowBuffer out = new SparseRowBuffer(4);
        byte[] bad = "1 1:1 2:2 3:3 3:4".getBytes(StandardCharsets.UTF_8);
        assertFalse(p.parse(bad, 0, bad.length, () -> LOC, out));
        assertEquals(0, out.rows());
        assertEquals(0, out.entries(), "the entries before the bad token are taken back");
        out = parsed(p, "0 1:1", "1 5:1 4:1", "1 2:3");
        assertEquals(2, out.rows());
        assertArrayEquals(new int[] {1}, out.row(1).indices());
        assertEquals(2, out.entries());
    }

    @Test
    void blankMeansWhatStringIsBlankSaysForAscii() {
        for (String s : List.of("", " ", "\t \r", "\u000b\f\u001c\u001f", "a", " 1 ", "\u0001")) {
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            assertEquals(s.isBlank(), LibsvmParser.isBlank(b, 0, b.length), "'" + s + "'");
        }
    }

    @Test
    void theStringEntryPointGivesTheSameRow() {
        LibsvmParser p = new LibsvmParser("/data/x.libsvm", 0, Task.REGRESSION, 0, false);
        SparseRow r = p.parse("2.5 3:0.1 7:1e-5", LOC);
        assertArrayEquals(new int[] {2, 6}, r.indices());
        assertArrayEquals(new double[] {0.1, 1e-5}, r.values());
        assertEquals(2.5, r.label());
        assertEquals(1.0, r.weight());
    }
}
