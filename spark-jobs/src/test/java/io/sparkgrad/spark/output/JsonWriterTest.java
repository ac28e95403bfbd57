package io.sparkgrad.spark.output;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonWriterTest {

    @Test
    void compactWriterEscapesStringsAndWritesNonFiniteNumbersAsNull() {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put("r2", Double.NaN);
        metrics.put("rmse", 0.5);
        String json = JsonWriter.compact().beginObject()
                .field("name", "a \"quoted\"\\path\n")
                .field("n", 3L)
                .field("x", 0.1)
                .field("big", 1e300)
                .field("ok", true)
                .field("list", List.of("x", "y"))
                .field("shape", new int[] {2, 3})
                .field("m", metrics)
                .name("empty").beginArray().endArray()
                .endObject().toString();
        assertEquals("{\"name\":\"a \\\"quoted\\\"\\\\path\\n\",\"n\":3,\"x\":0.1,\"big\":1.0E300,\"ok\":true,"
                + "\"list\":[\"x\",\"y\"],\"shape\":[2,3],\"m\":{\"r2\":null,\"rmse\":0.5},\"empty\":[]}", json);
    }

    @Test
    void prettyWriterIndentsNestedValues() {
        String json = JsonWriter.pretty().beginObject()
                .field("a", 1L)
                .name("b").beginObject().field("c", new double[] {1.5, 2}).endObject()
                .name("d").beginObject().endObject()
                .endObject().toString();
        assertEquals("{\n  \"a\": 1,\n  \"b\": {\n    \"c\": [1.5, 2]\n  },\n  \"d\": {}\n}", json);
    }
}
