package io.sparkgrad.spark.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.spark.LocalSparkTest;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.Pipeline;
import org.apache.spark.ml.PipelineModel;
import org.apache.spark.ml.PipelineStage;
import org.apache.spark.ml.classification.FMClassifier;
import org.apache.spark.ml.evaluation.BinaryClassificationEvaluator;
import org.apache.spark.ml.evaluation.RegressionEvaluator;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.ml.regression.FMRegressor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parity with MLlib's FMClassifier and FMRegressor on the same rows and settings, solvers adamW
 * and gd: the same seed gives the same initial factors (both draw them from java.util.Random in
 * row-major order), the solvers take MLlib's steps (AdamW's decoupled decay of regParam · w, GD's
 * stepSize / √t with regParam · w in the gradient), so sparkgrad reaches the same training loss
 * (to rounding, or lower) and the same held-out AUC / RMSE to 0.005.
 */
class FmParityTest extends LocalSparkTest {
    private static final int USERS = 30;
    private static final int ITEMS = 30;
    private static final int CONTEXTS = 5;
    private static final int FEATURES = USERS + ITEMS + CONTEXTS;
    private static Dataset<Row>[] binary;
    private static Dataset<Row>[] regression;

    /** A user, an item and a context, one-hot; the target a rank-3 user × item interaction plus a context effect. */
    @BeforeAll
    @SuppressWarnings("unchecked")
    static void data() {
        SplittableRandom rng = new SplittableRandom(23);
        double[][] a = new double[USERS][3];
        double[][] b = new double[ITEMS][3];
        for (double[][] m : new double[][][] {a, b}) {
            for (double[] r : m) {
                for (int f = 0; f < 3; f++) {
                    r[f] = rng.nextGaussian();
                }
            }
        }
        List<Row> cls = new ArrayList<>();
        List<Row> reg = new ArrayList<>();
        for (int n = 0; n < 3000; n++) {
            int u = rng.nextInt(USERS);
            int i = rng.nextInt(ITEMS);
            int c = rng.nextInt(CONTEXTS);
            double dot = a[u][0] * b[i][0] + a[u][1] * b[i][1] + a[u][2] * b[i][2];
            double z = dot + 0.3 * (c - 2);
            Vector x = Vectors.sparse(FEATURES, new int[] {u, USERS + i, USERS + ITEMS + c}, new double[] {1, 1, 1});
            cls.add(RowFactory.create(rng.nextDouble() < 1 / (1 + Math.exp(-2 * z)) ? 1.0 : 0.0, x));
            reg.add(RowFactory.create(z + 0.1 * rng.nextGaussian(), x));
        }
        StructType schema = new StructType().add("label", DataTypes.DoubleType)
                .add("features", org.apache.spark.ml.linalg.SQLDataTypes.VectorType());
        binary = spark.createDataFrame(cls, schema).randomSplit(new double[] {0.8, 0.2}, 5);
        regression = spark.createDataFrame(reg, schema).randomSplit(new double[] {0.8, 0.2}, 5);
        for (Dataset<Row>[] d : new Dataset[][] {binary, regression}) {
            d[0] = d[0].repartition(2).cache();
            d[1] = d[1].cache();
        }
    }

    private static double logLoss(Dataset<Row> scored) {
        double sum = 0;
        List<Row> rows = scored.select("label", "probability").collectAsList();
        for (Row r : rows) {
            double p = ((Vector) r.get(1)).apply(1);
            sum -= r.getDouble(0) > 0.5 ? Math.log(p) : Math.log1p(-p);
        }
        return sum / rows.size();
    }

    private static double rmse(Model<?> m, Dataset<Row> rows) {
        return new RegressionEvaluator().setMetricName("rmse").evaluate(m.transform(rows));
    }

