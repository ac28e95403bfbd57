package io.sparkgrad.spark.data;

import io.sparkgrad.spark.config.ConfigError;
import io.sparkgrad.spark.config.DataConfig;
import io.sparkgrad.spark.model.ModelSpec;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.ml.feature.FeatureHasher;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import scala.Tuple2;

/**
 * Features given as sparse-capable input — a libsvm file ({@code data.format = libsvm}), an ML
 * {@code Vector} column ({@code data.vector}), or columns hashed as Spark ML's {@code
 * FeatureHasher} does ({@code data.hashing.columns}) — read into sparse rows, then packed either
 * as CSR blocks (12 bytes per stored entry; {@code data.sparse}; {@link SparseBlockWriter}) or
 * densely ({@link DenseBlockWriter}), through the one ingest pipeline of numeric columns
 * ({@link TrainingData#build}): the hold-out, the counts, the weights and the checks are the same.
 *
 * <p>Sparse blocks are standardised by scaling only: each feature divided by its standard
 * deviation over the training rows (absent entries count as zeros), without centring — centring
 * would fill every entry. {@code data.sparse = auto} packs libsvm and hashed input sparse, and a
 * vector column sparse when it has at least {@value #WIDE} elements or fewer than
 * {@value #DENSITY} of its entries stored.
 */
public final class SparseData {
    /** A vector column this wide is packed sparse by {@code data.sparse = auto}. */
    static final int WIDE = 1024;
    /** A vector column with fewer of its entries stored than this is packed sparse by {@code data.sparse = auto}. */
    static final double DENSITY = 0.05;
    static final String HASHED = "_sparkgrad_hashed";
    /**
     * Rows per sparse block with {@code data.blockRows = 0}: a block's gradient is as wide as the
     * model (8 MB at 2^20 features), so fewer, larger blocks; 65,536 rows of 40 entries are 31 MB.
     */
    static final int SPARSE_BLOCK_ROWS = 65536;

    private SparseData() {}

    /** Sparse rows as read, before they are spread over the partitions. */
    private record Source(JavaPairRDD<Long, SparseRow> rows, FeatureSpace space, String path) {}

    /**
     * Reads, checks and packs the features of {@code table} as {@code cfg} gives them (libsvm,
     * vector column or hashing).
     */
    public static TrainingData load(SparkSession spark, TableReader.Table table, DataConfig cfg, ModelSpec spec,
            int partitions, TrainingData.Standardization resumed) {
        Source source = source(spark, table, cfg, spec);
        if (resumed != null && !resumed.features().equals(source.space().names())) {
            throw new ConfigError("training.resumeFrom '" + resumed.source() + "': the model was trained on "
                    + resumed.features() + ", this data has " + source.space().names());
        }
        boolean sparse = switch (cfg.sparse()) {
            case "true" -> true;
            case "false" -> false;
            default -> source.space().kind() != FeatureSpace.Kind.VECTOR || wideOrSparse(source);
        };
        if (!sparse) {
            int d = source.space().dimension();
            boolean weighted = !cfg.weight().isEmpty();
            boolean offset = !cfg.offset().isEmpty();
            JavaPairRDD<Long, double[]> dense = source.rows().mapValues(r -> r == null ? null
                    : denseRow(r, d, weighted, offset));
            return TrainingData.build(spark, dense, source.path(), source.space().names(), weighted, cfg, spec, partitions,
                    resumed);
        }
        int blockRows = cfg.blockRows() > 0 ? cfg.blockRows() : SPARSE_BLOCK_ROWS;
        return TrainingData.build(spark, source.rows(), new SparseBlockWriter(source.space().dimension(), cfg.weighted(),
                !cfg.offset().isEmpty(), blockRows), source.path(), source.space().names(), cfg, spec, partitions, resumed);
    }

    /** Whether a vector column is wide or sparse enough to pack sparse (one counting pass). */
    private static boolean wideOrSparse(Source s) {
        if (s.space().dimension() >= WIDE) {
            return true;
        }
        Tuple2<Long, Long> stored = s.rows().values().filter(r -> r != null)
                .map(r -> new Tuple2<>((long) r.indices().length, 1L))
                .fold(new Tuple2<>(0L, 0L), (a, b) -> new Tuple2<>(a._1() + b._1(), a._2() + b._2()));
        return stored._2() > 0 && stored._1() < DENSITY * stored._2() * s.space().dimension();
    }

    /** [features..., label, weight if {@code weighted}, offset if {@code offset}], as the dense parser's rows. */
    private static double[] denseRow(SparseRow r, int d, boolean weighted, boolean offset) {
        double[] row = new double[d + 1 + (weighted ? 1 : 0) + (offset ? 1 : 0)];
        for (int k = 0; k < r.indices().length; k++) {
            row[r.indices()[k]] = r.values()[k];
        }
        row[d] = r.label();
        if (weighted) {
            row[d + 1] = r.weight();
        }
        if (offset) {
            row[row.length - 1] = r.offset();
        }
        return row;
    }

