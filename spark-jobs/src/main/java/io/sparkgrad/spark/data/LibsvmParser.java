package io.sparkgrad.spark.data;

import io.sparkgrad.spark.model.Task;
import java.io.Serializable;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;
import scala.Tuple2;

/**
 * Parses libsvm lines — {@code label index:value index:value ...}, indices from 1 and strictly
 * increasing — into {@link SparseRow}s with indices from 0. Blank lines are skipped; a bad line
 * (a label or value that is not a finite number, a token that is not index:value, an index that
 * is not positive, out of range, repeated or out of order) fails the job naming the file and the
 * line, or is dropped with {@code data.invalid = drop}. Spark's own libsvm reader names neither.
 */
public final class LibsvmParser implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String path;
    private final int dimension;
    private final Task task;
    private final int classes;
    private final boolean dropInvalid;

    /** @param dimension indices must be at most this (1-based); 0 for no bound */
    public LibsvmParser(String path, int dimension, Task task, int classes, boolean dropInvalid) {
        this.path = path;
        this.dimension = dimension;
        this.task = task;
        this.classes = classes;
        this.dropInvalid = dropInvalid;
    }

    /**
     * Parses a partition of (line [text, file, block start], index in the input) pairs into
     * (index, row) pairs; rows are null for bad lines when those are dropped.
     */
    public Iterator<Tuple2<Long, SparseRow>> parseAll(Iterator<Tuple2<Row, Long>> lines) {
        return new Iterator<>() {
            private String file;
            private long blockStart = -1;
            private long inBlock;
            private Tuple2<Long, SparseRow> next;

            @Override
            public boolean hasNext() {
                while (next == null && lines.hasNext()) {
                    Tuple2<Row, Long> t = lines.next();
                    Row r = t._1();
                    String f = r.getString(1);
                    long start = r.getLong(2);
                    if (!f.equals(file) || start != blockStart) {
                        file = f;
                        blockStart = start;
                        inBlock = 0;
                    }
                    String line = r.getString(0);
                    if (line == null || line.isBlank()) {
                        continue;  // as the line locator counts: blank lines hold no record
                    }
                    DataError.Location loc = new DataError.Location(f, start, inBlock++, t._2(), false);
                    next = new Tuple2<>(t._2(), parse(line, loc));
                }
                return next != null;
            }

            @Override
            public Tuple2<Long, SparseRow> next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Tuple2<Long, SparseRow> out = next;
                next = null;
                return out;
            }
        };
    }

    /** One line; null when it is bad and bad lines are dropped. */
    SparseRow parse(String line, DataError.Location loc) {
        String[] tokens = line.trim().split("\\s+");
        double label;
        try {
            label = Double.parseDouble(tokens[0]);
        } catch (NumberFormatException e) {
            return bad(loc, "label '" + tokens[0] + "' is not a number", line);
        }
        if (!Double.isFinite(label)) {
            return bad(loc, "label '" + tokens[0] + "' is not a finite number", line);
        }
        if (task.isClassification() && (label != Math.rint(label) || label < 0 || label >= classes)) {
            return bad(loc, "label " + label + " is outside the classes 0.." + (classes - 1), line);
        }
        int n = tokens.length - 1;
        int[] indices = new int[n];
        double[] values = new double[n];
        int kept = 0;
        int previous = 0;
        for (int t = 1; t < tokens.length; t++) {
            String tok = tokens[t];
            int colon = tok.indexOf(':');
            if (colon <= 0 || colon == tok.length() - 1) {
                return bad(loc, "'" + tok + "' is not index:value", line);
            }
            int index;
            try {
                index = Integer.parseInt(tok.substring(0, colon));
            } catch (NumberFormatException e) {
                return bad(loc, "index '" + tok.substring(0, colon) + "' is not an integer", line);
            }
            if (index < 1) {
                return bad(loc, "index " + index + " is not positive (libsvm indices start at 1)", line);
            }
            if (index <= previous) {
                return bad(loc, "index " + index + " follows index " + previous + " (indices must be strictly increasing)",
                        line);
            }
            if (dimension > 0 && index > dimension) {
                return bad(loc, "index " + index + " is out of range: data.numFeatures = " + dimension, line);
            }
            double value;
            try {
                value = Double.parseDouble(tok.substring(colon + 1));
            } catch (NumberFormatException e) {
                return bad(loc, "value '" + tok.substring(colon + 1) + "' of index " + index + " is not a number", line);
            }
            if (!Double.isFinite(value)) {
                return bad(loc, "value '" + tok.substring(colon + 1) + "' of index " + index + " is not a finite number",
                        line);
            }
            previous = index;
            if (value != 0.0) {
                indices[kept] = index - 1;
                values[kept++] = value;
            }
        }
        return new SparseRow(Arrays.copyOf(indices, kept), Arrays.copyOf(values, kept), label, 1.0);
    }

    private SparseRow bad(DataError.Location loc, String problem, String line) {
        if (dropInvalid) {
            return null;
        }
        String shown = line.length() > 200 ? line.substring(0, 200) + "..." : line;
        throw new DataError(RowParser.fileName(path, loc.file()) + ": " + DataError.LINE + ": " + problem + " ('" + shown + "')", loc);
    }
}