    @ParameterizedTest(name = "solver {0}")
    @ValueSource(strings = {"adamW", "gd"})
    void theClassifierReachesMllibsTrainingLossAndHeldOutAuc(String solver) {
        double lr = solver.equals("gd") ? 1.0 : 0.05;
        int iterations = solver.equals("gd") ? 200 : 100;
        Model<?> mllib = new FMClassifier().setFactorSize(4).setSolver(solver).setStepSize(lr).setMaxIter(iterations)
                .setTol(0).setInitStd(0.1).setRegParam(0.001).setSeed(7).fit(binary[0]);
        Model<?> ours = new SparkgradClassifier().setModelType("fm").setFactorSize(4).setSolver(solver).setLearningRate(lr)
                .setMaxIter(iterations).setTol(0).setInitStd(0.1).setRegParam(0.001).setSeed(7).setStandardization(false)
                .setNumPartitions(2).fit(binary[0]);
        double mllibLoss = logLoss(mllib.transform(binary[0]));
        double oursLoss = logLoss(ours.transform(binary[0]));
        assertTrue(Double.isFinite(oursLoss) && oursLoss <= mllibLoss * (1 + 1e-6), solver + ": training log loss "
                + oursLoss + " against MLlib's " + mllibLoss);
        BinaryClassificationEvaluator auc = new BinaryClassificationEvaluator();
        double mllibAuc = auc.evaluate(mllib.transform(binary[1]));
        double oursAuc = auc.evaluate(ours.transform(binary[1]));
        System.out.printf("fm classifier %s: training log loss %.10f (MLlib %.10f), held-out AUC %.6f (MLlib %.6f)%n", solver,
                oursLoss, mllibLoss, oursAuc, mllibAuc);
        assertTrue(oursAuc >= mllibAuc - 0.005, solver + ": held-out AUC " + oursAuc + " against MLlib's " + mllibAuc);
        // gd's steps shrink as 1 / sqrt(t): in 200 iterations it gets part of the way (as MLlib's does)
        assertTrue(oursAuc > (solver.equals("gd") ? 0.6 : 0.75), solver + ": the interaction is learned, AUC " + oursAuc);
    }

    @ParameterizedTest(name = "solver {0}")
    @ValueSource(strings = {"adamW", "gd"})
    void theRegressorReachesMllibsTrainingLossAndHeldOutRmse(String solver) {
        double lr = solver.equals("gd") ? 0.5 : 0.05;
        int iterations = solver.equals("gd") ? 200 : 100;
        Model<?> mllib = new FMRegressor().setFactorSize(4).setSolver(solver).setStepSize(lr).setMaxIter(iterations)
                .setTol(0).setInitStd(0.1).setRegParam(0.001).setSeed(7).fit(regression[0]);
        Model<?> ours = new SparkgradRegressor().setModelType("fm").setFactorSize(4).setSolver(solver).setLearningRate(lr)
                .setMaxIter(iterations).setTol(0).setInitStd(0.1).setRegParam(0.001).setSeed(7).setStandardization(false)
                .setNumPartitions(2).fit(regression[0]);
        double mllibTrain = rmse(mllib, regression[0]);
        double oursTrain = rmse(ours, regression[0]);
        assertTrue(Double.isFinite(oursTrain) && oursTrain <= mllibTrain * (1 + 1e-6), solver + ": training RMSE "
                + oursTrain + " against MLlib's " + mllibTrain);
        double mllibTest = rmse(mllib, regression[1]);
        double oursTest = rmse(ours, regression[1]);
        System.out.printf("fm regressor %s: training RMSE %.10f (MLlib %.10f), held-out RMSE %.6f (MLlib %.6f)%n", solver,
                oursTrain, mllibTrain, oursTest, mllibTest);
        assertTrue(oursTest <= mllibTest + 0.005, solver + ": held-out RMSE " + oursTest + " against MLlib's " + mllibTest);
    }

    /**
     * Raw counts up to 10^4, unscaled: MLlib's gd diverges (its coefficients overflow to NaN or
     * ±∞: gradients of x_i·x_j ~ 10^8 at its step of 1), while the adamW fm, whose steps are
     * bounded by the learning rate whatever the gradient's scale, and whose loss of logits never
     * overflows, trains to a finite, decreasing loss.
     */
    @Test
    void rawCountsUpToTenThousandTrainWithoutScalingWhereMllibsGdDiverges() {
        SplittableRandom rng = new SplittableRandom(31);
        List<Row> rows = new ArrayList<>();
        for (int n = 0; n < 1000; n++) {
            java.util.TreeMap<Integer, Double> entries = new java.util.TreeMap<>();
            while (entries.size() < 5) {
                entries.put(rng.nextInt(200), (double) (1 + (long) Math.pow(10, 4 * rng.nextDouble())));
            }
            int[] idx = entries.keySet().stream().mapToInt(Integer::intValue).toArray();
            double[] val = entries.values().stream().mapToDouble(Double::doubleValue).toArray();
            boolean pair = idx[0] % 2 == idx[1] % 2;
            rows.add(RowFactory.create(pair ^ rng.nextInt(10) == 0 ? 1.0 : 0.0, Vectors.sparse(200, idx, val)));
        }
        StructType schema = new StructType().add("label", DataTypes.DoubleType)
                .add("features", org.apache.spark.ml.linalg.SQLDataTypes.VectorType());
        Dataset<Row> counts = spark.createDataFrame(rows, schema).repartition(2).cache();
        org.apache.spark.ml.classification.FMClassificationModel gd = new FMClassifier().setSolver("gd").setMaxIter(20)
                .setSeed(7).fit(counts);
        boolean overflowed = java.util.Arrays.stream(gd.factors().toArray()).anyMatch(c -> !Double.isFinite(c));
        double gdLoss = logLoss(gd.transform(counts));

        SparkgradClassificationModel ours = new SparkgradClassifier().setModelType("fm").setSolver("adamW")
                .setLearningRate(0.01).setMaxIter(60).setTol(0).setStandardization(false).setSeed(7).setNumPartitions(2)
                .fit(counts);
        double[] losses = ours.summary().objectiveHistory();
        assertTrue(java.util.Arrays.stream(losses).allMatch(Double::isFinite), java.util.Arrays.toString(losses));
        assertTrue(losses[losses.length - 1] < 0.5 * losses[0], "loss " + losses[0] + " -> " + losses[losses.length - 1]);
        // the objective is computed from the logits, so it stays finite where a probability rounds to 0 or 1
        double trained = losses[losses.length - 1];
        double[] p = ours.transform(counts).select("probability").collectAsList().stream()
                .mapToDouble(r -> ((Vector) r.get(0)).apply(1)).toArray();
        assertTrue(java.util.Arrays.stream(p).allMatch(v -> v >= 0 && v <= 1), "probabilities in [0, 1], no NaN");
        System.out.printf("raw counts: adamW fm loss %.6g -> %.6g; MLlib gd factors overflowed %b, log loss %.6g%n",
                losses[0], losses[losses.length - 1], overflowed, gdLoss);
        assertTrue(overflowed || !(gdLoss < trained), "MLlib's gd on raw counts: factors finite and log loss " + gdLoss
                + " below adamW's objective " + trained);
    }

