package io.sparkgrad.spark.data;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.rdd.InputFileBlockHolder;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.sql.catalyst.encoders.ExpressionEncoder;
import org.apache.spark.sql.catalyst.expressions.Attribute;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.execution.ColumnarToRowExec;
import org.apache.spark.sql.execution.FileSourceScanExec;
import org.apache.spark.sql.execution.InputAdapter;
import org.apache.spark.sql.execution.ProjectExec;
import org.apache.spark.sql.execution.SparkPlan;
import org.apache.spark.sql.execution.WholeStageCodegenExec;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.DecimalType;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.sql.vectorized.ColumnVector;
import org.apache.spark.sql.vectorized.ColumnarBatch;
import org.apache.spark.unsafe.Platform;
import org.apache.spark.unsafe.types.UTF8String;
import scala.Tuple2;
import scala.collection.immutable.Seq;

/**
 * A dense table's rows as (row identity, values) pairs, the values what {@link RowParser} makes of
 * them, read without a {@code Row} and a boxed cell per value.
 *
 * <ul>
 *   <li>When the table is a plain Parquet or ORC scan that Spark reads vectorised, the values come
 *       straight from the reader's column batches ({@link FileSourceScanExec#executeColumnar}),
 *       and only the columns the job uses (and the first few an error message shows) are read.</li>
 *   <li>Otherwise (CSV, JSON, a wide Parquet table past {@code spark.sql.codegen.maxFields}, any
 *       other DataFrame) they come from Spark's internal rows of {@link TableReader#selectForParsing}
 *       ({@code queryExecution().toRdd()}).</li>
 * </ul>
 *
 * <p>Both read exactly the rows {@code Dataset.javaRDD()} gives, in the same partitions and order,
 * so the identities, and every bit after them, are the same. A cell becomes the double
 * {@link RowParser#parse} makes of its boxed value (a decimal through its {@code BigDecimal}, a
 * text through {@link DecimalText}, which is {@code Double.parseDouble} bit for bit). A row any of
 * whose values {@link RowParser#accepts} refuses (a null, a non-finite value or a text that is not
 * a number, a label outside the classes, a negative weight) or that Spark marked malformed is made
 * into the very {@code Row} {@code javaRDD()} would give and parsed by {@link RowParser#parse}: its
 * error, or its dropping, is the one of that path.
 */
final class TableRows {
    /** How the rows are read. */
    enum Route {
        /** The column batches of Spark's vectorised Parquet or ORC reader, from the file scan itself. */
        COLUMNAR,
        /** Spark's internal rows of {@link TableReader#selectForParsing}. */
        INTERNAL,
        /** The {@code Row}s of {@code Dataset.javaRDD()}, each cell boxed: what the others must equal, bit for bit. */
        ROWS
    }

    private TableRows() {}

    /** The table's rows parsed by {@code parser}, numbered under {@code data.order = order}, by the fastest route. */
    static JavaPairRDD<Long, double[]> parse(TableReader.Table table, RowParser parser, String order) {
        JavaPairRDD<Long, double[]> columnar = columnar(table, parser, order);
        return columnar != null ? columnar : internal(table, parser, order);
    }

    /** Like {@link #parse(TableReader.Table, RowParser, String)} by {@code route}; COLUMNAR must apply. */
    static JavaPairRDD<Long, double[]> parse(TableReader.Table table, RowParser parser, String order, Route route) {
        return switch (route) {
            case COLUMNAR -> {
                JavaPairRDD<Long, double[]> columnar = columnar(table, parser, order);
                if (columnar == null) {
                    throw new IllegalStateException(table.path() + ": not a plain vectorised file scan");
                }
                yield columnar;
            }
            case INTERNAL -> internal(table, parser, order);
            case ROWS -> RowIdentity.number(TableReader.selectForParsing(table).javaRDD(), order)
                    .mapPartitionsToPair(parser::parseAll, true);
        };
    }

    /** The route {@link #parse(TableReader.Table, RowParser, String)} takes for {@code table}. */
    static Route route(TableReader.Table table, RowParser parser) {
        return columnarScan(table, parser) != null ? Route.COLUMNAR : Route.INTERNAL;
    }

    // ---- identities

