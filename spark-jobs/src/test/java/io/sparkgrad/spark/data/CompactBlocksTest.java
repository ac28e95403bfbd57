package io.sparkgrad.spark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkgrad.spark.LocalSpark;
import io.sparkgrad.spark.LocalSparkTest;
import io.sparkgrad.spark.TrainJob;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Rows whose stored values are all 1.0 (hashed indicators, one-hot) are cached as column indices
 * alone: at most 5 bytes per stored entry, shown in summary.json; other rows take what they took
 * before. (The products' bits on binary blocks are SparseMatrixTest's.)
 */
class CompactBlocksTest extends LocalSparkTest {
    private static final int FEATURES = 1 << 16;

    /** 2,000 rows of 40 stored features; {@code value} is what each stored entry holds. */
    private static Path table(String name, String value) throws Exception {
        SplittableRandom rng = new SplittableRandom(11);
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < 2000; r++) {
            int[] idx = rng.ints(1, FEATURES + 1).distinct().limit(40).sorted().toArray();
            StringBuilder line = new StringBuilder(rng.nextDouble() < (idx[0] % 3 == 0 ? 0.8 : 0.3) ? "1" : "0");
            for (int i : idx) {
                line.append(' ').append(i).append(':').append(value);
            }
            lines.add(line.toString());
        }
        Path p = dir.resolve(name + ".libsvm");
        Files.write(p, lines);
        return p;
    }

    private static String config(Path table) {
        return "data { path = \"" + table + "\", format = libsvm, numFeatures = " + FEATURES
                + ", validationFraction = 0.2, standardize = false, blockRows = 512 }\nmodel.type = logistic\n"
                + "training { partitions = 2, maxIterations = 4 }\noutput.overwrite = true\n";
    }

    private static JsonNode cached(Path outDir) throws Exception {
        return new ObjectMapper().readTree(outDir.resolve("out").resolve("summary.json").toFile()).get("cachedBlocks");
    }

    private static double[] flat(TrainJob.Result r) {
        return r.parameters().values().stream().flatMapToDouble(t -> Arrays.stream(t.toArray())).toArray();
    }

    @Test
    void binaryRowsTakeAtMostFiveBytesPerStoredEntryAndTrainToTheSameBits() throws Exception {
        Path ones = table("ones", "1");
        Path written = table("written", "1.0"); // the same values, spelled otherwise: also binary
        Path valued = table("valued", "2.5");
        TrainJob.Result a = TrainJob.train(spark, LocalSpark.config(config(ones), dir.resolve("a")));
        TrainJob.Result b = TrainJob.train(spark, LocalSpark.config(config(written), dir.resolve("b")));
        TrainJob.train(spark, LocalSpark.config(config(valued), dir.resolve("c")));
        assertArrayEquals(flat(a), flat(b), "the same rows");

        JsonNode binary = cached(dir.resolve("a"));
        JsonNode full = cached(dir.resolve("c"));
        assertEquals(2000 * 40, binary.get("storedEntries").asLong());
        assertEquals(binary.get("blocks").asLong(), binary.get("binaryBlocks").asLong(), "every block is binary");
        assertEquals(0, full.get("binaryBlocks").asLong(), "values of 2.5 are kept");
        double perEntry = binary.get("bytesPerStoredEntry").asDouble();
        double fullPerEntry = full.get("bytesPerStoredEntry").asDouble();
        assertTrue(perEntry > 4 && perEntry <= 5, "binary rows: " + perEntry + " bytes per stored entry");
        // index, value, and the rows' labels and offsets: what every sparse block took before
        assertTrue(fullPerEntry > 12 && fullPerEntry <= 12.5, "valued rows: " + fullPerEntry + " bytes per stored entry");
        assertEquals(binary.get("bytesPerRow").asDouble(), perEntry * 40, 1e-6);
    }
}
