package io.sparkgrad.spark.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.ml.attribute.Attribute;
import org.apache.spark.ml.attribute.AttributeGroup;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vector;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Where an estimator's or model's features are: an ML {@code Vector} column (dense or sparse;
 * its elements become one column each, named by the vector's ML attributes when
 * {@code VectorAssembler} set them, else {@code features_0, features_1, ...}), or named numeric
 * columns.
 */
final class FeatureColumns {
    private final String vectorColumn;
    private final List<String> names;

    private FeatureColumns(String vectorColumn, List<String> names) {
        this.vectorColumn = vectorColumn;
        this.names = List.copyOf(names);
    }

    /** Checks the schema holds the features: the vector column, or every one of {@code featureCols}. */
    static void check(StructType schema, String featuresCol, String[] featureCols, String who) {
        List<String> names = Arrays.asList(schema.fieldNames());
        if (featureCols.length > 0) {
            for (String c : featureCols) {
                if (!names.contains(c)) {
                    throw new IllegalArgumentException(who + ": feature column '" + c + "' (featureCols) not found; columns "
                            + "are " + names);
                }
            }
            return;
        }
        if (!names.contains(featuresCol)) {
            throw new IllegalArgumentException(who + ": features column '" + featuresCol + "' not found; columns are " + names
                    + " (set featuresCol, or featureCols to use numeric columns)");
        }
        StructField f = schema.apply(featuresCol);
        if (!f.dataType().equals(SQLDataTypes.VectorType())) {
            throw new IllegalArgumentException(who + ": features column '" + featuresCol + "' has type "
                    + f.dataType().simpleString() + "; expected an ML Vector (org.apache.spark.ml.linalg.Vector), as "
                    + "VectorAssembler makes it, or set featureCols to use numeric columns");
        }
    }

    /**
     * Whether the vector column is wide ({@code ≥ 1024} elements) or sparse (its first rows store
     * fewer than 5 % of their entries): then it is trained on as sparse blocks, not expanded.
     */
    static boolean wideOrSparse(Dataset<Row> df, String featuresCol) {
        AttributeGroup group = AttributeGroup.fromStructField(df.schema().apply(featuresCol));
        if (group.size() >= 1024) {
            return true;
        }
        List<Row> sample = df.select(featuresCol).filter(functions.col(featuresCol).isNotNull()).limit(100).collectAsList();
        long stored = 0;
        long entries = 0;
        for (Row r : sample) {
            Vector v = (Vector) r.get(0);
            if (v.size() >= 1024) {
                return true;
            }
            stored += v.numNonzeros();
            entries += v.size();
        }
        return entries > 0 && stored < 0.05 * entries;
    }

    static FeatureColumns of(Dataset<Row> df, String featuresCol, String[] featureCols) {
        if (featureCols.length > 0) {
            return new FeatureColumns(null, Arrays.asList(featureCols));
        }
        StructField field = df.schema().apply(featuresCol);
        AttributeGroup group = AttributeGroup.fromStructField(field);
        int size = group.size();
        List<String> names = new ArrayList<>();
        if (size >= 0 && group.attributes().isDefined()) {
            Attribute[] attrs = group.attributes().get();
            for (int i = 0; i < attrs.length; i++) {
                names.add(attrs[i].name().isDefined() ? attrs[i].name().get() : featuresCol + "_" + i);
            }
        } else {
            if (size < 0) {
                Row first = df.select(featuresCol).filter(functions.col(featuresCol).isNotNull()).first();
                size = ((Vector) first.get(0)).size();
            }
            for (int i = 0; i < size; i++) {
                names.add(featuresCol + "_" + i);
            }
        }
        if (names.stream().distinct().count() != names.size()) {
            names.clear();
            for (int i = 0; i < size; i++) {
                names.add(featuresCol + "_" + i);
            }
        }
        return new FeatureColumns(featuresCol, names);
    }

    /** The model's feature names, in order. */
    List<String> names() {
        return names;
    }

    /** The rows to train on: one column per feature (by its name), the label, and the weight column when given. */
    Dataset<Row> select(Dataset<Row> df, String label, String weight) {
        return select(df, label, weight, "");
    }

    /** The same, and a glm's offset column after the weight when {@code offset} is not empty. */
    Dataset<Row> select(Dataset<Row> df, String label, String weight, String offset) {
        List<Column> cols = new ArrayList<>(features(df, names));
        cols.add(col(label));
        if (!weight.isEmpty()) {
            cols.add(col(weight));
        }
        if (!offset.isEmpty()) {
            cols.add(col(offset));
        }
        return df.select(cols.toArray(Column[]::new));
    }

    /**
     * {@code df} with the features appended under {@code internal} names (the vector's elements),
     * or unchanged when the features are numeric columns already.
     */
    Dataset<Row> withFeatures(Dataset<Row> df, List<String> internal) {
        if (vectorColumn == null) {
            return df;
        }
        List<Column> cols = new ArrayList<>();
        for (String c : df.columns()) {
            cols.add(col(c));
        }
        cols.addAll(features(df, internal));
        return df.select(cols.toArray(Column[]::new));
    }

    boolean fromVector() {
        return vectorColumn != null;
    }

    private List<Column> features(Dataset<Row> df, List<String> as) {
        List<Column> cols = new ArrayList<>();
        if (vectorColumn == null) {
            for (String n : names) {
                cols.add(col(n));
            }
            return cols;
        }
        Column array = org.apache.spark.ml.functions.vector_to_array(col(vectorColumn), "float64");
        for (int i = 0; i < names.size(); i++) {
            // a vector of another size gives nulls, reported by the row checks, rather than an index error
            cols.add(functions.try_element_at(array, functions.lit(i + 1)).as(as.get(i)));
        }
        return cols;
    }

    private static Column col(String name) {
        return functions.col("`" + name.replace("`", "``") + "`");
    }
}
