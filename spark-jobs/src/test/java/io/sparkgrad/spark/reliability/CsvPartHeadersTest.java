package io.sparkgrad.spark.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkgrad.spark.LocalSparkTest;
import io.sparkgrad.spark.TrainJob;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * CSV part files are matched by name: a part whose header lists the table's columns in another
 * order is read under its own header (Spark alone would read it by position under one part's
 * header, training on wrong data with exit 0); a file whose first line is not the table's header
 * is named.
 */
class CsvPartHeadersTest extends LocalSparkTest {
    private static final List<String> COLUMNS = List.of("a", "b", "c", "label");

    /** Row i: a ~ 1, b ~ 100, c ~ -50, label ~ a + b/100 + c/50: a misread column shows in every statistic. */
    private static List<double[]> rows() {
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            double a = 1 + (i % 7) * 0.25;
            double b = 100 + (i * 13 % 11);
            double c = -50 - (i * 5 % 9);
            rows.add(new double[] {a, b, c, a + b / 100 + c / 50});
        }
        return rows;
    }

    /** Writes rows [from, to) as a part with the columns in {@code order}; gzipped when the name ends .gz. */
    private static void part(Path file, List<String> order, int from, int to, String bom) throws IOException {
        List<double[]> rows = rows();
        StringBuilder sb = new StringBuilder(bom).append(String.join(",", order)).append('\n');
        for (int i = from; i < to; i++) {
            List<String> cells = new ArrayList<>();
            for (String name : order) {
                cells.add(Double.toString(rows.get(i)[COLUMNS.indexOf(name)]));
            }
            sb.append(String.join(",", cells)).append('\n');
        }
        Files.createDirectories(file.getParent());
        try (OutputStream out = file.toString().endsWith(".gz") ? new GZIPOutputStream(Files.newOutputStream(file))
                : Files.newOutputStream(file)) {
            out.write(sb.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static CommandLine.Outcome train(Path data, Path out) throws IOException {
        Path conf = out.resolveSibling(out.getFileName() + ".conf");
        Files.createDirectories(out.getParent());
        Files.writeString(conf, """
                data { path = "%s", label = label, validationFraction = 0, seed = 3 }
                model { type = linear }
                optimizer { type = adam, lr = 0.05 }
                training { maxIterations = 5, tolerance = 0, partitions = 2 }
                output.path = "%s"
                """.formatted(data, out));
        return CommandLine.run(TrainJob::run, conf.toString());
    }

    private static JsonNode json(Path file) throws IOException {
        return new ObjectMapper().readTree(file.toFile());
    }

    @Test
    void partsWithTheColumnsInAnotherOrderAreReadByName() throws Exception {
        Path consistent = dir.resolve("consistent");
        part(consistent.resolve("part-00000.csv"), COLUMNS, 0, 10, "");
        part(consistent.resolve("part-00001.csv"), COLUMNS, 10, 20, "");
        part(consistent.resolve("part-00002.csv"), COLUMNS, 20, 30, "");
        Path reordered = dir.resolve("reordered");
        part(reordered.resolve("part-00000.csv"), COLUMNS, 0, 10, "");
        part(reordered.resolve("part-00001.csv"), List.of("c", "label", "a", "b"), 10, 20, "\uFEFF");
        part(reordered.resolve("part-00002.csv.gz"), List.of("b", "a", "label", "c"), 20, 30, "");
        Files.writeString(reordered.resolve("_SUCCESS"), "");
        Files.writeString(reordered.resolve(".part-00000.csv.crc"), "not a part");

        CommandLine.Outcome one = train(consistent, dir.resolve("runs/consistent"));
        assertEquals(0, one.status(), one.stderr());
        CommandLine.Outcome two = train(reordered, dir.resolve("runs/reordered"));
        assertEquals(0, two.status(), two.stderr());
        assertTrue(Files.exists(dir.resolve("runs/reordered/_SUCCESS")));

        JsonNode m1 = json(dir.resolve("runs/consistent/model/model.json"));
        JsonNode m2 = json(dir.resolve("runs/reordered/model/model.json"));
        assertEquals(List.of("a", "b", "c"), names(m2.get("features")));
        assertEquals(names(m1.get("features")), names(m2.get("features")));
        // the true means of the 30 rows, which a read by position would miss by far
        double[] truth = new double[3];
        for (double[] r : rows()) {
            for (int j = 0; j < 3; j++) {
                truth[j] += r[j] / 30;
            }
        }
        for (int j = 0; j < 3; j++) {
            double mean = m2.get("standardization").get("means").get(j).asDouble();
            assertEquals(truth[j], mean, 1e-9 * Math.abs(truth[j]), "mean of " + COLUMNS.get(j));
            assertEquals(m1.get("standardization").get("means").get(j).asDouble(), mean, 1e-12 * Math.abs(mean));
            assertEquals(m1.get("standardization").get("stds").get(j).asDouble(),
                    m2.get("standardization").get("stds").get(j).asDouble(), 1e-9);
        }
        JsonNode s1 = json(dir.resolve("runs/consistent/summary.json"));
        JsonNode s2 = json(dir.resolve("runs/reordered/summary.json"));
        assertEquals(30, s2.get("rows").get("train").asLong());
        double o1 = s1.get("finalObjective").asDouble();
        assertEquals(o1, s2.get("finalObjective").asDouble(), 1e-9 * Math.abs(o1), "the same rows give the same fit");
    }

    private static List<String> names(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    @Test
    void aStrayOneLineFileInTheDirectoryIsNamed() throws Exception {
        Path data = dir.resolve("stray");
        part(data.resolve("part-00000.csv"), COLUMNS, 0, 15, "");
        part(data.resolve("part-00001.csv"), COLUMNS, 15, 30, "");
        Files.writeString(data.resolve("meta.json"), "{\"rows\": 30}\n");
        Path out = dir.resolve("runs/stray");
        CommandLine.Outcome r = train(data, out);
        assertEquals(1, r.status(), r.stderr());
        assertEquals("error: " + data.resolve("meta.json") + ": line 1: '{\"rows\": 30}' is not the table's header "
                + "[a, b, c, label] (every file of the directory whose name does not start with _ or . is read as a part "
                + "of the table; move other files out)", r.error());
        assertFalse(Files.exists(out.resolve("_SUCCESS")));
        assertFalse(Files.exists(out));
    }
}