    /**
     * An fm classifier and regressor in a PipelineModel, saved and loaded with PipelineModel.load:
     * the loaded stage keeps its FM settings and scores the held-out rows with the same bits.
     */
    @Test
    void fmModelsInASavedPipelineModelLoadAndPredictTheSameBits(@TempDir java.nio.file.Path dir) throws Exception {
        PipelineStage classifier = new SparkgradClassifier().setModelType("fm").setFactorSize(4).setSolver("adamW")
                .setLearningRate(0.05).setMaxIter(20).setTol(0).setInitStd(0.1).setRegParam(0.001).setSeed(7)
                .setStandardization(false).setNumPartitions(2);
        PipelineStage regressor = new SparkgradRegressor().setModelType("fm").setFactorSize(4).setSolver("adamW")
                .setLearningRate(0.05).setMaxIter(20).setTol(0).setInitStd(0.1).setRegParam(0.001).setSeed(7)
                .setStandardization(false).setNumPartitions(2);
        Object[][] cases = {{classifier, binary, new String[] {"rawPrediction", "probability", "prediction"}},
                {regressor, regression, new String[] {"prediction"}}};
        for (Object[] c : cases) {
            @SuppressWarnings("unchecked")
            Dataset<Row>[] split = (Dataset<Row>[]) c[1];
            String[] columns = (String[]) c[2];
            PipelineModel fitted = new Pipeline().setStages(new PipelineStage[] {(PipelineStage) c[0]}).fit(split[0]);
            String path = dir.resolve("pipeline-" + columns.length).toString();
            fitted.write().overwrite().save(path);
            PipelineModel loaded = PipelineModel.load(path);
            SparkgradModel<?> stage = (SparkgradModel<?>) loaded.stages()[0];
            assertEquals(new io.sparkgrad.spark.model.FmSettings(4, true, true, 0.1), stage.savedModel().spec().fm());
            double[] before = scores(fitted.transform(split[1]), columns);
            double[] after = scores(loaded.transform(split[1]), columns);
            assertEquals(split[1].count() * (columns.length == 1 ? 1 : 5), before.length, "every score was read");
            for (int i = 0; i < before.length; i++) {
                assertEquals(Double.doubleToRawLongBits(before[i]), Double.doubleToRawLongBits(after[i]),
                        "score " + i + " of " + String.join(", ", columns) + ": " + before[i] + " before saving, "
                                + after[i] + " after loading");
            }
        }
    }

    /** The named columns' values, row by row (a vector column gives each of its entries). */
    private static double[] scores(Dataset<Row> scored, String[] columns) {
        List<Double> out = new ArrayList<>();
        for (Row r : scored.select(columns[0], java.util.Arrays.copyOfRange(columns, 1, columns.length)).collectAsList()) {
            for (int c = 0; c < columns.length; c++) {
                if (r.get(c) instanceof Vector v) {
                    for (double x : v.toArray()) {
                        out.add(x);
                    }
                } else {
                    out.add(r.getDouble(c));
                }
            }
        }
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
