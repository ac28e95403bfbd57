package io.sparkgrad.spark.data;

import io.sparkgrad.spark.config.DataConfig;
import io.sparkgrad.spark.model.ModelSpec;
import io.sparkgrad.spark.train.OrderedTreeAggregate;
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
 * <p>Pipeline: read with Spark SQL → parse and check each row, numbering rows in input order →
 * spread rows over {@code partitions} by row number and sort each partition by it (so that
 * partition contents and order are reproducible) → one pass for counts and feature statistics →
 * pack into blocks, persisted MEMORY_AND_DISK. The split into training and validation is a hash
 * of (seed, row number), so it does not depend on the partitioning.
 */
public final class TrainingData implements AutoCloseable {
    private final JavaRDD<Block> train;
    private final JavaRDD<Block> validation;
    private final List<String> featureNames;
    private final double[] means;
    private final double[] stds;
    private final ColumnStats stats;

    private TrainingData(JavaRDD<Block> train, JavaRDD<Block> validation, List<String> featureNames,
            double[] means, double[] stds, ColumnStats stats) {
        this.train = train;
        this.validation = validation;
        this.featureNames = featureNames;
        this.means = means;
        this.stds = stds;
        this.stats = stats;
    }

    /**
     * Reads, checks and packs the data.
     *
     * @param partitions how many partitions the training blocks are spread over
     * @throws DataError for unusable data; also thrown later inside Spark jobs, see {@link DataError#find}
     */
    public static TrainingData load(SparkSession spark, DataConfig cfg, ModelSpec spec, int partitions) {
        return load(spark, cfg, spec, partitions, null, null);
    }

    /**
     * Like {@link #load(SparkSession, DataConfig, ModelSpec, int)}, but standardises with given
     * statistics (a resumed model's) instead of this data's, when they are not null.
     */
    public static TrainingData load(SparkSession spark, DataConfig cfg, ModelSpec spec, int partitions,
            double[] fixedMeans, double[] fixedStds) {
        String path = cfg.path();
        Dataset<Row> df = TableReader.read(spark, path, cfg.format(), cfg.header(), cfg.delimiter());
        List<String> features = TableReader.resolveFeatures(df, path, cfg.features(), cfg.label());
        List<String> columns = new ArrayList<>(features);
        columns.add(cfg.label());
        RowParser parser = new RowParser(path, columns, true, spec.task(), spec.classes(), cfg.dropInvalid());

        JavaPairRDD<Long, double[]> parsed = TableReader.select(df, columns).javaRDD().zipWithIndex()
                .mapToPair(t -> new Tuple2<>(t._2(), parser.parse(t._1(), t._2())));
        JavaPairRDD<Long, double[]> spread = parsed.repartitionAndSortWithinPartitions(new RowIndexPartitioner(partitions));

        int d = features.size();
        long seed = cfg.seed();
        double fraction = cfg.validationFraction();
        spark.sparkContext().setJobDescription("sparkgrad: read, check and count " + path);
        ColumnStats stats = OrderedTreeAggregate.aggregate(spread.rdd().toJavaRDD(), (index, it) -> {
            ColumnStats s = new ColumnStats(d);
            while (it.hasNext()) {
                Tuple2<Long, double[]> row = it.next();
                if (row._2() == null) {
                    s.addDropped();
                } else if (ValidationSplit.isValidation(seed, row._1(), fraction)) {
                    s.addValidation();
                } else {
                    s.addTrain(row._2());
                }
            }
            return s;
        }, ColumnStats::merge, 2);
        if (stats == null || stats.trainRows() == 0) {
            long read = stats == null ? 0 : stats.validationRows() + stats.droppedRows();
            throw new DataError(path + ": no training rows (" + read + " rows read"
                    + (stats != null && stats.droppedRows() > 0 ? ", " + stats.droppedRows() + " invalid rows dropped" : "")
                    + ")");
        }

        double[] mean = fixedMeans != null ? fixedMeans.clone() : cfg.standardize() ? stats.means() : new double[d];
        double[] std = fixedStds != null ? fixedStds.clone() : cfg.standardize() ? stats.stds() : ones(d);
        if (mean.length != d || std.length != d) {
            throw new IllegalArgumentException("standardisation statistics for " + mean.length + " features, the data has " + d);
        }
        int blockRows = cfg.blockRows();
        JavaRDD<Block> train = spread
                .filter(r -> r._2() != null && !ValidationSplit.isValidation(seed, r._1(), fraction))
                .mapPartitions(it -> new BlockPacker(it, blockRows, mean, std), true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<Block> validation = spread
                .filter(r -> r._2() != null && ValidationSplit.isValidation(seed, r._1(), fraction))
                .mapPartitions(it -> new BlockPacker(it, blockRows, mean, std), true)
                .persist(StorageLevel.MEMORY_AND_DISK());
        spark.sparkContext().setJobDescription("sparkgrad: pack " + path + " into blocks");
        train.count();
        validation.count();
        spark.sparkContext().setJobDescription(null);
        return new TrainingData(train, validation, features, mean, std, stats);
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
        return stats.trainRows();
    }

    public long validationRows() {
        return stats.validationRows();
    }

    public long droppedRows() {
        return stats.droppedRows();
    }

    /** Releases the cached blocks. */
    @Override
    public void close() {
        train.unpersist(false);
        validation.unpersist(false);
    }
}
