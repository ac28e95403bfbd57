package io.sparkgrad.spark.score;

import io.sparkgrad.spark.data.DataError;
import io.sparkgrad.spark.data.FeatureSpace;
import io.sparkgrad.spark.data.LibsvmParser;
import io.sparkgrad.spark.data.SparseRow;
import io.sparkgrad.spark.data.TableReader;
import io.sparkgrad.spark.model.ModelSpec;
import io.sparkgrad.spark.model.Task;
import io.sparkgrad.spark.output.SavedModel;
import io.sparkgrad.spark.state.ParameterVector;
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
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Scores with a model trained on sparse-capable input ({@link FeatureSpace}): a libsvm file
 * (the output holds each line's {@code label}), a vector column, or the same columns hashed the
 * same way; then the score columns. A sparse-packed model is scored in CSR blocks; a model packed
 * densely (a narrow vector column) is scored densely, with its centring.
 */
final class SparseScoring {
    private SparseScoring() {}

    static Dataset<Row> score(SparkSession spark, TableReader.Table table, SavedModel saved, int keep, ScoreColumns columns,
            String vectorColumn) {
        FeatureSpace space = ((FeatureSpace.Names) saved.features()).space();
        ModelSpec spec = saved.spec();
        ParameterVector theta = ParameterVector.of(saved.parameters());
        double[] mean = saved.means();
        double[] std = saved.stds();
        boolean centred = false;
        for (double m : mean) {
            centred |= m != 0.0;
        }
        boolean dense = centred;
        int d = space.dimension();
        JavaRDD<Tuple2<Row, SparseRow>> rows;
        StructType kept = new StructType();
        int keepColumns;
        if (table.format().equals("libsvm")) {
            LibsvmParser parser = new LibsvmParser(table.path(), d, Task.REGRESSION, 0, false);
            rows = table.df().select(functions.col("value"), functions.input_file_name(), functions.input_file_block_start())
                    .javaRDD().zipWithIndex().mapPartitions(it -> withLabel(parser.parseAll(it)));
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
            String where = table.path();
            int at = keepColumns;
            rows = df.select(cols.toArray(Column[]::new)).javaRDD().zipWithIndex()
                    .map(t -> new Tuple2<>(t._1(), vectorRow(t._1(), at, d, where, t._2())));
        }
        ScoreColumns present = columns.present(spec);
        int k = keepColumns;
        JavaRDD<Row> scored = dense
                ? rows.mapPartitions(it -> new BlockScorer(denseRows(it, d), spec, theta, k, mean, std, present))
                : rows.mapPartitions(it -> new SparseBlockScorer(it, spec, theta, k, std, present));
        return spark.createDataFrame(scored, Scoring.withScores(kept, spec, present));
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

    private static SparseRow vectorRow(Row r, int at, int d, String where, long index) {
        Vector v = (Vector) r.get(at);
        if (v == null || v.size() != d) {
            throw new DataError(where + ": row " + index + ": " + (v == null ? "null vector" : "a vector of " + v.size()
                    + " elements; the model reads " + d));
        }
        SparseVector s = v.toSparse();
        return new SparseRow(s.indices(), s.values(), 0, 1);
    }

    private static Iterator<Tuple2<Row, double[]>> denseRows(Iterator<Tuple2<Row, SparseRow>> it, int d) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return it.hasNext();
            }

            @Override
            public Tuple2<Row, double[]> next() {
                Tuple2<Row, SparseRow> t = it.next();
                double[] x = new double[d];
                for (int e = 0; e < t._2().indices().length; e++) {
                    x[t._2().indices()[e]] = t._2().values()[e];
                }
                return new Tuple2<>(t._1(), x);
            }
        };
    }

    private static Column col(String name) {
        return functions.col("`" + name.replace("`", "``") + "`");
    }
}
