package io.sparkgrad.spark.data;

import io.sparkgrad.spark.model.Task;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.apache.hadoop.io.LongWritable;
import org.apache.hadoop.io.Text;
import org.apache.hadoop.mapreduce.lib.input.FileSplit;
import org.apache.hadoop.mapreduce.lib.input.TextInputFormat;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaNewHadoopRDD;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaSparkContext;
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

    /**
     * Every line of the libsvm input at this parser's path, read by Hadoop's text input (the line
     * reader under Spark's text source) and parsed from its bytes, with no String per line: (index
     * in the input, row) pairs as {@link #parseAll} gives them — blank lines skipped but counted in
     * the indices, rows null for bad lines that are dropped. One counting pass first, as {@code
     * zipWithIndex} makes.
     */
    public JavaPairRDD<Long, SparseRow> read(JavaSparkContext sc) {
        return read(sc, "canonical");
    }

    /**
     * Like {@link #read(JavaSparkContext)} with the rows' identities of {@code data.order}: {@code
     * canonical}, the index in the whole input (a counting pass first); {@code split}, the input
     * split and the line's offset in it ({@link RowIdentity#of}), with no counting pass.
     */
    public JavaPairRDD<Long, SparseRow> read(JavaSparkContext sc, String order) {
        @SuppressWarnings("unchecked")
        JavaNewHadoopRDD<LongWritable, Text> lines = (JavaNewHadoopRDD<LongWritable, Text>) sc.newAPIHadoopFile(path,
                TextInputFormat.class, LongWritable.class, Text.class, sc.hadoopConfiguration());
        if (!RowIdentity.canonical(order)) {
            return lines.mapPartitionsWithInputSplit((split, it) -> parseSplit((FileSplit) split,
                    RowIdentity.of(TaskContext.getPartitionId(), 0), it), true).mapToPair(t -> t);
        }
        List<Long> counts = lines.mapPartitions(it -> {
            long n = 0;
            for (; it.hasNext(); it.next()) {
                n++;
            }
            return List.of(n).iterator();
        }).collect();
        long[] firstIndex = new long[counts.size()];
        for (int p = 1; p < firstIndex.length; p++) {
            firstIndex[p] = firstIndex[p - 1] + counts.get(p - 1);
        }
        return lines.mapPartitionsWithInputSplit((split, it) -> parseSplit((FileSplit) split,
                firstIndex[TaskContext.getPartitionId()], it), true).mapToPair(t -> t);
    }

    private Iterator<Tuple2<Long, SparseRow>> parseSplit(FileSplit split, long firstIndex,
            Iterator<Tuple2<LongWritable, Text>> lines) {
        String file = split.getPath().toString();
        long start = split.getStart();
        SparseRowBuffer out = new SparseRowBuffer(1024);
        return new Iterator<>() {
            private long index = firstIndex;
            private long inBlock;
            private Tuple2<Long, SparseRow> next;

            @Override
            public boolean hasNext() {
                while (next == null && lines.hasNext()) {
                    Text line = lines.next()._2();
                    long row = index++;
                    if (isBlank(line.getBytes(), 0, line.getLength())) {
                        continue;  // as the line locator counts: blank lines hold no record
                    }
                    long record = inBlock++;
                    out.clear();
                    boolean kept = parse(line.getBytes(), 0, line.getLength(),
                            () -> new DataError.Location(file, start, record, row, false), out);
                    next = new Tuple2<>(row, kept ? out.row(0) : null);
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
        SparseRowBuffer out = new SparseRowBuffer(16);
        byte[] b = line.getBytes(StandardCharsets.UTF_8);
        return parse(b, 0, b.length, () -> loc, out) ? out.row(0) : null;
    }

    /**
     * Parses one line, the UTF-8 bytes {@code b[from, to)} (without its line break), appending its
     * stored entries (indices from 0, zeros left out) and its label to {@code out} as one row.
     * Returns false, appending nothing, for a bad line when bad lines are dropped; otherwise a bad
     * line throws a {@link DataError} naming the file and {@code where}'s line (asked only then).
     * Numbers are read with {@link DecimalText}: the values of {@code Double.parseDouble}, bit
     * for bit, without a String per token.
     */
    public boolean parse(byte[] b, int from, int to, Supplier<DataError.Location> where, SparseRowBuffer out) {
        int end = to;
        int i = from;
        while (i < end && (b[i] & 0xff) <= ' ') {
            i++;  // as String.trim
        }
        while (end > i && (b[end - 1] & 0xff) <= ' ') {
            end--;
        }
        int labelEnd = tokenEnd(b, i, end);
        double label;
        try {
            label = DecimalText.parseDouble(b, i, labelEnd);
        } catch (NumberFormatException e) {
            return bad(where, "label '" + DecimalText.text(b, i, labelEnd) + "' is not a number", b, from, to, out);
        }
        if (!Double.isFinite(label)) {
            return bad(where, "label '" + DecimalText.text(b, i, labelEnd) + "' is not a finite number", b, from, to, out);
        }
        if (task.isClassification() && (label != Math.rint(label) || label < 0 || label >= classes)) {
            return bad(where, "label " + label + " is outside the classes 0.." + (classes - 1), b, from, to, out);
        }
        int previous = 0;
        i = skipSpace(b, labelEnd, end);
        while (i < end) {
            int tokEnd = tokenEnd(b, i, end);
            int colon = i;
            while (colon < tokEnd && b[colon] != ':') {
                colon++;
            }
            if (colon == i || colon >= tokEnd - 1) {
                return bad(where, "'" + DecimalText.text(b, i, tokEnd) + "' is not index:value", b, from, to, out);
            }
            int index;
            try {
                index = DecimalText.parseInt(b, i, colon);
            } catch (NumberFormatException e) {
                return bad(where, "index '" + DecimalText.text(b, i, colon) + "' is not an integer", b, from, to, out);
            }
            if (index < 1) {
                return bad(where, "index " + index + " is not positive (libsvm indices start at 1)", b, from, to, out);
            }
            if (index <= previous) {
                return bad(where, "index " + index + " follows index " + previous
                        + " (indices must be strictly increasing)", b, from, to, out);
            }
            if (dimension > 0 && index > dimension) {
                return bad(where, "index " + index + " is out of range: data.numFeatures = " + dimension, b, from, to, out);
            }
            double value;
            try {
                value = DecimalText.parseDouble(b, colon + 1, tokEnd);
            } catch (NumberFormatException e) {
                return bad(where, "value '" + DecimalText.text(b, colon + 1, tokEnd) + "' of index " + index
                        + " is not a number", b, from, to, out);
            }
            if (!Double.isFinite(value)) {
                return bad(where, "value '" + DecimalText.text(b, colon + 1, tokEnd) + "' of index " + index
                        + " is not a finite number", b, from, to, out);
            }
            previous = index;
            if (value != 0.0) {
                out.add(index - 1, value);
            }
            i = skipSpace(b, tokEnd, end);
        }
        out.endRow(label);
        return true;
    }

    /** Whether {@code b[from, to)} holds only whitespace, as {@code String.isBlank} sees ASCII text. */
    public static boolean isBlank(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            int c = b[i] & 0xff;
            if (!(c == ' ' || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f))) {
                return false;
            }
        }
        return true;
    }

    /** A separator between tokens: what the regular expression {@code \\s} matches. */
    private static boolean isSpace(byte c) {
        return c == ' ' || c == '\t' || c == '\n' || c == 0x0b || c == '\f' || c == '\r';
    }

    private static int tokenEnd(byte[] b, int i, int end) {
        while (i < end && !isSpace(b[i])) {
            i++;
        }
        return i;
    }

    private static int skipSpace(byte[] b, int i, int end) {
        while (i < end && isSpace(b[i])) {
            i++;
        }
        return i;
    }

    /** A bad line: false (its entries dropped) with {@code data.invalid = drop}, else a located error. */
    private boolean bad(Supplier<DataError.Location> where, String problem, byte[] b, int from, int to,
            SparseRowBuffer out) {
        out.dropRow();
        if (dropInvalid) {
            return false;
        }
        String line = DecimalText.text(b, from, to);
        String shown = line.length() > 200 ? line.substring(0, 200) + "..." : line;
        throw new DataError(RowParser.fileName(path, where.get().file()) + ": " + DataError.LINE + ": " + problem
                + " ('" + shown + "')", where.get());
    }
}
