package io.sparkgrad.bench;

import io.sparkgrad.spark.config.JobConfig;
import io.sparkgrad.spark.data.Block;
import io.sparkgrad.spark.data.SparseData;
import io.sparkgrad.spark.data.TableReader;
import io.sparkgrad.spark.data.TrainingData;
import io.sparkgrad.spark.model.Model;
import io.sparkgrad.spark.model.Models;
import io.sparkgrad.spark.state.ParameterVector;
import io.sparkgrad.spark.state.IterationMetrics;
import io.sparkgrad.spark.train.DistributedObjective;
import io.sparkgrad.spark.train.ParameterShipments;
import io.sparkgrad.spark.train.Trainer;
import io.sparkgrad.spark.train.GradientSum;
import io.sparkgrad.tensor.SparseMatrix;
import io.sparkgrad.tensor.Tensor;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Wide sparse logistic regression at cluster scale (issue 19), local[2]: a libsvm file of binary
 * hashed features (every stored value 1), read and packed by the job's own reader into
 * {@code P} partitions and cached; MLlib's {@code LogisticRegression} trains on the same cached
 * rows in the same partitions. Prints, each as a median over several passes:
 *
 * <ul>
 *   <li>sparkgrad's distributed pass (loss and gradient at θ: ship θ, one partial per partition,
 *       ordered tree merge), wall clock on the driver;
 *   <li>the compute-only pass: the same tasks, each partition's gradient summed and dropped on
 *       the executor (only its loss comes back);
 *   <li>MLlib's per-iteration job (the duration of each of its treeAggregate jobs);
 *   <li>bytes per pass sent by tasks: results to the driver, and shuffle writes of the tree's
 *       levels (executor to executor);
 *   <li>the ratios against MLlib and against compute-only, with the targets.
 * </ul>
 *
 * <pre>bench/mllib.sh wide [--quick] [rows dimension stored]   (default 320000 4194304 40; 32 partitions)
 * bench/mllib.sh wide --quick                               (40000 x 2^20 x 40, 8 partitions)</pre>
 *
 * {@code BENCH_PARTITIONS} overrides the partition count; the file is kept in bench/data/.
 */
public final class WideComparison {
    private static final int PASSES = Integer.getInteger("bench.passes", 5);

    private WideComparison() {}

