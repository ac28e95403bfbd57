package io.sparkgrad.spark.data;

import java.util.Arrays;

/**
 * Sparse rows appended one after another into growable primitive arrays, in CSR form: row
 * {@code r} holds entries {@code [rowStart(r), rowStart(r + 1))} of {@link #indices()} and
 * {@link #values()}, and {@link #label(int)}. A parser appends a row's entries with {@link #add}
 * and closes it with {@link #endRow} (or discards them with {@link #dropRow}), so a block writer
 * can read a whole block's rows without an object per row; {@link #clear} reuses the arrays.
 */
public final class SparseRowBuffer {
    private int[] rowStart = new int[17];
    private double[] labels = new double[16];
    private int[] indices;
    private double[] values;
    private int rows;
    private int entries;

    /** An empty buffer with room for {@code entries} stored entries before it grows. */
    public SparseRowBuffer(int entries) {
        int n = Math.max(16, entries);
        indices = new int[n];
        values = new double[n];
    }

    public SparseRowBuffer() {
        this(1024);
    }

    /** Appends an entry to the row being built (indices from 0, in the order the row gives them). */
    public void add(int index, double value) {
        if (entries == indices.length) {
            int n = grow(entries);
            indices = Arrays.copyOf(indices, n);
            values = Arrays.copyOf(values, n);
        }
        indices[entries] = index;
        values[entries++] = value;
    }

    /** Closes the row being built: its entries are those added since the previous row closed. */
    public void endRow(double label) {
        if (rows == labels.length) {
            labels = Arrays.copyOf(labels, grow(rows));
            rowStart = Arrays.copyOf(rowStart, labels.length + 1);
        }
        labels[rows++] = label;
        rowStart[rows] = entries;
    }

    /** Discards the entries added since the previous row closed. */
    public void dropRow() {
        entries = rowStart[rows];
    }

    /** Empties the buffer, keeping its arrays. */
    public void clear() {
        rows = 0;
        entries = 0;
    }

    /** Closed rows. */
    public int rows() {
        return rows;
    }

    /** Stored entries of the closed rows (and of a row being built). */
    public int entries() {
        return entries;
    }

    public double label(int row) {
        return labels[row];
    }

    /** Where row {@code row}'s entries start; {@code rowStart(rows())} is where the closed rows end. */
    public int rowStart(int row) {
        return rowStart[row];
    }

    /** The backing array of indices, valid up to {@link #entries()}. */
    public int[] indices() {
        return indices;
    }

    /** The backing array of values, valid up to {@link #entries()}. */
    public double[] values() {
        return values;
    }

    /** A copy of row {@code row} as a {@link SparseRow} of weight 1. */
    public SparseRow row(int row) {
        int from = rowStart[row];
        int to = rowStart[row + 1];
        return new SparseRow(Arrays.copyOfRange(indices, from, to), Arrays.copyOfRange(values, from, to), labels[row], 1.0);
    }

    private static int grow(int n) {
        if (n >= Integer.MAX_VALUE - 16) {
            throw new IllegalStateException("SparseRowBuffer: more than " + n + " entries");
        }
        return (int) Math.min(Integer.MAX_VALUE - 8, Math.max(16, 2L * n));
    }
}
