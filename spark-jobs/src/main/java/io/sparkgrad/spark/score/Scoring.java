package io.sparkgrad.spark.score;

import io.sparkgrad.spark.data.FeatureSpace;
import io.sparkgrad.spark.data.RowParser;
import io.sparkgrad.spark.data.TableReader;
import io.sparkgrad.spark.model.ModelSpec;
import io.sparkgrad.spark.model.Task;
import io.sparkgrad.spark.output.SavedModel;
import io.sparkgrad.spark.state.ParameterVector;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import scala.Tuple2;

/**
 * Scores a table with a saved model — the one scoring path of PredictJob and of the Spark ML
 * models' {@code transform}: each row's feature columns are parsed and checked as in training,
 * standardised with the model's statistics, and predicted a block at a time without autograd.
 */
public final class Scoring {
    private Scoring() {}

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
        if (saved.features() instanceof FeatureSpace.Names n) {
            return SparseScoring.score(spark, table, saved, keep, columns,
                    vectorColumn != null ? vectorColumn : n.space().vectorColumn());
        }
        TableReader.resolveFeatures(table, saved.features(), null);
        RowParser parser = new RowParser(table, saved.features(), false, Task.REGRESSION, 0, false);
        ModelSpec spec = saved.spec();
        ParameterVector theta = ParameterVector.of(saved.parameters());
        double[] mean = saved.means();
        double[] std = saved.stds();
        ScoreColumns present = columns.present(spec);
        JavaRDD<Row> scored = TableReader.selectForParsing(table).javaRDD().zipWithIndex().mapPartitions(
                it -> new BlockScorer(parser.parseAll(it, (row, index, values) -> new Tuple2<>(row, values)), spec, theta,
                        keep, mean, std, present));
        return spark.createDataFrame(scored, schema(table, keep, spec, present));
    }

    /** The output schema: the kept input fields, then the score columns. */
    static StructType schema(TableReader.Table table, int keep, ModelSpec spec, ScoreColumns columns) {
        StructType schema = new StructType();
        StructType input = table.df().schema();
        for (int c = 0; c < keep; c++) {
            StructField f = input.apply(table.columns().get(c));
            schema = schema.add(f);
        }
        return withScores(schema, spec, columns);
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
