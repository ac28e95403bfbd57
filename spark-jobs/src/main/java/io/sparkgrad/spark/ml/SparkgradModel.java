package io.sparkgrad.spark.ml;

import io.sparkgrad.spark.data.TableReader;
import io.sparkgrad.spark.output.SavedModel;
import io.sparkgrad.spark.score.ScoreColumns;
import io.sparkgrad.spark.score.Scoring;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.Model;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.StringArrayParam;
import org.apache.spark.ml.util.MLWritable;
import org.apache.spark.ml.util.MLWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

/**
 * What the fitted models share: the saved model (the very files {@code TrainJob} writes), the
 * feature columns, scoring ({@link Scoring}, PredictJob's path) and persistence in Spark ML's
 * layout — params metadata plus a {@code data/} directory holding {@code model.json} and the
 * safetensors files — so a {@code PipelineModel} holding one saves and loads.
 *
 * @param <M> the model itself
 */
public abstract class SparkgradModel<M extends SparkgradModel<M>> extends Model<M> implements MLWritable {
    private static final long serialVersionUID = 1L;
    private static final String INTERNAL = "__sparkgrad_feature_";

    private final String uid;
    private final SavedModel saved;
    private final SparkgradSummary summary;
    private final Param<String> featuresCol;
    private final StringArrayParam featureCols;
    private final Param<String> predictionCol;

    protected SparkgradModel(String uid, SavedModel saved, SparkgradSummary summary) {
        this.uid = uid;
        this.saved = saved;
        this.summary = summary;
        featuresCol = new Param<>(this, "featuresCol", "features column name (an ML Vector)");
        featureCols = new StringArrayParam(this, "featureCols", "numeric feature columns, used instead of featuresCol");
        predictionCol = new Param<>(this, "predictionCol", "prediction column name");
        setDefault(featuresCol, "features");
        setDefault(featureCols, new String[0]);
        setDefault(predictionCol, "prediction");
    }

    @Override
    public String uid() {
        return uid;
    }

    /** The trained model as {@code TrainJob} saves it: spec, features, standardisation, parameters. */
    public SavedModel savedModel() {
        if (saved == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " " + uid + " holds no trained model: it was made "
                    + "by the no-arg constructor, which Spark's ML registry (ServiceLoader) needs; fit an estimator or load "
                    + "a saved model instead");
        }
        return saved;
    }

    /** The saved model, or null for an instance made by the no-arg constructor (copies keep that). */
    SavedModel savedOrNull() {
        return saved;
    }

    /** Whether this model carries its fit's summary (a loaded one does not). */
    public boolean hasSummary() {
        return summary != null;
    }

    /** The fit's summary. */
    public SparkgradSummary summary() {
        if (summary == null) {
            throw new IllegalStateException(getClass().getSimpleName() + " has no summary: it was loaded, not fitted "
                    + "(Spark ML models behave the same)");
        }
        return summary;
    }

    SparkgradSummary summaryOrNull() {
        return summary;
    }

    /** The names of the features the model reads, in order. */
    public List<String> featureNames() {
        return savedModel().features();
    }

    public Param<String> featuresCol() {
        return featuresCol;
    }

    public StringArrayParam featureCols() {
        return featureCols;
    }

    public Param<String> predictionCol() {
        return predictionCol;
    }

    @SuppressWarnings("unchecked")
    private M self() {
        return (M) this;
    }

    public M setFeaturesCol(String v) {
        set(featuresCol, v);
        return self();
    }

    public M setFeatureCols(String... v) {
        set(featureCols, v);
        return self();
    }

    public M setPredictionCol(String v) {
        set(predictionCol, v);
        return self();
    }

    /** The score columns this model appends. */
    abstract ScoreColumns scoreColumns();

    @Override
    public Dataset<Row> transform(Dataset<?> dataset) {
        transformSchema(dataset.schema());
        Dataset<Row> df = dataset.toDF();
        String who = getClass().getSimpleName() + ".transform";
        SavedModel trained = savedModel();
        SavedModel view = trained;
        Dataset<Row> input = df;
        if (trained.features() instanceof io.sparkgrad.spark.data.FeatureSpace.Names) {
            // trained on the vector column itself (wide or sparse): scored from it, sparse blocks and all
            TableReader.Table table = TableReader.fromDataFrame(df, "the DataFrame given to " + who);
            return Scoring.score(df.sparkSession(), table, trained, df.columns().length, scoreColumns(),
                    getOrDefault(featuresCol));
        }
        if (getOrDefault(featureCols).length == 0) {
            // the vector's elements as columns of their own, under names no input column has
            FeatureColumns vector = FeatureColumns.of(df, getOrDefault(featuresCol), new String[0]);
            if (vector.names().size() != trained.features().size()) {
                throw new IllegalArgumentException(who + ": features column '" + getOrDefault(featuresCol) + "' has "
                        + vector.names().size() + " elements; the model was trained on " + trained.features().size());
            }
            List<String> internal = new ArrayList<>();
            for (int i = 0; i < trained.features().size(); i++) {
                internal.add(INTERNAL + i);
            }
            input = vector.withFeatures(df, internal);
            view = new SavedModel(trained.spec(), internal, trained.label(), trained.standardized(), trained.means(),
                    trained.stds(), trained.parameters(), trained.iterations(), trained.schedule());
        }
        TableReader.Table table = TableReader.fromDataFrame(input, "the DataFrame given to " + who);
        return Scoring.score(df.sparkSession(), table, view, df.columns().length, scoreColumns());
    }

    @Override
    public StructType transformSchema(StructType schema) {
        FeatureColumns.check(schema, getOrDefault(featuresCol), getOrDefault(featureCols), getClass().getSimpleName());
        List<String> names = Arrays.asList(schema.fieldNames());
        ScoreColumns out = scoreColumns();
        StructType result = schema;
        for (String c : Arrays.asList(out.rawPrediction(), out.probability(), out.prediction())) {
            if (c == null) {
                continue;
            }
            if (names.contains(c)) {
                throw new IllegalArgumentException(getClass().getSimpleName() + ": output column '" + c + "' exists already");
            }
        }
        if (savedModel().spec().task().isClassification()) {
            if (out.rawPrediction() != null) {
                result = result.add(out.rawPrediction(), org.apache.spark.ml.linalg.SQLDataTypes.VectorType(), false);
            }
            if (out.probability() != null) {
                result = result.add(out.probability(), org.apache.spark.ml.linalg.SQLDataTypes.VectorType(), false);
            }
        }
        if (out.prediction() != null) {
            result = result.add(out.prediction(), org.apache.spark.sql.types.DataTypes.DoubleType, false);
        }
        return result;
    }

    @Override
    public MLWriter write() {
        return new SparkgradModelWriter(this);
    }

    @Override
    public void save(String path) throws java.io.IOException {
        write().save(path);
    }
}
