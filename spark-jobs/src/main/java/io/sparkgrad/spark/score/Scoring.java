package io.sparkgrad.spark.score;

import io.sparkgrad.spark.data.DataError;
import io.sparkgrad.spark.data.FeatureSpace;
import io.sparkgrad.spark.data.RowIdentity;
import io.sparkgrad.spark.data.RowParser;
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
import org.apache.spark.api.java.function.Function0;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Scores a table with a saved model — the one scoring path of PredictJob and of the Spark ML
 * models' {@code transform}, for dense and sparse input alike: the rows are read and checked as
 * in training (numeric columns here, sparse-capable input by {@link SparseInput}), then a {@link
 * BlockScorer} packs them a block at a time with the model input of its layout ({@link
 * DenseModelInput}, standardised with the model's statistics, or {@link SparseModelInput}),
 * predicts without autograd and appends the score columns.
 */
public final class Scoring {
    private Scoring() {}

    /**
     * A table's rows to score, each as (input row, its features), and the schema of the input
     * values each scored row starts with (the first {@code keep} of the input row).
     */
    record Input<R>(JavaRDD<Tuple2<Row, R>> rows, StructType kept, int keep) {}

    /**
     * The first {@code keep} data columns of {@code table}, then the {@code columns} asked for.
     * Lazy: nothing runs until the result is used.
     */
    public static Dataset<Row> score(SparkSession spark, TableReader.Table table, SavedModel saved, int keep,
            ScoreColumns columns) {
        return score(spark, table, saved, keep, columns, null);
    }

    /**
     * The same, for a model trained on a vector column: {@code vectorColumn} names the column to
     * read (null: the one it was trained on).
     */
    public static Dataset<Row> score(SparkSession spark, TableReader.Table table, SavedModel saved, int keep,
            ScoreColumns columns, String vectorColumn) {
        double[] mean = saved.means();
        double[] std = saved.stds();
        String offset = offsetColumn(table, saved.spec());
        boolean offsets = offset != null;
        Function0<ModelInput<double[]>> dense = () -> new DenseModelInput(mean, std, BlockScorer.BLOCK_ROWS, offsets);
        if (!(saved.features() instanceof FeatureSpace.Names n)) {
            return scored(spark, columnRows(table, saved, keep, offset), saved, columns, dense);
        }
        FeatureSpace space = n.space();
        Input<SparseRow> sparse = SparseInput.read(table, space, keep,
                vectorColumn != null ? vectorColumn : space.vectorColumn(), offset);
        if (centred(mean)) {
            // a model packed densely (a narrow vector column) is scored densely, with its centring
            return scored(spark, SparseInput.densified(sparse, space.dimension(), offsets), saved, columns, dense);
        }
        return scored(spark, sparse, saved, columns, () -> new SparseModelInput(std, offsets));
    }

    /**
     * The offset column of a glm trained with {@code data.offset} (MLlib's offsetCol), which its
     * scoring reads too, checked to be in {@code table}; null for a model without one.
     */
    static String offsetColumn(TableReader.Table table, ModelSpec spec) {
        if (spec.glm() == null || !spec.glm().hasOffset()) {
            return null;
        }
        String offset = spec.glm().offset();
        if (table.format().equals("libsvm")) {
            throw new DataError(table.path() + ": the model adds offset column '" + offset + "' (data.offset / offsetCol) "
                    + "to each row's linear predictor, and a libsvm file has no such column");
        }
        if (!table.columns().contains(offset)) {
            throw new DataError(table.path() + ": offset column '" + offset + "' (the model's data.offset / offsetCol) not "
                    + "found; columns are " + table.columns());
        }
        return offset;
    }

    /**
     * The numeric feature columns of a model trained on columns, parsed and checked as in training,
     * and after them the {@code offset} column's value (null: none).
     */
    private static Input<double[]> columnRows(TableReader.Table table, SavedModel saved, int keep, String offset) {
        TableReader.resolveFeatures(table, saved.features(), null);
        List<String> read = new ArrayList<>(saved.features());
        if (offset != null) {
            read.add(offset);
        }
        RowParser parser = new RowParser(table, read, false, Task.REGRESSION, 0, false);
        // a row is named by its input split and offset, as in training: one pass over the input, no counting pass
        JavaRDD<Tuple2<Row, double[]>> rows = RowIdentity.bySplit(TableReader.selectForParsing(table).javaRDD())
                .mapPartitions(it -> parser.parseAll(it, (row, index, values) -> new Tuple2<>(row, values)));
        StructType kept = new StructType();
        for (int c = 0; c < keep; c++) {
            kept = kept.add(table.df().schema().apply(table.columns().get(c)));
        }
        return new Input<>(rows, kept, keep);
    }

    /** The one scoring step: every partition's rows through a block scorer with the given model input. */
    private static <R> Dataset<Row> scored(SparkSession spark, Input<R> in, SavedModel saved, ScoreColumns columns,
            Function0<ModelInput<R>> input) {
        ModelSpec spec = saved.spec();
        ParameterVector theta = ParameterVector.of(saved.parameters());
        int d = saved.stds().length;
        ScoreColumns present = columns.present(spec);
        int keep = in.keep();
        JavaRDD<Row> scored = in.rows().mapPartitions(
                (Iterator<Tuple2<Row, R>> it) -> new BlockScorer<>(it, input.call(), spec, d, theta, keep, present));
        return spark.createDataFrame(scored, withScores(in.kept(), spec, present));
    }

    private static boolean centred(double[] mean) {
        for (double m : mean) {
            if (m != 0.0) {
                return true;
            }
        }
        return false;
    }

    /** {@code kept} followed by the score columns. */
    static StructType withScores(StructType kept, ModelSpec spec, ScoreColumns columns) {
        StructType schema = kept;
        if (spec.task().isClassification()) {
            if (columns.rawPrediction() != null) {
                schema = schema.add(columns.rawPrediction(), SQLDataTypes.VectorType(), false);
            }
            if (columns.probability() != null) {
                schema = schema.add(columns.probability(), SQLDataTypes.VectorType(), false);
            }
        }
        if (columns.prediction() != null) {
            schema = schema.add(columns.prediction(), DataTypes.DoubleType, false);
        }
        return schema;
    }
}
