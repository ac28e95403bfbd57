package io.sparkgrad.spark.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkgrad.spark.state.IterationMetrics;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** {@code metrics.jsonl}: one JSON object per iteration, written and read back (a resumed run continues it). */
public final class MetricsLog {
    public static final String FILE = "metrics.jsonl";

    private MetricsLog() {}

    public static String toJsonl(List<IterationMetrics> metrics) {
        StringBuilder sb = new StringBuilder();
        for (IterationMetrics m : metrics) {
            ObjectNode o = Json.object().put("iteration", m.iteration());
            Json.putNumber(o, "loss", m.loss());
            Json.putNumber(o, "objective", m.objective());
            Json.putNumber(o, "gradientNorm", m.gradientNorm());
            Json.putNumber(o, "lr", m.lr());
            o.put("rows", m.rows());
            o.put("passes", m.passes());
            if (!m.validation().isEmpty()) {
                ObjectNode v = o.putObject("validation");
                m.validation().forEach((k, x) -> Json.putNumber(v, k, x));
            }
            Json.putNumber(o, "seconds", m.seconds());
            sb.append(Json.compact(o)).append('\n');
        }
        return sb.toString();
    }

    /** The iterations in {@code file}, or an empty list when there is no such file. */
    public static List<IterationMetrics> read(FileSystem fs, Path file) throws IOException {
        List<IterationMetrics> out = new ArrayList<>();
        if (!fs.exists(file)) {
            return out;
        }
        String text;
        try (InputStream in = fs.open(file)) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        int lineNumber = 0;
        for (String line : text.split("\n", -1)) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode n = Json.parseLine(line, file, lineNumber);
            Json.Fields f = new Json.Fields(file, "line " + lineNumber + ": ", n);
            java.util.Map<String, Double> validation = new java.util.LinkedHashMap<>();
            n.path("validation").properties().forEach(e -> validation.put(e.getKey(), e.getValue().asDouble(Double.NaN)));
            out.add(new IterationMetrics(f.integer("iteration"), n.path("loss").asDouble(Double.NaN),
                    n.path("objective").asDouble(Double.NaN), n.path("gradientNorm").asDouble(Double.NaN),
                    n.path("lr").asDouble(Double.NaN), n.path("rows").asLong(), n.path("seconds").asDouble(Double.NaN),
                    n.path("passes").asInt(1), validation));
        }
        return out;
    }
}