    private static Source source(SparkSession spark, TableReader.Table table, DataConfig cfg, ModelSpec spec) {
        if (cfg.format().equals("libsvm")) {
            return libsvm(spark, table, cfg, spec);
        }
        TableReader.Table t = table;
        String column = cfg.vector();
        FeatureSpace.Kind kind = FeatureSpace.Kind.VECTOR;
        if (!cfg.hashing().isEmpty()) {
            for (String c : cfg.hashing()) {
                if (!table.columns().contains(c)) {
                    throw new DataError(table.path() + ": column '" + c + "' (data.hashing.columns) not found; columns are "
                            + table.columns());
                }
            }
            Dataset<Row> hashed = new FeatureHasher().setInputCols(cfg.hashing().toArray(String[]::new))
                    .setOutputCol(HASHED).setNumFeatures(cfg.hashingDimension()).transform(table.df());
            t = new TableReader.Table(hashed, table.path(), table.format(), table.header(), table.delimiter(),
                    List.of(hashed.columns()).stream().filter(c -> !c.equals(TableReader.CORRUPT)).toList(),
                    table.hasCorruptColumn());
            column = HASHED;
            kind = FeatureSpace.Kind.HASHED;
        }
        if (!t.columns().contains(column)) {
            throw new DataError(t.path() + ": vector column '" + column + "' (data.vector) not found; columns are "
                    + t.columns());
        }
        if (!t.df().schema().apply(column).dataType().equals(SQLDataTypes.VectorType())) {
            throw new DataError(t.path() + ": column '" + column + "' (data.vector) has type "
                    + t.df().schema().apply(column).dataType().simpleString() + "; expected an ML Vector");
        }
        // each with its role and config key, as TrainingData names them
        Map<String, String> needed = new LinkedHashMap<>();
        needed.put(cfg.label(), "label column '" + cfg.label() + "'");
        if (!cfg.weight().isEmpty()) {
            needed.put(cfg.weight(), "weight column '" + cfg.weight() + "' (data.weight)");
        }
        if (!cfg.offset().isEmpty()) {
            needed.put(cfg.offset(), "offset column '" + cfg.offset() + "' (data.offset)");
        }
        for (Map.Entry<String, String> c : needed.entrySet()) {
            if (!t.columns().contains(c.getKey())) {
                throw new DataError(t.path() + ": " + c.getValue() + " not found; columns are " + t.columns());
            }
        }
        int dimension = vectorSize(t.path(), t.df(), column);
        List<String> names = kind == FeatureSpace.Kind.VECTOR ? attributeNames(t.df(), column, dimension) : List.of();
        Dataset<Row> selected = t.df().select(col(column), col(cfg.label()),
                cfg.weight().isEmpty() ? functions.lit(1.0).as("_w") : col(cfg.weight()),
                functions.input_file_name(), functions.input_file_block_start(),
                cfg.offset().isEmpty() ? functions.lit(0.0).as("_o") : col(cfg.offset()));
        VectorRows parser = new VectorRows(t.path(), column, cfg.label(), cfg.weight(), cfg.offset(), dimension, spec,
                cfg.dropInvalid());
        JavaPairRDD<Long, SparseRow> rows = RowIdentity.number(selected.javaRDD(), cfg.order())
                .mapPartitionsToPair(parser::parseAll, true);
        return new Source(rows, new FeatureSpace(kind, dimension, kind == FeatureSpace.Kind.VECTOR ? column : "",
                cfg.hashing(), names), t.path());
    }

    private static Source libsvm(SparkSession spark, TableReader.Table table, DataConfig cfg, ModelSpec spec) {
        String path = table.path();
        int bound = cfg.numFeatures();
        LibsvmParser parser = new LibsvmParser(path, bound, spec.task(), spec.classes(), cfg.dropInvalid());
        JavaPairRDD<Long, SparseRow> rows;
        try {
            rows = parser.read(JavaSparkContext.fromSparkContext(spark.sparkContext()), cfg.order());
        } catch (Exception e) {  // Spark's SparkException is checked but undeclared
            throw LineLocator.rethrow(spark.sparkContext().hadoopConfiguration(), e);
        }
        int dimension = bound;
        if (dimension == 0) {
            try {
                dimension = rows.values().filter(r -> r != null && r.indices().length > 0)
                        .map(r -> r.indices()[r.indices().length - 1] + 1).fold(0, Math::max);
            } catch (Exception e) {  // Spark's SparkException is checked but undeclared
                throw LineLocator.rethrow(spark.sparkContext().hadoopConfiguration(), e);
            }
            if (dimension == 0) {
                throw new DataError(path + ": no features (every line holds a label only, or no line holds anything)");
            }
        }
        return new Source(rows, new FeatureSpace(FeatureSpace.Kind.LIBSVM, dimension, "", List.of()), path);
    }

