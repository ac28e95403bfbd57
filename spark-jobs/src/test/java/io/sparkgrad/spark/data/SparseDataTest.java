package io.sparkgrad.spark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.spark.LocalSpark;
import io.sparkgrad.spark.LocalSparkTest;
import io.sparkgrad.spark.PredictJob;
import io.sparkgrad.spark.TrainJob;
import io.sparkgrad.spark.config.JobConfig;
import io.sparkgrad.spark.ml.SparkgradClassificationModel;
import io.sparkgrad.spark.ml.SparkgradClassifier;
import io.sparkgrad.spark.output.ModelStore;
import io.sparkgrad.spark.output.SavedModel;
import io.sparkgrad.tensor.Tensor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.spark.ml.evaluation.MulticlassClassificationEvaluator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Sparse input end to end: libsvm, a sparse vector column and hashed columns; CSR blocks that give
 * the dense path's parameters bit for bit; standardisation by scaling only; scoring.
 */
class SparseDataTest extends LocalSparkTest {
    private static final String DIGITS = "datasets/digits_onehot.libsvm";
    private static String binary;

    @BeforeAll
    static void smallBinarySubset() throws Exception {
        // digits 0 and 1 only, relabelled 0/1: a binary problem on the same sparse features
        List<String> lines = new ArrayList<>();
        for (String l : Files.readAllLines(Path.of(DIGITS))) {
            if (l.startsWith("0 ") || l.startsWith("1 ")) {
                lines.add(l);
            }
        }
        Path p = dir.resolve("zero-one.libsvm");
        Files.write(p, lines);
        binary = p.toString();
    }

    private static double[] flat(Map<String, Tensor> params) {
        return params.values().stream().flatMapToDouble(t -> java.util.Arrays.stream(t.toArray())).toArray();
    }

    @Test
    void aVectorsStoredEntriesAreItsNonZeroOnesInIndexOrderAsSparksToSparse() {
        org.apache.spark.ml.linalg.Vector[] vectors = {
            org.apache.spark.ml.linalg.Vectors.dense(0.0, 2.5, -0.0, Double.NaN, -1.0, 0.0),
            org.apache.spark.ml.linalg.Vectors.sparse(9, new int[] {1, 4, 7, 8}, new double[] {3.0, 0.0, -2.0, 0.0}),
            org.apache.spark.ml.linalg.Vectors.sparse(5, new int[] {0, 3}, new double[] {1.0, 4.0}),
            org.apache.spark.ml.linalg.Vectors.dense(0.0, 0.0),
        };
        for (org.apache.spark.ml.linalg.Vector v : vectors) {
            SparseRow row = SparseData.stored(v, 1.0, 0.5);
            org.apache.spark.ml.linalg.SparseVector spark = v.toSparse();
            assertArrayEquals(spark.indices(), row.indices(), v.toString());
            assertArrayEquals(spark.values(), row.values(), v.toString());
            assertEquals(1.0, row.label());
            assertEquals(0.5, row.weight());
        }
        assertArrayEquals(new int[] {1, 3, 4}, SparseData.stored(vectors[0], 0, 1).indices());
        assertArrayEquals(new int[] {1, 7}, SparseData.stored(vectors[1], 0, 1).indices());
    }

    @Test
    void theShippedSparseDigitsTrainToTheStatedAccuracy() throws Exception {
        TrainJob.Result r = TrainJob.train(spark, JobConfig.load("conf/digits-sparse.conf",
                List.of("output.path=" + dir.resolve("digits-sparse"))));
        assertTrue(r.validation().get("accuracy") >= 0.88, "validation " + r.validation());
        SavedModel saved = ModelStore.read(spark.sparkContext().hadoopConfiguration(), r.output());
        assertTrue(saved.features() instanceof FeatureSpace.Names n && n.space().dimension() == 1024
                && n.space().kind() == FeatureSpace.Kind.LIBSVM, saved.features().toString());
        String json = Files.readString(Path.of(r.output().replace("file:", ""), "model/model.json"));
        assertTrue(json.contains("\"featureSpace\"") && !json.contains("\"f1023\""), "no million names in model.json");
    }