    /** A row's identity from its partition (input split) and its offset in it. */
    private interface Ids extends Serializable {
        long of(int split, long offset);
    }

    /** Counts the rows an iterator of a partition holds. */
    private interface Counter<T> extends Serializable {
        long count(Iterator<T> it);
    }

    /**
     * {@code split}: (split, offset) packed ({@link RowIdentity#of}); {@code canonical}: the row's
     * index in the whole input, the partitions' sizes counted first as {@code zipWithIndex} does
     * (all but the last partition).
     */
    private static <T> Ids ids(JavaRDD<T> source, String order, Counter<T> counter) {
        if (!RowIdentity.canonical(order)) {
            return RowIdentity::of;
        }
        int last = source.getNumPartitions() - 1;
        List<Long> counts = source.mapPartitionsWithIndex((p, it) -> List.of(p == last ? 0L : counter.count(it))
                .iterator(), false).collect();
        long[] starts = new long[counts.size()];
        for (int p = 1; p < starts.length; p++) {
            starts[p] = starts[p - 1] + counts.get(p - 1);
        }
        return (split, offset) -> starts[split] + offset;
    }

    // ---- how a cell becomes a double

    /** How a column's cell is read as a double: as {@link RowParser#parse} reads its boxed value. */
    private enum Kind { DOUBLE, FLOAT, LONG, INT, SHORT, BYTE, DECIMAL, TEXT, OTHER }

    private static Kind kind(DataType t) {
        if (t.equals(DataTypes.DoubleType)) {
            return Kind.DOUBLE;
        } else if (t.equals(DataTypes.FloatType)) {
            return Kind.FLOAT;
        } else if (t.equals(DataTypes.LongType)) {
            return Kind.LONG;
        } else if (t.equals(DataTypes.IntegerType)) {
            return Kind.INT;
        } else if (t.equals(DataTypes.ShortType)) {
            return Kind.SHORT;
        } else if (t.equals(DataTypes.ByteType)) {
            return Kind.BYTE;
        } else if (t instanceof DecimalType) {
            return Kind.DECIMAL;
        } else if (t.equals(DataTypes.StringType)) {
            return Kind.TEXT;
        }
        return Kind.OTHER;  // never a parsed column (TableReader checks their types): always the Row path
    }

    /** The cells' kinds and, for decimals, precision and scale, of the parsed values in order. */
    private record Cells(Kind[] kinds, int[] precision, int[] scale) implements Serializable {
        static Cells of(StructType schema, int[] ordinals) {
            Kind[] kinds = new Kind[ordinals.length];
            int[] precision = new int[ordinals.length];
            int[] scale = new int[ordinals.length];
            for (int c = 0; c < ordinals.length; c++) {
                DataType t = schema.fields()[ordinals[c]].dataType();
                kinds[c] = kind(t);
                if (t instanceof DecimalType d) {
                    precision[c] = d.precision();
                    scale[c] = d.scale();
                }
            }
            return new Cells(kinds, precision, scale);
        }
    }

