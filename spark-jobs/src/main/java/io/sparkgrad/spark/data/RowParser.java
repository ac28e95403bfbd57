package io.sparkgrad.spark.data;

import io.sparkgrad.spark.model.Task;
import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.Row;

/**
 * Turns one row of the selected columns (features, then the label if any) into doubles, checking
 * nulls, numbers and the label's range. A problem either fails the job with a {@link DataError}
 * naming the path, row and column, or (with {@code data.invalid = drop}) makes the row invalid.
 */
public final class RowParser implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final List<String> columns;
    private final boolean hasLabel;
    private final Task task;
    private final int classes;
    private final boolean dropInvalid;

    /**
     * @param columns feature names followed by the label name when {@code hasLabel}
     */
    public RowParser(String path, List<String> columns, boolean hasLabel, Task task, int classes, boolean dropInvalid) {
        this.path = path;
        this.columns = List.copyOf(columns);
        this.hasLabel = hasLabel;
        this.task = task;
        this.classes = classes;
        this.dropInvalid = dropInvalid;
    }

    /**
     * Parses {@code row} (number {@code index} of the input, from 0, header excluded).
     *
     * @return the values (features, then the label), or null when the row is invalid and invalid
     *     rows are dropped
     */
    public double[] parse(Row row, long index) {
        double[] out = new double[columns.size()];
        for (int c = 0; c < out.length; c++) {
            Object v = row.get(c);
            String problem = null;
            double d = Double.NaN;
            if (v == null) {
                problem = "null value";
            } else if (v instanceof Number n) {
                d = n.doubleValue();
            } else {
                String s = v.toString().trim();
                try {
                    d = Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    problem = "'" + s + "' is not a number";
                }
            }
            if (problem == null && !Double.isFinite(d)) {
                problem = "'" + v + "' is not a finite number";
            }
            if (problem == null && hasLabel && c == out.length - 1) {
                problem = labelProblem(d);
            }
            if (problem != null) {
                if (dropInvalid) {
                    return null;
                }
                throw new DataError(path + ": row " + index + ", column '" + columns.get(c) + "': " + problem
                        + " (row values: " + describe(row) + ")");
            }
            out[c] = d;
        }
        return out;
    }

    private String labelProblem(double label) {
        if (!task.isClassification()) {
            return null;
        }
        if (label != Math.rint(label) || label < 0 || label >= classes) {
            return "label " + label + " is outside the classes 0.." + (classes - 1);
        }
        return null;
    }

    private static String describe(Row row) {
        StringBuilder sb = new StringBuilder("[");
        int n = Math.min(row.size(), 12);
        for (int i = 0; i < n; i++) {
            sb.append(i > 0 ? ", " : "").append(row.get(i));
        }
        return sb.append(row.size() > n ? ", ...]" : "]").toString();
    }
}