    @Test
    void sparseAndDenseBlocksGiveBitIdenticalParameters() {
        for (String model : List.of("model.type = logistic", "model { type = softmax, classes = 10 }")) {
            String data = model.contains("softmax") ? DIGITS : binary;
            String base = "data { path = \"" + data + "\", format = libsvm, standardize = false, blockRows = 64 }\n" + model
                    + "\ntraining { maxIterations = 15, tolerance = 0, partitions = 3, l2 = 0.01 }\n"
                    + "optimizer { type = adam, lr = 0.05 }\n"
                    // sparse blocks are spread in canonical order; the dense ones must be too to sum alike
                    + "data.order = canonical\n";
            TrainJob.Result sparse = TrainJob.train(spark, LocalSpark.config(base + "data.sparse = true",
                    dir.resolve("sparse-" + model.hashCode())));
            TrainJob.Result dense = TrainJob.train(spark, LocalSpark.config(base + "data.sparse = false",
                    dir.resolve("dense-" + model.hashCode())));
            assertArrayEquals(flat(dense.parameters()), flat(sparse.parameters()), model);
            assertEquals(dense.metrics().get(14).objective(), sparse.metrics().get(14).objective(), 0.0);
        }
    }

    @Test
    void sparseStandardisationDividesByTheStandardDeviationWithoutCentring() throws Exception {
        // feature 1: 2, 0, 0, 4 (absent = 0): mean 1.5, population std sqrt(2.75); feature 2 constant 3: std 1
        Path p = dir.resolve("tiny.libsvm");
        Files.write(p, List.of("0 1:2 2:3", "1 2:3", "0 2:3", "1 1:4 2:3"));
        JobConfig cfg = LocalSpark.config("data { path = \"" + p + "\", format = libsvm, validationFraction = 0 }\n"
                + "model.type = logistic\n", dir.resolve("tiny"));
        try (TrainingData data = SparseData.load(spark, TableReader.read(spark, p.toString(), "libsvm", false, ","),
                cfg.data(), cfg.model(), 1, null)) {
            assertArrayEquals(new double[] {Math.sqrt(2.75), 1.0}, data.stds(), 1e-15);
            assertArrayEquals(new double[] {0, 0}, data.means());
            Block b = data.train().collect().get(0);
            assertTrue(b.isSparse());
            assertEquals(6, b.sparse().nnz(), "zeros stay absent");
            assertEquals(2 / Math.sqrt(2.75), b.sparse().value(0), 1e-15);
            assertEquals(3.0, b.sparse().value(1), 0.0, "a constant feature is divided by 1, not centred to 0");
        }
    }

    @Test
    void aSparseVectorColumnTrainsThroughTheEstimatorAndScoresSparse() {
        Dataset<Row> df = spark.read().format("libsvm").option("numFeatures", 1024).load(DIGITS);
        Dataset<Row>[] split = df.randomSplit(new double[] {0.8, 0.2}, 7);
        SparkgradClassificationModel m = new SparkgradClassifier().setRegParam(0.001).setNumPartitions(2).fit(split[0]);
        assertTrue(m.savedModel().features() instanceof FeatureSpace.Names, "trained on sparse blocks");
        double accuracy = new MulticlassClassificationEvaluator().setMetricName("accuracy").evaluate(m.transform(split[1]));
        assertTrue(accuracy >= 0.85, "accuracy " + accuracy);
    }

    @Test
    void hashedCategoricalColumnsTrainAndScore() throws Exception {
        List<String> lines = new ArrayList<>();
        String[] colours = {"red", "green", "blue", "white"};
        String[] sizes = {"s", "m", "l"};
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        for (int i = 0; i < 400; i++) {
            String c = colours[rng.nextInt(4)];
            String s = sizes[rng.nextInt(3)];
            int label = (c.equals("red") || s.equals("l")) ^ rng.nextInt(20) == 0 ? 1 : 0;
            lines.add(c + "," + s + "," + label);
        }
        Path csv = dir.resolve("shirts.csv");
        Files.write(csv, java.util.stream.Stream.concat(java.util.stream.Stream.of("colour,size,label"), lines.stream())
                .toList());
        Path out = dir.resolve("hashed/out");
        TrainJob.Result r = TrainJob.train(spark, LocalSpark.config("data { path = \"" + csv + "\", hashing { columns = "
                + "[colour, size], dimension = 4096 } }\nmodel.type = logistic\ntraining { partitions = 2, l2 = 0.001 }\n",
                dir.resolve("hashed")));
        assertTrue(r.validation().get("accuracy") >= 0.9, "validation " + r.validation());
        Path scored = dir.resolve("hashed/scored");
        assertEquals(400, PredictJob.predict(spark, PredictJob.parseArguments(new String[] {"--model", out.toString(),
            "--input", csv.toString(), "--output", scored.toString()})));
        Dataset<Row> s = spark.read().parquet(scored.toString());
        assertEquals(List.of("colour", "size", "label", "rawPrediction", "probability", "prediction"), List.of(s.columns()));
    }