    /** A text cell's number ({@code Double.parseDouble} of it), or NaN when it is none: then the Row path names it. */
    private static double number(UTF8String s) {
        try {
            if (s.getBaseObject() instanceof byte[] b) {
                int from = (int) (s.getBaseOffset() - Platform.BYTE_ARRAY_OFFSET);
                return DecimalText.parseDouble(b, from, from + s.numBytes());
            }
            byte[] b = s.getBytes();
            return DecimalText.parseDouble(b, 0, b.length);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static double number(ColumnVector v, int r, Cells cells, int c) {
        return switch (cells.kinds()[c]) {
            case DOUBLE -> v.getDouble(r);
            case FLOAT -> v.getFloat(r);
            case LONG -> v.getLong(r);
            case INT -> v.getInt(r);
            case SHORT -> v.getShort(r);
            case BYTE -> v.getByte(r);
            case DECIMAL -> v.getDecimal(r, cells.precision()[c], cells.scale()[c]).toJavaBigDecimal().doubleValue();
            case TEXT -> number(v.getUTF8String(r));
            case OTHER -> Double.NaN;
        };
    }

    private static double number(InternalRow row, int i, Cells cells, int c) {
        return switch (cells.kinds()[c]) {
            case DOUBLE -> row.getDouble(i);
            case FLOAT -> row.getFloat(i);
            case LONG -> row.getLong(i);
            case INT -> row.getInt(i);
            case SHORT -> row.getShort(i);
            case BYTE -> row.getByte(i);
            case DECIMAL -> row.getDecimal(i, cells.precision()[c], cells.scale()[c]).toJavaBigDecimal().doubleValue();
            case TEXT -> number(row.getUTF8String(i));
            case OTHER -> Double.NaN;
        };
    }

    /** The deserializer of {@code Dataset.javaRDD()} for {@code schema}: an internal row to the same {@code Row}. */
    private static ExpressionEncoder<Row> rowEncoder(StructType schema) {
        ExpressionEncoder<Row> e = ExpressionEncoder.apply(schema);
        return e.resolveAndBind(e.resolveAndBind$default$1(), e.resolveAndBind$default$2());
    }

    // ---- column batches

    /**
     * A plain vectorised scan of the columns to read: the scan, and for each parsed value and each
     * read data column, its place in the scan's batches.
     */
    private record ColumnarScan(FileSourceScanExec scan, int[] valueOrdinals, int[] dataColumns, int[] dataOrdinals) {}

    private static ColumnarScan columnarScan(TableReader.Table t, RowParser parser) {
        if (t.hasCorruptColumn()) {
            return null;
        }
        // the parsed columns and the first ones an error shows, each once, in the table's order
        TreeSet<Integer> read = new TreeSet<>();
        for (int c = 0; c < parser.width(); c++) {
            read.add(parser.dataColumn(c));
        }
        for (int i = 0; i < parser.describedColumns(); i++) {
            read.add(i);
        }
        int[] dataColumns = read.stream().mapToInt(Integer::intValue).toArray();
        List<Column> cols = new ArrayList<>();
        for (int i : dataColumns) {
            cols.add(functions.col("`" + t.columns().get(i).replace("`", "``") + "`"));
        }
        Dataset<Row> selected = t.df().select(cols.toArray(Column[]::new));
        FileSourceScanExec scan = plainScan(selected.queryExecution().executedPlan());
        if (scan == null || !scan.supportsColumnar()) {
            return null;
        }
        Seq<Attribute> wanted = selected.queryExecution().analyzed().output();
        Seq<Attribute> output = scan.output();
        int[] dataOrdinals = new int[dataColumns.length];
        for (int i = 0; i < dataColumns.length; i++) {
            dataOrdinals[i] = -1;
            for (int j = 0; j < output.size(); j++) {
                if (output.apply(j).exprId().equals(wanted.apply(i).exprId())) {
                    dataOrdinals[i] = j;
                }
            }
            if (dataOrdinals[i] < 0) {
                return null;
            }
        }
        int[] valueOrdinals = new int[parser.width()];
        for (int c = 0; c < valueOrdinals.length; c++) {
            valueOrdinals[c] = dataOrdinals[java.util.Arrays.binarySearch(dataColumns, parser.dataColumn(c))];
        }
        return new ColumnarScan(scan, valueOrdinals, dataColumns, dataOrdinals);
    }

    /** The file scan under a plan that only renames or reorders its columns, or null. */
    private static FileSourceScanExec plainScan(SparkPlan plan) {
        SparkPlan p = plan;
        while (true) {
            if (p instanceof FileSourceScanExec s) {
                return s.dataFilters().isEmpty() ? s : null;
            } else if (p instanceof WholeStageCodegenExec w) {
                p = w.child();
            } else if (p instanceof InputAdapter a) {
                p = a.child();
            } else if (p instanceof ColumnarToRowExec c) {
                p = c.child();
            } else if (p instanceof ProjectExec project && onlyColumns(project.projectList())) {
                p = project.child();
            } else {
                return null;
            }
        }
    }

    private static boolean onlyColumns(Seq<NamedExpression> list) {
        for (int i = 0; i < list.size(); i++) {
            if (!(list.apply(i) instanceof AttributeReference)) {
                return false;
            }
        }
        return true;
    }

    private static JavaPairRDD<Long, double[]> columnar(TableReader.Table t, RowParser parser, String order) {
        ColumnarScan cs = columnarScan(t, parser);
        if (cs == null) {
            return null;
        }
        JavaRDD<ColumnarBatch> batches = cs.scan().executeColumnar().toJavaRDD();
        Ids ids = ids(batches, order, it -> {
            long n = 0;
            while (it.hasNext()) {
                n += it.next().numRows();
            }
            return n;
        });
        Cells cells = Cells.of(cs.scan().schema(), cs.valueOrdinals());
        ExpressionEncoder<Row> encoder = rowEncoder(cs.scan().schema());
        int[] valueOrdinals = cs.valueOrdinals();
        int[] dataColumns = cs.dataColumns();
        int[] dataOrdinals = cs.dataOrdinals();
        JavaRDD<Tuple2<Long, double[]>> parsed = batches.mapPartitionsWithIndex((split, it) -> new BatchRows(it, split,
                ids, parser, cells, valueOrdinals, dataColumns, dataOrdinals, encoder), true);
        return JavaPairRDD.fromJavaRDD(parsed);
    }

    /**
     * A partition's rows from its column batches. A batch's vectors are refilled by the reader's
     * next batch, so the source is asked for the next batch only once every row of the current one
     * is parsed; the file and block a batch came from are Spark's {@link InputFileBlockHolder}
     * right after it is handed out (a batch never spans two files).
     */
    private static final class BatchRows implements Iterator<Tuple2<Long, double[]>> {
        private final Iterator<ColumnarBatch> batches;
        private final int split;
        private final Ids ids;
        private final RowParser parser;
        private final Cells cells;
        private final int[] valueOrdinals;
        private final int[] dataColumns;
        private final int[] dataOrdinals;
        private final ExpressionEncoder<Row> encoder;
        private final ColumnVector[] vectors;
        private final boolean[] mayBeNull;
        private ExpressionEncoder.Deserializer<Row> deserializer;
        private ColumnarBatch batch;
        private int row;
        private int rows;
        private String file;
        private long blockStart = -1;
        private long inBlock;
        private long offset;

        BatchRows(Iterator<ColumnarBatch> batches, int split, Ids ids, RowParser parser, Cells cells, int[] valueOrdinals,
                int[] dataColumns, int[] dataOrdinals, ExpressionEncoder<Row> encoder) {
            this.batches = batches;
            this.split = split;
            this.ids = ids;
            this.parser = parser;
            this.cells = cells;
            this.valueOrdinals = valueOrdinals;
            this.dataColumns = dataColumns;
            this.dataOrdinals = dataOrdinals;
            this.encoder = encoder;
            this.vectors = new ColumnVector[valueOrdinals.length];
            this.mayBeNull = new boolean[valueOrdinals.length];
        }

        @Override
        public boolean hasNext() {
            while (row >= rows) {
                if (!batches.hasNext()) {
                    return false;
                }
                batch = batches.next();
                row = 0;
                rows = batch.numRows();
                String f = InputFileBlockHolder.getInputFilePath().toString();
                long start = InputFileBlockHolder.getStartOffset();
                if (!f.equals(file) || start != blockStart) {
                    file = f;
                    blockStart = start;
                    inBlock = 0;
                }
                for (int c = 0; c < vectors.length; c++) {
                    vectors[c] = batch.column(valueOrdinals[c]);
                    mayBeNull[c] = vectors[c].hasNull();
                }
            }
            return true;
        }

        @Override
        public Tuple2<Long, double[]> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            int r = row++;
            long id = ids.of(split, offset++);
            long record = inBlock++;
            double[] values = new double[vectors.length];
            for (int c = 0; c < values.length; c++) {
                ColumnVector v = vectors[c];
                if (mayBeNull[c] && v.isNullAt(r)) {
                    return new Tuple2<>(id, slow(r, id, record));
                }
                double d = number(v, r, cells, c);
                if (!parser.accepts(c, d)) {
                    return new Tuple2<>(id, slow(r, id, record));
                }
                values[c] = d;
            }
            return new Tuple2<>(id, values);
        }

        /** The row as {@code javaRDD()} gives it (the columns not read are never looked at), parsed by the parser. */
        private double[] slow(int r, long id, long record) {
            if (deserializer == null) {
                deserializer = encoder.createDeserializer();
            }
            Row read = deserializer.apply(batch.getRow(r));
            int n = parser.dataColumns();
            Object[] cells = new Object[n + 3];
            for (int i = 0; i < dataColumns.length; i++) {
                cells[dataColumns[i]] = read.get(dataOrdinals[i]);
            }
            cells[n + 1] = file;
            cells[n + 2] = blockStart;
            return parser.parse(RowFactory.create(cells),
                    new DataError.Location(file, blockStart, record, id, parser.skipsHeader()));
        }
    }

    // ---- internal rows

    private static JavaPairRDD<Long, double[]> internal(TableReader.Table t, RowParser parser, String order) {
        Dataset<Row> selected = TableReader.selectForParsing(t);
        StructType schema = selected.schema();
        JavaRDD<InternalRow> rows = selected.queryExecution().toRdd().toJavaRDD();
        Ids ids = ids(rows, order, it -> {
            long n = 0;
            for (; it.hasNext(); it.next()) {
                n++;
            }
            return n;
        });
        int[] ordinals = new int[parser.width()];
        for (int c = 0; c < ordinals.length; c++) {
            ordinals[c] = parser.dataColumn(c);
        }
        Cells cells = Cells.of(schema, ordinals);
        ExpressionEncoder<Row> encoder = rowEncoder(schema);
        JavaRDD<Tuple2<Long, double[]>> parsed = rows.mapPartitionsWithIndex((split, it) -> new InternalRows(it, split,
                ids, parser, cells, ordinals, encoder), true);
        return JavaPairRDD.fromJavaRDD(parsed);
    }

    /**
     * A partition's internal rows of {@link TableReader#selectForParsing}: the data columns, then the
     * corrupt-record column, the file and the start of its block. Spark reuses a row object for the
     * next row, so each is parsed before the next is asked for.
     */
    private static final class InternalRows implements Iterator<Tuple2<Long, double[]>> {
        private final Iterator<InternalRow> rows;
        private final int split;
        private final Ids ids;
        private final RowParser parser;
        private final Cells cells;
        private final int[] ordinals;
        private final ExpressionEncoder<Row> encoder;
        private final int corrupt;
        private ExpressionEncoder.Deserializer<Row> deserializer;
        private UTF8String fileText;
        private String file;
        private long blockStart = -1;
        private long inBlock;
        private long offset;

        InternalRows(Iterator<InternalRow> rows, int split, Ids ids, RowParser parser, Cells cells, int[] ordinals,
                ExpressionEncoder<Row> encoder) {
            this.rows = rows;
            this.split = split;
            this.ids = ids;
            this.parser = parser;
            this.cells = cells;
            this.ordinals = ordinals;
            this.encoder = encoder;
            this.corrupt = parser.dataColumns();
        }

        @Override
        public boolean hasNext() {
            return rows.hasNext();
        }

        @Override
        public Tuple2<Long, double[]> next() {
            InternalRow row = rows.next();
            UTF8String f = row.getUTF8String(corrupt + 1);
            long start = row.getLong(corrupt + 2);
            if (!f.equals(fileText) || start != blockStart) {
                fileText = f.clone();
                file = f.toString();
                blockStart = start;
                inBlock = 0;
            }
            long id = ids.of(split, offset++);
            long record = inBlock++;
            if (!row.isNullAt(corrupt)) {
                return new Tuple2<>(id, slow(row, id, record));
            }
            double[] values = new double[ordinals.length];
            for (int c = 0; c < values.length; c++) {
                int i = ordinals[c];
                double d = row.isNullAt(i) ? Double.NaN : number(row, i, cells, c);
                if (!parser.accepts(c, d)) {
                    return new Tuple2<>(id, slow(row, id, record));
                }
                values[c] = d;
            }
            return new Tuple2<>(id, values);
        }

        private double[] slow(InternalRow row, long id, long record) {
            if (deserializer == null) {
                deserializer = encoder.createDeserializer();
            }
            return parser.parse(deserializer.apply(row),
                    new DataError.Location(file, blockStart, record, id, parser.skipsHeader()));
        }
    }
}
