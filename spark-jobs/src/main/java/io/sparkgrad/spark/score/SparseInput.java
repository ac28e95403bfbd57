package io.sparkgrad.spark.score;

import io.sparkgrad.spark.data.DataError;
import io.sparkgrad.spark.data.FeatureSpace;
import io.sparkgrad.spark.data.LibsvmParser;
import io.sparkgrad.spark.data.RowIdentity;
import io.sparkgrad.spark.data.SparseRow;
import io.sparkgrad.spark.data.TableReader;
import io.sparkgrad.spark.model.Task;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.feature.FeatureHasher;
import org.apache.spark.ml.linalg.SparseVector;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * The rows to score for a model trained on sparse-capable input ({@link FeatureSpace}), as sparse
 * rows: a libsvm file's lines (each scored row then starts with the line's {@code label}), a
 * vector column, or the same columns hashed the same way (each scored row then starts with the
 * input's first {@code keep} columns). {@link Scoring} packs and scores them.
 */
final class SparseInput {
    private SparseInput() {}

    /**
     * The rows of {@code table} in the model's feature space; {@code vectorColumn} the vector column
     * to read, {@code offset} a glm's offset column read into each row (null: none; never for libsvm).
     */
    static Scoring.Input<SparseRow> read(TableReader.Table table, FeatureSpace space, int keep, String vectorColumn,
            String offset) {
        int d = space.dimension();
        JavaRDD<Tuple2<Row, SparseRow>> rows;
        StructType kept = new StructType();
        int keepColumns;
        if (table.format().equals("libsvm")) {
            LibsvmParser parser = new LibsvmParser(table.path(), d, Task.REGRESSION, 0, false);
            rows = RowIdentity.bySplit(table.df().select(functions.col("value"), functions.input_file_name(),
                    functions.input_file_block_start()).javaRDD()).mapPartitions(it -> withLabel(parser.parseAll(it)));
            kept = kept.add("label", DataTypes.DoubleType, false);
            keepColumns = 1;
        } else {
            Dataset<Row> df = table.df();
            String column = vectorColumn;
            if (space.kind() == FeatureSpace.Kind.HASHED) {
                column = "_sparkgrad_hashed";
                df = new FeatureHasher().setInputCols(space.hashed().toArray(String[]::new)).setOutputCol(column)
                        .setNumFeatures(d).transform(df);
            }
            keepColumns = Math.min(keep, table.columns().size());
            List<Column> cols = new ArrayList<>();
            for (int c = 0; c < keepColumns; c++) {
                cols.add(col(table.columns().get(c)));
                kept = kept.add(table.df().schema().apply(table.columns().get(c)));
            }
            if (!List.of(df.columns()).contains(column)) {
                throw new DataError(table.path() + ": vector column '" + column + "' not found; columns are "
                        + List.of(df.columns()));
            }
            cols.add(col(column));
            if (offset != null) {
                cols.add(col(offset));
            }
            String where = table.path();
            int at = keepColumns;
            rows = RowIdentity.bySplit(df.select(cols.toArray(Column[]::new)).javaRDD())
                    .map(t -> new Tuple2<>(t._1(), vectorRow(t._1(), at, d, where, t._2(), offset)));
        }
        return new Scoring.Input<>(rows, kept, keepColumns);
    }

    /** The same rows with dense features (then the offset, with {@code offsets}), for a model packed densely. */
    static Scoring.Input<double[]> densified(Scoring.Input<SparseRow> in, int d, boolean offsets) {
        return new Scoring.Input<>(in.rows().mapPartitions(it -> denseRows(it, d, offsets)), in.kept(), in.keep());
    }

    private static Iterator<Tuple2<Row, SparseRow>> withLabel(Iterator<Tuple2<Long, SparseRow>> parsed) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return parsed.hasNext();
            }

            @Override
            public Tuple2<Row, SparseRow> next() {
                SparseRow r = parsed.next()._2();
                return new Tuple2<>(RowFactory.create(r.label()), r);
            }
        };
    }

    /**
     * The vector at {@code at}, and after it the {@code offset} column's value (null: none); {@code
     * index} is the row's identity ({@link RowIdentity#bySplit}), which an error names.
     */
    private static SparseRow vectorRow(Row r, int at, int d, String where, long index, String offset) {
        Vector v = (Vector) r.get(at);
        if (v == null || v.size() != d) {
            throw new DataError(where + ": " + RowIdentity.describe(index) + ": " + (v == null ? "null vector" : "a vector of " + v.size()
                    + " elements; the model reads " + d));
        }
        SparseVector s = v.toSparse();
        if (offset == null) {
            return new SparseRow(s.indices(), s.values(), 0, 1);
        }
        Object o = r.get(at + 1);
        double value = o instanceof Number num ? num.doubleValue() : Double.NaN;
        if (!Double.isFinite(value)) {
            throw new DataError(where + ": " + RowIdentity.describe(index) + ", offset column '" + offset + "': "
                    + (o == null ? "null value" : "'" + o + "' is not a finite number"));
        }
        return new SparseRow(s.indices(), s.values(), 0, 1, value);
    }

    private static Iterator<Tuple2<Row, double[]>> denseRows(Iterator<Tuple2<Row, SparseRow>> it, int d, boolean offsets) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Tuple2<Row, double[]> next() {
                Tuple2<Row, SparseRow> t = it.next();
                double[] x = new double[offsets ? d + 1 : d];
                for (int e = 0; e < t._2().indices().length; e++) {
                    x[t._2().indices()[e]] = t._2().values()[e];
                }
                if (offsets) {
                    x[d] = t._2().offset();
                }
                return new Tuple2<>(t._1(), x);
            }
        };
    }

    private static Column col(String name) {
        return functions.col("`" + name.replace("`", "``") + "`");
    }
}