    public static void main(String[] args) throws IOException {
        List<String> a = new ArrayList<>(Arrays.asList(args));
        boolean quick = a.remove("--quick");
        boolean huge = a.remove("--huge");
        long rows = a.size() > 0 ? Long.parseLong(a.get(0)) : quick ? 40_000 : huge ? 640_000 : 320_000;
        int dim = a.size() > 1 ? Integer.parseInt(a.get(1)) : quick ? 1 << 20 : huge ? 1 << 24 : 1 << 22;
        int nnz = a.size() > 2 ? Integer.parseInt(a.get(2)) : 40;
        int partitions = Integer.getInteger("bench.partitions", quick ? 8 : huge ? 64 : 32);
        int lbfgsIterations = Integer.getInteger("bench.lbfgsIterations", huge ? 12 : 0);
        String master = System.getProperty("bench.master", "local[2]");
        Path file = Path.of(System.getProperty("bench.data", "bench/data"), "wide-" + rows + "x" + dim + "x" + nnz + ".libsvm");
        if (!Files.exists(file)) {
            writeLibsvm(file, rows, dim, nnz);
        }
        SparkSession spark = SparkSession.builder().master(master).appName("sparkgrad vs MLlib, wide sparse")
                .config("spark.ui.enabled", "false").config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1").getOrCreate();
        spark.sparkContext().setLogLevel("WARN");
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Meter meter = new Meter();
        spark.sparkContext().addSparkListener(meter);
        try {
            System.out.printf(Locale.ROOT, "%n== wide: %d rows x %d features, %d stored per row (all 1.0), libsvm %s, "
                    + "%d partitions for both, %s, heap %d MB ==%n", rows, dim, nnz, file, partitions, master,
                    Runtime.getRuntime().maxMemory() >> 20);
            Path conf = file.resolveSibling("wide.conf");
            Files.writeString(conf, "data { path = \"" + file + "\", format = libsvm, numFeatures = " + dim
                    + ", validationFraction = 0, standardize = false }\nmodel.type = logistic\ntraining.partitions = "
                    + partitions + "\ntraining.maxIterations = " + Math.max(lbfgsIterations, 1)
                    + "\ntraining.tolerance = 0\noptimizer { type = lbfgs, historySize = 10 }\noutput.path = \""
                    + file.resolveSibling("out-wide") + "\"\n");
            JobConfig cfg = JobConfig.load(conf.toString(), List.of());
            long t0 = System.nanoTime();
            try (TrainingData data = SparseData.load(spark, TableReader.read(spark, file.toString(), "libsvm", false, ","),
                    cfg.data(), cfg.model(), partitions, null)) {
                JavaRDD<Block> blocks = data.train();
                System.out.printf(Locale.ROOT, "sparkgrad read + pack: %.1f s, %d rows in %d partitions, cached %.1f bytes "
                        + "per row, %.2f bytes per stored entry%n", (System.nanoTime() - t0) / 1e9, data.trainRows(),
                        blocks.getNumPartitions(), data.cachedBytesPerRow(), data.cachedBytesPerRow() / nnz);

                Model model = Models.create(cfg.model(), data.numFeatures());
                LinkedHashMap<String, Tensor> params = model.initialParameters(cfg.training().seed());
                SplittableRandom rng = new SplittableRandom(7);
                params.replaceAll((name, t) -> Tensor.wrap(rng.doubles(t.numel(), -0.01, 0.01).toArray(), t.shape()));
                ParameterVector theta = ParameterVector.of(params);
                int depth = cfg.training().aggregationDepth();
                DistributedObjective objective = new DistributedObjective(sc, blocks, cfg.model(), data.numFeatures(),
                        depth, 1.0, 0);

                double[] pass = new double[PASSES];
                double[] compute = new double[PASSES];
                long[][] passBytes = new long[PASSES][];
                GradientSum first = null;
                objective.computeOnly(theta, 0); // warm-up: JIT, θ's first broadcast
                objective.evaluate(theta, 0);
                for (int i = 0; i < PASSES; i++) {
                    String group = "sg-pass-" + i;
                    sc.setJobGroup(group, group, false);
                    t0 = System.nanoTime();
                    GradientSum g = objective.evaluate(theta, 1);
                    pass[i] = (System.nanoTime() - t0) / 1e9;
                    if (first == null) {
                        first = g;
                    } else if (!Arrays.equals(bits(first.gradientSum()), bits(g.gradientSum()))) {
                        throw new IllegalStateException("pass " + i + " gave other bits than pass 0");
                    }
                    sc.setJobGroup("sg-compute-" + i, "compute only", false);
                    t0 = System.nanoTime();
                    objective.computeOnly(theta, 1);
                    compute[i] = (System.nanoTime() - t0) / 1e9;
                    sc.clearJobGroup();
                }
                meter.drain(spark);
                for (int i = 0; i < PASSES; i++) {
                    passBytes[i] = meter.bytes("sg-pass-" + i);
                }
                System.out.printf(Locale.ROOT, "sparkgrad pass (s):        %s%n", fmt(pass));
                System.out.printf(Locale.ROOT, "compute-only pass (s):     %s%n", fmt(compute));
                System.out.printf(Locale.ROOT, "sparkgrad bytes per pass: %.1f MB task results to the driver, %.1f MB shuffled "
                        + "between tree levels (levels merged on the %s); loss %.10g over %d rows%n", passBytes[0][0] / 1e6,
                        passBytes[0][1] / 1e6, objective.mergesOnDriver(theta.size()) ? "driver" : "executors",
                        first.lossSum(), first.rows());

                if (lbfgsIterations > 0) {
                    lbfgs(sc, blocks, cfg, model, data.numFeatures(), depth);
                }
                if (!Boolean.parseBoolean(System.getProperty("bench.mllib", "true"))) {
                    return;
                }
                // MLlib last: in local mode an OutOfMemoryError in one of its tasks ends the JVM
                // MLlib on the same cached rows, in the same partitions
                Dataset<Row> df = rowsOf(spark, blocks).cache();
                df.count();
                int iterations = Integer.getInteger("bench.mllibIterations", 6);
                sc.setJobGroup("mllib", "mllib", false);
                t0 = System.nanoTime();
                var fit = new LogisticRegression().setRegParam(0.0).setMaxIter(iterations).setTol(0.0).fit(df);
                double fitSeconds = (System.nanoTime() - t0) / 1e9;
                sc.clearJobGroup();
                meter.drain(spark);
                List<Meter.Job> jobs = meter.jobs("mllib");
                // one job per loss-and-gradient evaluation: the treeAggregate of its RDDLossFunction
                List<Meter.Job> perIteration = jobs.stream().filter(j -> j.stages().contains("RDDLossFunction")).toList();
                double[] ml = perIteration.stream().mapToDouble(Meter.Job::seconds).toArray();
                long mlBytes = perIteration.stream().mapToLong(j -> j.resultBytes() + j.shuffleBytes()).sum()
                        / Math.max(perIteration.size(), 1);
                System.out.printf(Locale.ROOT, "MLlib fit: %.1f s for %d iterations in %d jobs; per-iteration jobs (s): %s; "
                        + "%.1f MB results + shuffle per iteration job%n", fitSeconds, fit.summary().totalIterations(),
                        jobs.size(), fmt(ml), mlBytes / 1e6);

                double sgPass = median(pass);
                double sgCompute = median(compute);
                double mlIter = median(ml);
                System.out.printf(Locale.ROOT, "%-44s sparkgrad %8.3f   MLlib %8.3f   ratio %.3f (target <= 0.15)%n",
                        "seconds per pass (median)", sgPass, mlIter, sgPass / mlIter);
                System.out.printf(Locale.ROOT, "%-44s pass %8.3f   compute-only %8.3f   ratio %.2f (target <= 3)%n",
                        "seconds per pass vs compute-only (median)", sgPass, sgCompute, sgPass / sgCompute);
                System.out.printf(Locale.ROOT, "%-44s sparkgrad %8.1f   MLlib %8.1f   ratio %.3f%n",
                        "MB shipped by tasks per pass", (passBytes[0][0] + passBytes[0][1]) / 1e6, mlBytes / 1e6,
                        (passBytes[0][0] + passBytes[0][1]) / (double) mlBytes);
            }
        } finally {
            spark.stop();
        }
    }

