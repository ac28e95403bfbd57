package io.sparkgrad.spark.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sparkgrad.spark.LocalSpark;
import io.sparkgrad.spark.LocalSparkTest;
import io.sparkgrad.spark.TrainJob;
import io.sparkgrad.spark.state.ParameterVector;
import io.sparkgrad.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.Test;

/**
 * θ reaches the executors once per θ (issue 19, item 2): the validation pass after a step and
 * the next iteration's training pass read the same θ_{t+1} and share one broadcast, and so do
 * the final training and validation evaluations; the trained bits are those of a run that
 * shipped θ for every pass.
 */
class OneShipmentPerThetaTest extends LocalSparkTest {
    private static final int FEATURES = 1 << 16; // θ above ParameterShipment.IN_TASK_MAX_VALUES: a broadcast

    private static Path table() throws Exception {
        SplittableRandom rng = new SplittableRandom(23);
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < 1200; r++) {
            int[] idx = rng.ints(1, FEATURES + 1).distinct().limit(20).sorted().toArray();
            StringBuilder line = new StringBuilder(rng.nextDouble() < (idx[0] % 3 == 0 ? 0.8 : 0.3) ? "1" : "0");
            for (int i : idx) {
                line.append(' ').append(i).append(":1");
            }
            lines.add(line.toString());
        }
        Path p = dir.resolve("ship.libsvm");
        Files.write(p, lines);
        return p;
    }

    @Test
    void aStepsValidationAndTheNextTrainingPassShareOneBroadcast() throws Exception {
        Path table = table();
        int iterations = 4;
        String conf = config(table, iterations, 1);
        TrainJob.Result r = TrainJob.train(spark, LocalSpark.config(conf, dir.resolve("run")));
        assertEquals(iterations, r.iterations());
        JsonNode shipments = new ObjectMapper().readTree(dir.resolve("run").resolve("out").resolve("summary.json").toFile())
                .get("parameterShipments");
        // θ_1 … θ_5: each iteration's training pass and the validation at its result share one,
        // the final evaluations reuse θ_5's; shipping per pass made 4 + 4 + 2 = 10
        assertEquals(iterations + 1, shipments.get("shipped").asLong(), shipments.toString());
        assertEquals(iterations + 1, shipments.get("broadcasts").asLong(), shipments.toString());
        // validation passes share θ with training and leave its bits alone
        TrainJob.Result quiet = TrainJob.train(spark, LocalSpark.config(config(table, iterations, 0), dir.resolve("quiet")));
        assertArrayEquals(flat(quiet), flat(r));
    }

    private static double[] flat(TrainJob.Result r) {
        return r.parameters().values().stream().flatMapToDouble(t -> Arrays.stream(t.toArray())).toArray();
    }

    private static String config(Path table, int iterations, int validateEvery) {
        return "data { path = \"" + table + "\", format = libsvm, numFeatures = " + FEATURES
                + ", validationFraction = 0.25, standardize = false, blockRows = 256 }\nmodel.type = logistic\n"
                + "optimizer { type = adam, lr = 0.05 }\n"
                + "training { partitions = 2, maxIterations = " + iterations + ", validateEvery = " + validateEvery
                + ", tolerance = 0 }\noutput.overwrite = true\n";
    }

    @Test
    void keptShipmentsServeEqualParametersAndChangeWithThem() {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        LinkedHashMap<String, Tensor> params = new LinkedHashMap<>();
        params.put("weight", Tensor.wrap(new double[FEATURES], 1, FEATURES));
        params.put("bias", Tensor.wrap(new double[] {0.5}, 1));
        ParameterVector a = ParameterVector.of(params);
        ParameterVector sameBits = ParameterVector.of(params);
        params.put("bias", Tensor.wrap(new double[] {-0.0}, 1));
        ParameterVector negativeZero = ParameterVector.of(params);
        params.put("bias", Tensor.wrap(new double[] {0.0}, 1));
        ParameterVector zero = ParameterVector.of(params);
        try (ParameterShipments kept = ParameterShipments.keptPerTheta(sc)) {
            ParameterShipment first = kept.ship(a);
            kept.done(first);
            assertSame(first, kept.ship(sameBits), "the same names, shapes and bits: the same shipment");
            ParameterShipment other = kept.ship(negativeZero);
            assertNotSame(first, other, "another θ: another shipment");
            assertNotSame(other, kept.ship(zero), "−0.0 and +0.0 are other bits");
            assertEquals(3, kept.shipped());
            assertEquals(3, kept.broadcasts());
        }
        try (ParameterShipments perPass = ParameterShipments.perPass(sc)) {
            ParameterShipment s = perPass.ship(a);
            assertArrayEquals(a.values(), s.get().values());
            perPass.done(s);
            assertNotSame(s, perPass.ship(a), "per pass: a shipment every pass");
            assertEquals(2, perPass.shipped());
        }
    }

    @Test
    void sameAsComparesNamesShapesAndBits() {
        LinkedHashMap<String, Tensor> p = new LinkedHashMap<>();
        p.put("w", Tensor.wrap(new double[] {1, 2, 3, 4}, 2, 2));
        ParameterVector square = ParameterVector.of(p);
        p.put("w", Tensor.wrap(new double[] {1, 2, 3, 4}, 4));
        ParameterVector flat = ParameterVector.of(p);
        LinkedHashMap<String, Tensor> q = new LinkedHashMap<>();
        q.put("v", Tensor.wrap(new double[] {1, 2, 3, 4}, 4));
        assertFalse(square.sameAs(flat), "other shape");
        assertFalse(flat.sameAs(ParameterVector.of(q)), "other name");
        assertTrue(flat.sameAs(ParameterVector.of(p)));
        assertFalse(flat.sameAs(null));
    }
}
