package io.sparkgrad.spark.data;

import io.sparkgrad.spark.config.ConfigError;
import io.sparkgrad.spark.config.DataConfig;
import io.sparkgrad.spark.model.ModelSpec;
import io.sparkgrad.spark.exec.OrderedTreeAggregate;
import io.sparkgrad.spark.exec.Progress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

/**
 * The training and validation rows as cached dense blocks, plus what was learned reading them
 * (feature names, standardisation statistics, row counts).
 *
 * <p>Pipeline: read with Spark SQL → give each row its identity ({@link RowIdentity}) → with
 * {@code data.order = canonical} only, spread the rows over {@code partitions} by their index in
 * the input and sort each partition by it (so that partition contents and order do not depend on
 * the files' layout); with {@code split} (the default) each input split stays one partition → one
 * pass per partition ({@link PackedPartition#pack}) that parses and checks each row, holds it out
 * or not ({@link HoldOut}), counts it, adds training rows to the statistics and packs the rows into
 * training and validation blocks, cached MEMORY_AND_DISK as one copy; the partitions' statistics
 * are merged in partition order. When the standardisation (or the balanced class weights) comes
 * from those statistics, the cached raw blocks are standardised from memory into the final cache
 * and released: the input is read once either way.
 */
public final class TrainingData implements AutoCloseable {
    /** Rows per dense block with {@code data.blockRows = 0}: a 4096 × 100 block is 3 MiB, in L2/L3. */
    static final int DENSE_BLOCK_ROWS = 4096;
    /** The one cached copy: every partition's training and validation blocks. */
    private final JavaRDD<PackedPartition> cache;
    private final JavaRDD<Block> train;
    private final JavaRDD<Block> validation;
    private final List<String> featureNames;
    private final double[] means;
    private final double[] stds;
    private final long[] counts;
    private final long[] classCounts;
    private final RowWeights weights;
    private final double[] seconds;
    private final double labelSampleStd;