    /**
     * The job's own driver loop (Trainer, L-BFGS with its 10-pair history and strong Wolfe line
     * search) for {@code training.maxIterations} iterations on the cached blocks: seconds per
     * iteration and per pass, and the JVM's heap peak while it ran (driver, executors and cache:
     * local mode is one JVM).
     */
    private static void lbfgs(JavaSparkContext sc, JavaRDD<Block> blocks, JobConfig cfg, Model model, int numFeatures,
            int depth) {
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        try (ParameterShipments shipments = ParameterShipments.keptPerTheta(sc)) {
            DistributedObjective objective = new DistributedObjective(sc, blocks, cfg.model(), numFeatures, depth, 1.0, 0,
                    shipments);
            sc.setJobGroup("sg-lbfgs", "lbfgs", false);
            long t0 = System.nanoTime();
            Trainer.Result r = new Trainer(sc, objective, model, cfg.training(), cfg.optimizer(), null)
                    .train(model.initialParameters(cfg.training().seed()), Trainer.Start.FRESH, null);
            double seconds = (System.nanoTime() - t0) / 1e9;
            sc.clearJobGroup();
            long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
            int passes = r.metrics().stream().mapToInt(IterationMetrics::passes).sum();
            List<IterationMetrics> m = r.metrics();
            System.out.printf(Locale.ROOT, "sparkgrad L-BFGS (history %d, strong Wolfe), the job's driver loop: %d iterations, "
                    + "%d passes in %.1f s (%.2f s per iteration, %.2f s per pass); objective %.6g -> %.6g; %d θ shipments; "
                    + "heap peak %.2f GB of %.2f GB max (%s)%n", cfg.optimizer().historySize(), m.size(), passes, seconds,
                    seconds / Math.max(m.size(), 1), seconds / Math.max(passes, 1), m.isEmpty() ? Double.NaN : m.get(0).objective(),
                    m.isEmpty() ? Double.NaN : m.get(m.size() - 1).objective(), shipments.shipped(), peak / 1e9,
                    Runtime.getRuntime().maxMemory() / 1e9, r.stopReason());
        }
    }

    /** The cached blocks as (label, features) rows in the same partitions, in the same order. */
    private static Dataset<Row> rowsOf(SparkSession spark, JavaRDD<Block> blocks) {
        JavaRDD<Row> rows = blocks.mapPartitions(it -> {
            List<Row> out = new ArrayList<>();
            while (it.hasNext()) {
                Block b = it.next();
                SparseMatrix x = b.sparse();
                for (int r = 0; r < b.rows(); r++) {
                    int n = x.rowStart(r + 1) - x.rowStart(r);
                    int[] idx = new int[n];
                    double[] val = new double[n];
                    for (int k = 0; k < n; k++) {
                        idx[k] = x.column(x.rowStart(r) + k);
                        val[k] = x.value(x.rowStart(r) + k);
                    }
                    out.add(RowFactory.create(b.labels()[r], Vectors.sparse(x.cols(), idx, val)));
                }
            }
            return out.iterator();
        }, true);
        StructType schema = new StructType().add("label", DataTypes.DoubleType).add("features", SQLDataTypes.VectorType());
        return spark.createDataFrame(rows, schema);
    }

