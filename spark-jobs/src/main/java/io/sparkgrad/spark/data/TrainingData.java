package io.sparkgrad.spark.data;

import io.sparkgrad.spark.config.ConfigError;
import io.sparkgrad.spark.config.DataConfig;
import io.sparkgrad.spark.model.ModelSpec;
import io.sparkgrad.spark.exec.OrderedTreeAggregate;
import io.sparkgrad.spark.exec.Progress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The training and validation rows as cached dense blocks, plus what was learned reading them
 * (feature names, standardisation statistics, row counts).
 *
 * <p>Pipeline: read with Spark SQL → parse and check each row, giving it its identity
 * ({@link RowIdentity}) → with {@code data.order = canonical}, spread rows over {@code partitions}
 * by their index in the input and sort each partition by it (so that partition contents and order
 * do not depend on the files' layout); with {@code split}, keep each input split as one partition,
 * cached once as read → counts and feature statistics → pack into blocks, persisted
 * MEMORY_AND_DISK. The split into training and validation ({@link HoldOut}: per class for
 * classifiers, by default) depends on the seed, the row's identity and the label only.
 */
public final class TrainingData implements AutoCloseable {
    /** Rows per dense block with {@code data.blockRows = 0}: a 4096 × 100 block is 3 MiB, in L2/L3. */
    static final int DENSE_BLOCK_ROWS = 4096;
    private final JavaRDD<Block> train;
    private final JavaRDD<Block> validation;
    private final List<String> featureNames;
    private final double[] means;
    private final double[] stds;
    private final long[] counts;
    private final long[] classCounts;
    private final RowWeights weights;
    private final double[] seconds;

    private TrainingData(JavaRDD<Block> train, JavaRDD<Block> validation, List<String> featureNames,
            double[] means, double[] stds, long[] counts, long[] classCounts, RowWeights weights, double[] seconds) {
        this.train = train;
        this.validation = validation;
        this.featureNames = featureNames;
        this.means = means;
        this.stds = stds;
        this.counts = counts;
        this.classCounts = classCounts;
        this.weights = weights;
        this.seconds = seconds;
    }

    /** The cached blocks' size in memory and on disk (Spark's storage info), per row; NaN when unknown. */
    public double cachedBytesPerRow() {
        long bytes = 0;
        boolean found = false;
        for (org.apache.spark.storage.RDDInfo info : train.context().getRDDStorageInfo()) {
            if (info.id() == train.id() || info.id() == validation.id()) {
                bytes += info.memSize() + info.diskSize();
                found = true;
            }
        }
        long rows = trainRows() + validationRows();
        return found && rows > 0 ? (double) bytes / rows : Double.NaN;
    }

    /** Seconds spent reading and checking the rows, and packing them. */
    public double readSeconds() {
        return seconds[0];
    }

    public double packSeconds() {
        return seconds[1];
    }

    /** The per-class weights applied (balanced ones resolved from the counts), or null. */
    public double[] classWeights() {
        return weights == null ? null : weights.perClass();
    }

    /** Reads {@code cfg.path()}, checks and packs the data, standardising with its own statistics. */
    public static TrainingData load(SparkSession spark, DataConfig cfg, ModelSpec spec, int partitions) {
        return load(spark, TableReader.read(spark, cfg.path(), cfg.format(), cfg.header(), cfg.delimiter()), cfg, spec,
                partitions, null);
    }

    /**
     * The standardisation a resumed model was trained with: its features in order and their
     * statistics, which the data must match and is standardised with.
     */
    public record Standardization(String source, List<String> features, double[] means, double[] stds) {}

    /**
     * Checks and packs the rows of {@code table} (read from {@code cfg.path()}, or a DataFrame).
     *
     * @param partitions how many partitions the training blocks are spread over
     * @param resumed a resumed model's standardisation, or null to compute this data's
     * @throws DataError for unusable data, naming the file, line and column
     */
    public static TrainingData load(SparkSession spark, TableReader.Table table, DataConfig cfg, ModelSpec spec,
            int partitions, Standardization resumed) {
        String path = table.path();
        List<String> features = TableReader.resolveFeatures(table, cfg.features(), cfg.label());
        if (resumed != null && !resumed.features().equals(features)) {
            throw new ConfigError("training.resumeFrom '" + resumed.source() + "': the model was trained on features "
                    + resumed.features() + ", this data has " + features + difference(resumed.features(), features));
        }
        List<String> columns = new ArrayList<>(features);
        columns.add(cfg.label());
        boolean weightColumn = !cfg.weight().isEmpty();
        if (weightColumn) {
            if (!table.columns().contains(cfg.weight())) {
                throw new DataError(path + ": weight column '" + cfg.weight() + "' (data.weight) not found; columns are "
                        + table.columns());
            }
            if (features.contains(cfg.weight())) {
                features = features.stream().filter(f -> !f.equals(cfg.weight())).toList();
                columns = new ArrayList<>(features);
                columns.add(cfg.label());
            }
            columns.add(cfg.weight());
        }
        RowParser parser = new RowParser(table, columns, true, weightColumn, spec.task(), spec.classes(), cfg.dropInvalid());

        JavaPairRDD<Long, double[]> parsed = RowIdentity.number(TableReader.selectForParsing(table).javaRDD(), cfg.order())
                .mapPartitionsToPair(parser::parseAll, true);
        return build(spark, parsed, path, features, weightColumn, cfg, spec, partitions, resumed);
    }

    /**
     * Checks, counts, holds out and packs parsed rows into dense blocks: (input index, values)
     * pairs, values [features..., label, weight if {@code weightColumn}] or null for a dropped row.
     */
    static TrainingData build(SparkSession spark, JavaPairRDD<Long, double[]> parsed, String path, List<String> features,
            boolean weightColumn, DataConfig cfg, ModelSpec spec, int partitions, Standardization resumed) {
        // data.order = split: the rows stay in their input splits, read once into this cache that the
        // hold-out, the statistics and the packing below share, and released once the blocks are packed
        boolean canonical = RowIdentity.canonical(cfg.order());
        JavaPairRDD<Long, double[]> spread = canonical ? RowIdentity.spread(parsed, cfg.order(), partitions)
                : parsed.setName("sparkgrad parsed rows").persist(StorageLevel.MEMORY_AND_DISK());
        int d = features.size();
        int classes = spec.task().isClassification() ? spec.classes() : 0;
        double fraction = cfg.validationFraction();
        spark.sparkContext().setJobDescription("sparkgrad: read, check and count " + path);
        long readStart = Progress.phase("reading and checking " + path + " (" + d + " features, label '" + cfg.label() + "')");
        ColumnStats stats;
        HoldOut holdOut;
        try {
            holdOut = cfg.stratify() && classes > 0
                    ? HoldOut.stratified(spread.rdd().toJavaRDD(), cfg.seed(), fraction, d, classes)
                    : HoldOut.hashed(cfg.seed(), fraction);
            stats = OrderedTreeAggregate.aggregate(spread.rdd().toJavaRDD(), (index, it) -> {
                ColumnStats s = new ColumnStats(d, classes);
                while (it.hasNext()) {
                    Tuple2<Long, double[]> row = it.next();
                    if (row._2() == null) {
                        s.addDropped();
                    } else if (holdOut.isValidation(row._1(), row._2())) {
                        s.addValidation();
                    } else {
                        s.addTrain(row._2());
                    }
                }
                return s;
            }, ColumnStats::merge, 2);
        } catch (Exception e) {  // Spark's SparkException is checked but undeclared
            if (!canonical) {
                spread.unpersist(false);
            }
            throw LineLocator.rethrow(spark.sparkContext().hadoopConfiguration(), e);
        }
        if (stats == null || stats.trainRows() == 0) {
            if (!canonical) {
                spread.unpersist(false);
            }
            long read = stats == null ? 0 : stats.validationRows() + stats.droppedRows();
            throw new DataError(path + ": no training rows (" + read + " rows read"
                    + (stats != null && stats.droppedRows() > 0 ? ", " + stats.droppedRows() + " invalid rows dropped" : "")
                    + ")");
        }
        double readSeconds = Progress.done(readStart, "read " + (stats.trainRows() + stats.validationRows()
                + stats.droppedRows()) + " rows: " + stats.trainRows() + " to train on, " + stats.validationRows()
                + " held out" + (cfg.stratify() && classes > 0 ? " (stratified)" : "") + ", " + stats.droppedRows() + " dropped");
        checkClasses(path, cfg.label(), stats.classCounts());

        double[] mean = resumed != null ? resumed.means().clone() : cfg.standardize() ? stats.means() : new double[d];
        double[] std = resumed != null ? resumed.stds().clone() : cfg.standardize() ? stats.stds() : ones(d);
        for (int j = 0; j < d; j++) {
            if (!Double.isFinite(mean[j]) || !Double.isFinite(std[j]) || !(std[j] > 0)) {
                throw new DataError(path + ": column '" + features.get(j) + "': its standardisation statistics are not "
                        + "finite (mean " + mean[j] + ", standard deviation " + std[j] + ")");
            }
        }
        int blockRows = cfg.blockRows() > 0 ? cfg.blockRows() : DENSE_BLOCK_ROWS;
        double[] classWeights = cfg.balancedClassWeights() ? RowWeights.balanced(stats.classCounts()) : cfg.classWeights();
        RowWeights weights = cfg.weighted() ? new RowWeights(d, weightColumn ? d + 1 : -1, classWeights) : null;
        JavaRDD<Block> train = spread
                .filter(r -> r._2() != null && !holdOut.isValidation(r._1(), r._2()))
                .mapPartitions(it -> new BlockPacker(it, blockRows, mean, std, weights), true)
                .setName("sparkgrad training blocks")
                .persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<Block> validation = spread
                .filter(r -> r._2() != null && holdOut.isValidation(r._1(), r._2()))
                .mapPartitions(it -> new BlockPacker(it, blockRows, mean, std, weights), true)
                .setName("sparkgrad validation blocks")
                .persist(StorageLevel.MEMORY_AND_DISK());
        spark.sparkContext().setJobDescription("sparkgrad: pack " + path + " into blocks");
        long packStart = Progress.phase("packing the rows into cached blocks of up to " + blockRows + " rows");
        long trainBlocks = train.count();
        // nothing held out: the validation blocks are never packed (an empty pass over every row)
        long validationBlocks = stats.validationRows() == 0 ? 0 : validation.count();
        if (!canonical) {
            spread.unpersist(false);
        }
        double packSeconds = Progress.done(packStart, "packed " + trainBlocks + " training and " + validationBlocks
                + " validation blocks over " + train.getNumPartitions() + " partitions");
        spark.sparkContext().setJobDescription(null);
        return new TrainingData(train, validation, features, mean, std,
                new long[] {stats.trainRows(), stats.validationRows(), stats.droppedRows()}, stats.classCounts(), weights,
                new double[] {readSeconds, packSeconds});
    }

    /** A classifier's training rows must hold at least two classes. */
    static void checkClasses(String path, String label, long[] counts) {
        if (counts.length == 0) {
            return;
        }
        int present = 0;
        int only = -1;
        for (int c = 0; c < counts.length; c++) {
            if (counts[c] > 0) {
                present++;
                only = c;
            }
        }
        if (present < 2) {
            throw new DataError(path + ": every training row has label '" + label + "' = " + only + " (" + counts[only]
                    + " rows); a classifier needs rows of at least two classes");
        }
    }

    static String difference(List<String> saved, List<String> now) {
        List<String> missing = new ArrayList<>(saved);
        missing.removeAll(now);
        List<String> extra = new ArrayList<>(now);
        extra.removeAll(saved);
        if (missing.isEmpty() && extra.isEmpty()) {
            return " (the same columns in another order)";
        }
        return " (" + (missing.isEmpty() ? "" : "missing " + missing + (extra.isEmpty() ? "" : "; "))
                + (extra.isEmpty() ? "" : "not in the model " + extra) + ")";
    }

    private static double[] ones(int n) {
        double[] a = new double[n];
        Arrays.fill(a, 1.0);
        return a;
    }

    public JavaRDD<Block> train() {
        return train;
    }

    public JavaRDD<Block> validation() {
        return validation;
    }

    public List<String> featureNames() {
        return featureNames;
    }

    public int numFeatures() {
        return featureNames.size();
    }

    /** Means subtracted from each feature (zeros without standardisation). */
    public double[] means() {
        return means.clone();
    }

    /** Divisors of each feature (ones without standardisation). */
    public double[] stds() {
        return stds.clone();
    }

    public long trainRows() {
        return counts[0];
    }

    public long validationRows() {
        return counts[1];
    }

    public long droppedRows() {
        return counts[2];
    }

    /** Training rows per class (empty for regression). */
    public long[] classCounts() {
        return classCounts.clone();
    }

    /** Packed sparse rows ({@link SparseData}): the same accessors over CSR blocks. */
    static TrainingData ofSparse(JavaRDD<Block> train, JavaRDD<Block> validation, List<String> names, double[] stds,
            long[] counts, long[] classCounts, RowWeights weights, double[] seconds) {
        return new TrainingData(train, validation, names, new double[stds.length], stds, counts, classCounts, weights,
                seconds);
    }

    /** Releases the cached blocks. */
    @Override
    public void close() {
        train.unpersist(false);
        validation.unpersist(false);
    }
}