    private TrainingData(JavaRDD<PackedPartition> cache, JavaRDD<Block> train, JavaRDD<Block> validation,
            List<String> featureNames, double[] means, double[] stds, long[] counts, long[] classCounts,
            RowWeights weights, double[] seconds, double labelSampleStd) {
        this.labelSampleStd = labelSampleStd;
        this.cache = cache;
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
            if (info.id() == train.id() || info.id() == validation.id() || info.id() == cache.id()) {
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
        boolean weightColumn = !cfg.weight().isEmpty();
        boolean offsetColumn = !cfg.offset().isEmpty();
        // after the label, in a parsed row's order; never features, even where data.features names them
        List<String> extras = new ArrayList<>();
        if (weightColumn) {
            extras.add(requireColumn(table, cfg.weight(), "weight", "data.weight"));
        }
        if (offsetColumn) {
            extras.add(requireColumn(table, cfg.offset(), "offset", "data.offset"));
        }
        if (extras.stream().anyMatch(features::contains)) {
            features = features.stream().filter(f -> !extras.contains(f)).toList();
        }
        List<String> columns = new ArrayList<>(features);
        columns.add(cfg.label());
        columns.addAll(extras);
        RowParser parser = new RowParser(table, columns, true, weightColumn, offsetColumn, spec.task(), spec.classes(),
                cfg.dropInvalid());

        JavaPairRDD<Long, double[]> parsed = TableRows.parse(table, parser, cfg.order());
        return build(spark, parsed, path, features, weightColumn, cfg, spec, partitions, resumed);
    }

    /** {@code column}, the table's {@code role} column named by config key {@code key}; refused when the table has none. */
    private static String requireColumn(TableReader.Table table, String column, String role, String key) {
        if (!table.columns().contains(column)) {
            throw new DataError(table.path() + ": " + role + " column '" + column + "' (" + key + ") not found; columns are "
                    + table.columns());
        }
        return column;
    }

    /**
     * Checks, counts, holds out and packs parsed rows into dense blocks: (row identity, values)
     * pairs, values [features..., label, weight if {@code weightColumn}, offset with {@code data.offset}]
     * or null for a dropped row.
     */
    static TrainingData build(SparkSession spark, JavaPairRDD<Long, double[]> parsed, String path, List<String> features,
            boolean weightColumn, DataConfig cfg, ModelSpec spec, int partitions, Standardization resumed) {
        int blockRows = cfg.blockRows() > 0 ? cfg.blockRows() : DENSE_BLOCK_ROWS;
        return build(spark, parsed, new DenseBlockWriter(features.size(), weightColumn, !cfg.offset().isEmpty(), blockRows),
                path, features, cfg,
                spec, partitions, resumed);
    }

    /**
     * The one ingest pipeline, for dense and sparse rows alike ({@code writer} packs them): checks,
     * counts, holds out and packs parsed rows, (row identity, row) pairs, the row null for a
     * dropped one.
     *
     * <p>One pass over the input ({@link PackedPartition#pack}) parses, checks, counts, holds out,
     * gathers the statistics and packs, leaving one cached copy of the blocks; when the
     * standardisation or the balanced class weights come from that pass, the cached raw blocks are
     * then made final from memory (no second reading of the input) and released.
     */
    static <R> TrainingData build(SparkSession spark, JavaPairRDD<Long, R> parsed, BlockWriter<R> writer, String path,
            List<String> names, DataConfig cfg, ModelSpec spec, int partitions, Standardization resumed) {
        // sparse blocks are spread over the partitions by row identity whatever data.order says
        // (conf/README), as before dense and sparse shared this pipeline, so their results keep their bits
        boolean canonical = RowIdentity.canonical(cfg.order());
        JavaPairRDD<Long, R> spread = RowIdentity.spread(parsed, writer.sparse() ? "canonical" : cfg.order(), partitions);
        int d = writer.features();
        int classes = spec.task().isClassification() ? spec.classes() : 0;
        // the final standardisation and weights when known before the pass: the blocks are packed final
        boolean knownBefore = (resumed != null || !cfg.standardize()) && !cfg.balancedClassWeights();
        BlockWriter.Scale known = !knownBefore ? null : resumed != null
                ? writer.scale(resumed.means().clone(), resumed.stds().clone()) : writer.scale(new double[d], ones(d));
        if (knownBefore) {
            writer.check(path, names, known);
        }
        RowWeights knownWeights = knownBefore && cfg.weighted() ? writer.weights(cfg.classWeights()) : null;
        // the packers' closures stay in the cached RDDs' lineage, which Spark serialises into every
        // task of every iteration: a sparse model's 2^20 standard deviations (8 MB) inline would
        // travel with each one
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<BlockWriter.Scale> knownScale = known == null ? null : sc.broadcast(known);

        spark.sparkContext().setJobDescription("sparkgrad: read, check, count and pack " + path);
        long readStart = Progress.phase("reading, checking and packing " + path + " (" + d
                + (writer.sparse() ? " sparse" : "") + " features, label '" + cfg.label() + "')");
        Ingested in = ingest(spark, cfg, classes, spread, writer, holdOut -> spread
                .mapPartitionsWithIndex((index, it) -> List.of(PackedPartition.pack(it, holdOut.draw(index), writer,
                        classes, knownScale == null ? null : knownScale.value(), knownWeights)).iterator(), true)
                .setName(known == null ? "sparkgrad raw blocks" : "sparkgrad blocks"));
        ColumnStats stats = in.stats();
        JavaRDD<PackedPartition> packs = in.packs();
        if (stats.trainRows() == 0) {
            packs.unpersist(false);
            long read = stats.validationRows() + stats.droppedRows();
            throw new DataError(path + ": no training rows (" + read + " rows read"
                    + (stats.droppedRows() > 0 ? ", " + stats.droppedRows() + " invalid rows dropped" : "") + ")");
        }
        double readSeconds = Progress.done(readStart, "read " + (stats.trainRows() + stats.validationRows()
                + stats.droppedRows()) + " rows in one pass over " + packs.getNumPartitions() + " partitions ("
                + (writer.sparse() ? "spread by row identity" : canonical ? "canonical order" : "input splits") + "): "
                + stats.trainRows() + " to train on, " + stats.validationRows() + " held out" + in.how() + ", "
                + stats.droppedRows() + " dropped");
        try {
            checkClasses(path, cfg.label(), stats.classCounts());
        } catch (DataError e) {
            packs.unpersist(false);
            throw e;
        }

        double[] classWeights = cfg.balancedClassWeights() ? RowWeights.balanced(stats.classCounts()) : cfg.classWeights();
        RowWeights weights = cfg.weighted() ? writer.weights(classWeights) : null;
        BlockWriter.Scale scale = known;
        double packSeconds = 0;
        if (!knownBefore) {
            spark.sparkContext().setJobDescription("sparkgrad: standardise the cached blocks of " + path);
            long packStart = Progress.phase("standardising the cached blocks");
            try {
                if (resumed != null) {
                    scale = writer.scale(resumed.means().clone(), resumed.stds().clone());
                } else if (cfg.standardize()) {
                    scale = writer.statistics(packs, stats);
                    if (!spec.centersFeatures()) {  // e.g. a glm without intercept: scaled, not centred
                        scale = writer.scale(new double[d], scale.std());
                    }
                } else {
                    scale = writer.scale(new double[d], ones(d));
                }
                writer.check(path, names, scale);
            } catch (DataError e) {
                packs.unpersist(false);
                throw e;
            } catch (Exception e) {  // Spark's SparkException is checked but undeclared
                packs.unpersist(false);
                throw LineLocator.rethrow(spark.sparkContext().hadoopConfiguration(), e);
            }
            Broadcast<BlockWriter.Scale> finalScale = sc.broadcast(scale);
            JavaRDD<PackedPartition> raw = packs;
            packs = raw.map(p -> p.finish(writer, finalScale.value(), weights)).setName("sparkgrad blocks")
                    .persist(StorageLevel.MEMORY_AND_DISK());
            packs.count();
            raw.unpersist(false);
            packSeconds = Progress.done(packStart, "packed the standardised blocks from the cache");
        }
        spark.sparkContext().setJobDescription(null);
        JavaRDD<Block> train = packs.flatMap(p -> p.train().iterator()).setName("sparkgrad training blocks");
        JavaRDD<Block> validation = packs.flatMap(p -> p.validation().iterator()).setName("sparkgrad validation blocks");
        return new TrainingData(packs, train, validation, names, scale.mean(), scale.std(),
                new long[] {stats.trainRows(), stats.validationRows(), stats.droppedRows()}, stats.classCounts(), weights,
                new double[] {readSeconds, packSeconds}, stats.labelSampleStd());
    }

    /**
     * The cached packed partitions of one pass over the input, their counts and statistics merged
     * in partition order, and how the rows were held out (for the log).
     */
    private record Ingested(JavaRDD<PackedPartition> packs, ColumnStats stats, String how) {}

    /**
     * One pass over the input by {@code packer} with the hold-out {@code cfg} asks for. A
     * classifier's stratified hold-out is {@link HoldOut#windowed}, in the pass itself, except for
     * tables of fewer than {@link HoldOut#EXACT_BELOW} rows, which are then packed again with the
     * exact {@link HoldOut#stratified} one (two more readings of their few rows). Sparse blocks
     * always take the exact one, as before dense and sparse shared this pipeline.
     */
    private static <R> Ingested ingest(SparkSession spark, DataConfig cfg, int classes, JavaPairRDD<Long, R> spread,
            BlockWriter<R> writer, Function<HoldOut, JavaRDD<PackedPartition>> packer) {
        boolean stratified = cfg.stratify() && classes > 0 && cfg.validationFraction() > 0;
        if (stratified && writer.sparse()) {
            return ingestOnce(spark, packer.apply(exact(spark, cfg, classes, spread, writer)), classes,
                    " (stratified, exact per class)");
        }
        HoldOut holdOut = stratified ? HoldOut.windowed(cfg.seed(), cfg.validationFraction(), writer.labelAt(), classes)
                : HoldOut.hashed(cfg.seed(), cfg.validationFraction());
        Ingested in = ingestOnce(spark, packer.apply(holdOut), classes,
                stratified ? " (stratified by windows of each class)" : "");
        if (stratified && in.stats().trainRows() + in.stats().validationRows() < HoldOut.EXACT_BELOW) {
            // a small table: the exact per-class hold-out, from two more readings of its few rows
            in.packs().unpersist(false);
            in = ingestOnce(spark, packer.apply(exact(spark, cfg, classes, spread, writer)), classes,
                    " (stratified, exact per class)");
        }
        return in;
    }

    /** The exact stratified hold-out of the rows' labels (two readings of the rows). */
    private static <R> HoldOut exact(SparkSession spark, DataConfig cfg, int classes, JavaPairRDD<Long, R> spread,
            BlockWriter<R> writer) {
        try {
            return HoldOut.stratified(spread.mapValues(r -> r == null ? null : writer.holdOutValues(r)).rdd().toJavaRDD(),
                    cfg.seed(), cfg.validationFraction(), writer.labelAt(), classes);
        } catch (Exception e) {  // Spark's SparkException is checked but undeclared
            throw LineLocator.rethrow(spark.sparkContext().hadoopConfiguration(), e);
        }
    }

    private static Ingested ingestOnce(SparkSession spark, JavaRDD<PackedPartition> unpersisted, int classes,
            String how) {
        JavaRDD<PackedPartition> packs = unpersisted.persist(StorageLevel.MEMORY_AND_DISK());
        ColumnStats stats;
        try {
            // computing this caches every partition: the statistics of the pass that packed them.
            // Each partial is the cached object itself; task results are serialised, so merging
            // them does not modify the cache.
            stats = OrderedTreeAggregate.aggregate(packs, (index, it) -> it.next().stats(), ColumnStats::merge, 2);
        } catch (Exception e) {  // Spark's SparkException is checked but undeclared
            packs.unpersist(false);
            throw LineLocator.rethrow(spark.sparkContext().hadoopConfiguration(), e);
        }
        return new Ingested(packs, stats == null ? new ColumnStats(0, classes) : stats, how);
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

    /** Every row of the input: trained on, held out or dropped. */
    public long rowsRead() {
        return counts[0] + counts[1] + counts[2];
    }

    /**
     * The label's sample standard deviation over the rows trained on and held out, as Spark SQL's
     * {@code stddev_samp} over the input's partitions (its bits when Spark merges them in partition
     * order); NaN for fewer than two rows.
     */
    public double labelSampleStd() {
        return labelSampleStd;
    }

    /** Releases the cached blocks. */
    @Override
    public void close() {
        cache.unpersist(false);
        train.unpersist(false);
        validation.unpersist(false);
    }
}