    /** Binary hashed rows: {@code stored} distinct 1-based indices per row, each 1; the label from a logistic model. */
    static void writeLibsvm(Path path, long rows, int dim, int stored) throws IOException {
        Files.createDirectories(path.toAbsolutePath().getParent());
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 20)) {
            StringBuilder sb = new StringBuilder(1 << 12);
            for (long i = 0; i < rows; i++) {
                SplittableRandom rng = new SplittableRandom(i * 0x9E3779B97F4A7C15L + 19);
                int[] idx = rng.ints(1, dim + 1).distinct().limit(stored).sorted().toArray();
                double margin = 0;
                sb.setLength(0);
                for (int j : idx) {
                    margin += new SplittableRandom(j * 0xBF58476D1CE4E5B9L + 5).nextGaussian();
                    sb.append(' ').append(j).append(":1");
                }
                double p = 1 / (1 + Math.exp(-margin * 1.5 / Math.sqrt(stored)));
                sb.insert(0, rng.nextDouble() < p ? '1' : '0').append('\n');
                os.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
            }
        }
        Files.move(tmp, path, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.printf(Locale.ROOT, "wrote %s: %d rows, %.1f MB%n", path, rows, Files.size(path) / 1e6);
    }

    private static long[] bits(double[] v) {
        long[] b = new long[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Double.doubleToRawLongBits(v[i]);
        }
        return b;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length == 0 ? Double.NaN : s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static String fmt(double[] v) {
        StringBuilder sb = new StringBuilder();
        for (double x : v) {
            sb.append(String.format(Locale.ROOT, "%.3f ", x));
        }
        return sb.append(String.format(Locale.ROOT, "(median %.3f)", median(v))).toString();
    }

    /** Job durations and the bytes their tasks sent, by job group. */
    static final class Meter extends SparkListener {
        record Job(String group, String stages, long start, long end, long resultBytes, long shuffleBytes) {
            double seconds() {
                return (end - start) / 1e3;
            }
        }

        private final Map<Integer, String> groupOfJob = new ConcurrentHashMap<>();
        private final Map<Integer, Integer> jobOfStage = new ConcurrentHashMap<>();
        private final Map<Integer, String> stagesOfJob = new ConcurrentHashMap<>();
        private final Map<Integer, Long> startOfJob = new ConcurrentHashMap<>();
        private final Map<Integer, AtomicLong[]> bytesOfJob = new ConcurrentHashMap<>();
        private final List<Job> done = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void onJobStart(SparkListenerJobStart e) {
            String g = e.properties() == null ? null : e.properties().getProperty("spark.jobGroup.id");
            groupOfJob.put(e.jobId(), g == null ? "" : g);
            startOfJob.put(e.jobId(), e.time());
            bytesOfJob.put(e.jobId(), new AtomicLong[] {new AtomicLong(), new AtomicLong()});
            StringBuilder names = new StringBuilder();
            scala.collection.Iterator<org.apache.spark.scheduler.StageInfo> it = e.stageInfos().iterator();
            while (it.hasNext()) {
                org.apache.spark.scheduler.StageInfo s = it.next();
                jobOfStage.put(s.stageId(), e.jobId());
                names.append(s.name()).append("; ");
            }
            stagesOfJob.put(e.jobId(), names.toString());
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd e) {
            Integer job = jobOfStage.get(e.stageId());
            if (job == null || e.taskMetrics() == null) {
                return;
            }
            AtomicLong[] b = bytesOfJob.get(job);
            b[0].addAndGet(e.taskMetrics().resultSize());
            b[1].addAndGet(e.taskMetrics().shuffleWriteMetrics().bytesWritten());
        }

        @Override
        public void onJobEnd(SparkListenerJobEnd e) {
            AtomicLong[] b = bytesOfJob.get(e.jobId());
            done.add(new Job(groupOfJob.get(e.jobId()), stagesOfJob.get(e.jobId()), startOfJob.get(e.jobId()), e.time(), b[0].get(), b[1].get()));
        }

        /** Waits until every event posted so far has reached this listener. */
        void drain(SparkSession spark) {
            try {
                spark.sparkContext().listenerBus().waitUntilEmpty();
            } catch (Exception e) {
                throw new IllegalStateException("the listener bus did not drain", e);
            }
        }

        List<Job> jobs(String group) {
            synchronized (done) {
                return done.stream().filter(j -> j.group().equals(group)).sorted(
                        java.util.Comparator.comparingLong(Job::start)).toList();
            }
        }

        /** [result bytes, shuffle bytes] of a group's jobs. */
        long[] bytes(String group) {
            long[] out = new long[2];
            for (Job j : jobs(group)) {
                out[0] += j.resultBytes();
                out[1] += j.shuffleBytes();
            }
            return out;
        }
    }
}