    @Test
    void predictJobScoresALibsvmFileWithItsLabels() {
        Path out = dir.resolve("lib/out");
        TrainJob.train(spark, LocalSpark.config("data { path = \"" + binary + "\", format = libsvm }\nmodel.type = logistic\n"
                + "training.partitions = 2\n", dir.resolve("lib")));
        Path scored = dir.resolve("lib/scored");
        long n = PredictJob.predict(spark, PredictJob.parseArguments(new String[] {"--model", out.toString(), "--input",
            binary, "--output", scored.toString(), "--format", "libsvm"}));
        Dataset<Row> s = spark.read().parquet(scored.toString());
        assertEquals(List.of("label", "rawPrediction", "probability", "prediction"), List.of(s.columns()));
        long correct = s.filter("label = prediction").count();
        assertTrue(correct >= 0.99 * n, correct + " of " + n);
    }

    @Test
    void badLibsvmLinesAreNamedByFileAndLine() throws Exception {
        Path p = dir.resolve("bad.libsvm");
        for (String[] c : new String[][] {
            {"1 3:1 2:1", "line 2: index 2 follows index 3 (indices must be strictly increasing)"},
            {"1 2:1 2:5", "line 2: index 2 follows index 2"},
            {"1 0:1", "line 2: index 0 is not positive (libsvm indices start at 1)"},
            {"1 2:x", "line 2: value 'x' of index 2 is not a number"},
            {"1 2", "line 2: '2' is not index:value"},
            {"one 2:1", "line 2: label 'one' is not a number"}}) {
            Files.write(p, List.of("0 1:1", c[0], "1 4:2"));
            JobConfig cfg = LocalSpark.config("data { path = \"" + p + "\", format = libsvm }\nmodel.type = logistic\n",
                    dir.resolve("bad"));
            DataError e = assertThrows(DataError.class, () -> TrainJob.train(spark, cfg));
            assertTrue(e.getMessage().startsWith(p + ": " + c[1]), e.getMessage());
        }
        Files.write(p, List.of("0 1:1", "", "1 9:1"));
        JobConfig bounded = LocalSpark.config("data { path = \"" + p + "\", format = libsvm, numFeatures = 8 }\n"
                + "model.type = logistic\n", dir.resolve("bad"));
        DataError e = assertThrows(DataError.class, () -> TrainJob.train(spark, bounded));
        assertTrue(e.getMessage().startsWith(p + ": line 3: index 9 is out of range: data.numFeatures = 8"), e.getMessage());
    }

    @Test
    void aLibsvmFileReadInManySplitsKeepsEveryLineItsIndexAndABadLineItsLineNumber() throws Exception {
        Path p = dir.resolve("split.libsvm");
        List<String> lines = new ArrayList<>();
        for (int i = 1; i <= 3000; i++) {
            lines.add(i % 97 == 0 ? "" : (i % 2) + " " + (1 + i % 5) + ":" + (i * 0.25) + " 9:-1.5e-3");
        }
        Files.write(p, lines);
        var conf = spark.sparkContext().hadoopConfiguration();
        String key = "mapreduce.input.fileinputformat.split.maxsize";
        String before = conf.get(key);
        conf.setLong(key, 4096);  // about 20 splits, each starting mid-line
        try {
            LibsvmParser parser = new LibsvmParser(p.toString(), 0, io.sparkgrad.spark.model.Task.BINARY, 2, false);
            var read = parser.read(org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext()));
            assertTrue(read.getNumPartitions() > 10, read.getNumPartitions() + " partitions");
            List<scala.Tuple2<Long, SparseRow>> rows = read.collect();
            assertEquals(3000 - 3000 / 97, rows.size());
            for (var t : rows) {
                int line = (int) (long) t._1() + 1;  // the index counts every line, blank ones too
                assertTrue(line % 97 != 0, "line " + line);
                assertEquals(line % 2, t._2().label());
                assertArrayEquals(new int[] {line % 5, 8}, t._2().indices());
                assertArrayEquals(new double[] {line * 0.25, -1.5e-3}, t._2().values());
            }
            lines.set(2345, "1 3:1 2:1");
            Files.write(p, lines);
            JobConfig cfg = LocalSpark.config("data { path = \"" + p + "\", format = libsvm }\nmodel.type = logistic\n",
                    dir.resolve("split-bad"));
            DataError e = assertThrows(DataError.class, () -> TrainJob.train(spark, cfg));
            assertTrue(e.getMessage().startsWith(p + ": line 2346: index 2 follows index 3"), e.getMessage());
        } finally {
            if (before == null) {
                conf.unset(key);
            } else {
                conf.set(key, before);
            }
        }
    }
}