    /** The vector's element names from its ML attributes (as VectorAssembler sets them), when all are named and distinct. */
    private static List<String> attributeNames(Dataset<Row> df, String column, int dimension) {
        var group = org.apache.spark.ml.attribute.AttributeGroup.fromStructField(df.schema().apply(column));
        if (!group.attributes().isDefined() || dimension > 100_000) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        for (var a : group.attributes().get()) {
            if (!a.name().isDefined()) {
                return List.of();
            }
            names.add(a.name().get());
        }
        return names.size() == dimension && names.stream().distinct().count() == dimension ? names : List.of();
    }

    private static int vectorSize(String path, Dataset<Row> df, String column) {
        int size = org.apache.spark.ml.attribute.AttributeGroup.fromStructField(df.schema().apply(column)).size();
        if (size >= 0) {
            return size;
        }
        List<Row> first = df.select(column).filter(functions.col(column).isNotNull()).limit(1).collectAsList();
        if (first.isEmpty()) {
            throw new DataError(path + ": vector column '" + column + "' (data.vector) holds no vector (every row's is "
                    + "null)");
        }
        return ((Vector) first.get(0).get(0)).size();
    }

    /**
     * The vector's entries that are not zero (NaN included), in index order: {@code
     * v.toSparse()}, without its boxing iterator over every element (a third of reading a
     * dense vector column); a sparse vector's arrays are used as they are when it stores no
     * zero.
     */
    static SparseRow stored(Vector v, double label, double weight) {
        int[] indices;
        double[] values;
        if (v instanceof SparseVector sv) {
            indices = sv.indices();
            values = sv.values();
        } else {
            values = v.toArray();  // a dense vector's own array
            indices = null;
        }
        int nonzero = 0;
        for (double x : values) {
            nonzero += x != 0.0 ? 1 : 0;
        }
        if (indices != null && nonzero == values.length) {
            return new SparseRow(indices, values, label, weight);
        }
        int[] keptIndices = new int[nonzero];
        double[] keptValues = new double[nonzero];
        int k = 0;
        for (int e = 0; e < values.length; e++) {
            if (values[e] != 0.0) {
                keptIndices[k] = indices == null ? e : indices[e];
                keptValues[k++] = values[e];
            }
        }
        return new SparseRow(keptIndices, keptValues, label, weight);
    }

    private static Column col(String name) {
        return functions.col("`" + name.replace("`", "``") + "`");
    }

    /**
     * Turns (vector, label, weight, file, block start, offset) rows into sparse rows, checking each
     * as the dense parser does.
     */
    private record VectorRows(String path, String column, String label, String weight, String offset, int dimension,
            ModelSpec spec, boolean drop) implements java.io.Serializable {
        Iterator<Tuple2<Long, SparseRow>> parseAll(Iterator<Tuple2<Row, Long>> it) {
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return it.hasNext();
                }

                @Override
                public Tuple2<Long, SparseRow> next() {
                    Tuple2<Row, Long> t = it.next();
                    return new Tuple2<>(t._2(), parse(t._1(), t._2()));
                }
            };
        }

        private SparseRow parse(Row r, long index) {
            String problem = null;
            String where = RowParser.fileName(path, r.getString(3)) + ": " + RowIdentity.describe(index);
            Vector v = (Vector) r.get(0);
            if (v == null) {
                problem = "column '" + column + "': null vector";
            } else if (v.size() != dimension) {
                problem = "column '" + column + "': a vector of " + v.size() + " elements where the first has " + dimension;
            }
            double y = number(r.get(1));
            double w = number(r.get(2));
            if (problem == null && !Double.isFinite(y)) {
                problem = "column '" + label + "': " + (r.isNullAt(1) ? "null value" : "'" + r.get(1) + "' is not a finite number");
            }
            if (problem == null) {
                String lp = RowParser.labelProblem(spec.task(), spec.classes(), y);
                problem = lp == null ? null : "column '" + label + "': " + lp;
            }
            if (problem == null && !(w >= 0 && Double.isFinite(w))) {
                problem = "column '" + weight + "': weight " + w + " is not a finite number >= 0";
            }
            double o = number(r.get(5));
            if (problem == null && !Double.isFinite(o)) {
                problem = "column '" + offset + "' (data.offset): " + (r.isNullAt(5) ? "null value" : "'" + r.get(5)
                        + "' is not a finite number");
            }
            if (problem == null) {
                SparseRow row = o == 0.0 ? stored(v, y, w) : stored(v, y, w).withOffset(o);
                double[] values = row.values();
                for (int k = 0; k < values.length; k++) {
                    if (!Double.isFinite(values[k])) {
                        problem = "column '" + column + "': element " + row.indices()[k] + " is " + values[k];
                        break;
                    }
                }
                if (problem == null) {
                    return row;
                }
            }
            if (drop) {
                return null;
            }
            throw new DataError(where + ", " + problem);
        }

        /** A number, or a string holding one (CSV is read as text); NaN for anything else. */
        private static double number(Object v) {
            if (v instanceof Number n) {
                return n.doubleValue();
            }
            if (v != null) {
                try {
                    return Double.parseDouble(v.toString().trim());
                } catch (NumberFormatException e) {
                    return Double.NaN;
                }
            }
            return Double.NaN;
        }
    }
}
