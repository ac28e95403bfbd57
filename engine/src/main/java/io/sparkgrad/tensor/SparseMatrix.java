package io.sparkgrad.tensor;

import io.sparkgrad.autograd.Node;
import io.sparkgrad.autograd.Op;
import java.util.Arrays;

/**
 * An immutable sparse matrix in compressed sparse row (CSR) form: for row i, the stored entries
 * are {@code values[k]} at column {@code columns[k]} for k in [rowStart(i), rowStart(i + 1)),
 * columns strictly increasing within a row. It has no gradient of its own: it is data (a block of
 * sparse feature rows), and products with a dense tensor are differentiable in the dense operand
 * only, without ever densifying this matrix.
 *
 * <p>The products follow the summation orders of the dense ones ({@code engine/KERNELS.md}) and
 * skip only the stored-as-absent zeros, which adds nothing to a chain ({@code fma(0, b, acc) ==
 * acc} for finite b): so {@code x.matmul(w)} gives the same bits as the dense {@code
 * x.toDense().matmul(w)} — for one output column the dot order (entry in column p into lane p
 * mod 8, lanes combined by a fixed tree), otherwise each output's chain in increasing column; and
 * {@code Xᵀ·g} each output's chain in increasing row.
 *
 * <p>Serializable, as the blocks of rows Spark caches and ships are: two arrays, no object graph.
 *
 * <p>A matrix whose stored values are all 1.0 (one-hot and hashed indicator rows) keeps no values
 * array ({@link #isBinary}): 4 bytes per stored entry instead of 12. Its products give the same
 * bits, as {@code fma(1.0, b, acc)} is {@code b + acc} rounded once, which is what they compute.
 */
public final class SparseMatrix implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** [rows, cols, nnz, rowStart[0..rows], columns[0..nnz)]: one array, recorded on graph nodes as is. */
    private final int[] structure;
    /** The stored values, or null when every one is 1.0. */
    private final double[] values;
    private final int rows;
    private final int cols;
    private final int nnz;

    private SparseMatrix(int[] structure, double[] values) {
        this.structure = structure;
        this.values = values;
        this.rows = structure[0];
        this.cols = structure[1];
        this.nnz = structure[2];
    }

    /**
     * A CSR matrix from its arrays (copied).
     *
     * @param rowStart rows + 1 offsets into {@code columns} / {@code values}, from 0 to nnz, non-decreasing
     * @param columns each row's column indices, strictly increasing, in [0, cols)
     * @throws IllegalArgumentException naming the row and entry that is out of order or range
     */
    public static SparseMatrix csr(int rows, int cols, int[] rowStart, int[] columns, double[] values) {
        if (rows < 0 || cols < 0) {
            throw new IllegalArgumentException("SparseMatrix: negative shape [" + rows + ", " + cols + "]");
        }
        if (rowStart.length != rows + 1 || rowStart[0] != 0) {
            throw new IllegalArgumentException("SparseMatrix: rowStart needs " + (rows + 1) + " offsets from 0, got "
                    + rowStart.length + (rowStart.length > 0 ? " from " + rowStart[0] : ""));
        }
        int nnz = rowStart[rows];
        if (columns.length != nnz || values.length != nnz) {
            throw new IllegalArgumentException("SparseMatrix: rowStart ends at " + nnz + " entries, got " + columns.length
                    + " columns and " + values.length + " values");
        }
        for (int i = 0; i < rows; i++) {
            if (rowStart[i + 1] < rowStart[i]) {
                throw new IllegalArgumentException("SparseMatrix: rowStart decreases at row " + i);
            }
            for (int k = rowStart[i]; k < rowStart[i + 1]; k++) {
                if (columns[k] < 0 || columns[k] >= cols) {
                    throw new IllegalArgumentException("SparseMatrix: row " + i + " has column " + columns[k]
                            + " outside [0, " + cols + ")");
                }
                if (k > rowStart[i] && columns[k] <= columns[k - 1]) {
                    throw new IllegalArgumentException("SparseMatrix: row " + i + " has columns " + columns[k - 1] + " then "
                            + columns[k] + "; they must be strictly increasing");
                }
            }
        }
        int[] structure = new int[3 + rows + 1 + nnz];
        structure[0] = rows;
        structure[1] = cols;
        structure[2] = nnz;
        System.arraycopy(rowStart, 0, structure, 3, rows + 1);
        System.arraycopy(columns, 0, structure, 4 + rows, nnz);
        return new SparseMatrix(structure, allOnes(values) ? null : values.clone());
    }

    /** Whether every value is 1.0 (so a matrix of them keeps no values array). */
    private static boolean allOnes(double[] values) {
        for (double v : values) {
            if (v != 1.0) {
                return false;
            }
        }
        return true;
    }

    /** The nonzero entries of a 2-d tensor, in CSR form. */
    public static SparseMatrix fromDense(Tensor t) {
        if (t.dim() != 2) {
            throw new IllegalArgumentException("SparseMatrix.fromDense: expected a 2-d tensor, got " + Shape.format(t.shape));
        }
        int r = t.shape[0];
        int c = t.shape[1];
        int[] start = new int[r + 1];
        int count = 0;
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                count += at(t, i, j) != 0.0 ? 1 : 0;
            }
            start[i + 1] = count;
        }
        int[] columns = new int[count];
        double[] v = new double[count];
        int k = 0;
        for (int i = 0; i < r; i++) {
            for (int j = 0; j < c; j++) {
                double x = at(t, i, j);
                if (x != 0.0) {
                    columns[k] = j;
                    v[k++] = x;
                }
            }
        }
        return csr(r, c, start, columns, v);
    }

    /**
     * The matrix a graph node recorded ({@link #structure()} and {@link #recordedValues()}), without
     * copying: null values for a binary matrix.
     */
    public static SparseMatrix recorded(int[] structure, double[] values) {
        return new SparseMatrix(structure, values);
    }

    private static double at(Tensor t, int i, int j) {
        return t.data[t.offset + i * t.strides[0] + j * t.strides[1]];
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    /** Stored entries. */
    public int nnz() {
        return nnz;
    }

    /** {@code [rows, cols]}. */
    public int[] shape() {
        return new int[] {rows, cols};
    }

    public int rowStart(int i) {
        return structure[3 + i];
    }

    public int column(int k) {
        return structure[4 + rows + k];
    }

    public double value(int k) {
        return values == null ? 1.0 : values[k];
    }

    /** Whether every stored value is 1.0, held as the column indices alone. */
    public boolean isBinary() {
        return values == null;
    }

    int[] structure() {
        return structure;
    }

    /** The values array itself; for a binary matrix, a new array of ones (for kernels that read an array). */
    double[] valuesView() {
        if (values == null) {
            double[] ones = new double[nnz];
            Arrays.fill(ones, 1.0);
            return ones;
        }
        return values;
    }

    /** What a graph node records as this matrix's values: the array itself, null for a binary matrix. */
    double[] recordedValues() {
        return values;
    }

    /** The matrix of the squared entries, sharing this one's structure (this one when binary: 1² = 1). */
    public SparseMatrix square() {
        if (values == null) {
            return this;
        }
        double[] sq = new double[nnz];
        for (int k = 0; k < nnz; k++) {
            sq[k] = values[k] * values[k];
        }
        return new SparseMatrix(structure, sq);
    }

    /** The dense [rows, cols] tensor (for tests and small blocks: it allocates rows × cols). */
    public Tensor toDense() {
        double[] d = new double[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int k = rowStart(i); k < rowStart(i + 1); k++) {
                d[i * cols + column(k)] = value(k);
            }
        }
        return Tensor.owned(d, new int[] {rows, cols});
    }

    /** The rows {@code from} to {@code from + count - 1}, sharing nothing with this matrix. */
    public SparseMatrix rowRange(int from, int count) {
        int[] start = new int[count + 1];
        int base = rowStart(from);
        for (int i = 0; i <= count; i++) {
            start[i] = rowStart(from + i) - base;
        }
        int n = start[count];
        int[] columns = Arrays.copyOfRange(structure, 4 + rows + base, 4 + rows + base + n);
        double[] v = new double[n];
        if (values == null) {
            Arrays.fill(v, 1.0);
        } else {
            System.arraycopy(values, base, v, 0, n);
        }
        return csr(count, cols, start, columns, v);
    }

    /**
     * {@code this · w} for a dense {@code w} [cols, m], differentiable in {@code w} ({@link Op#SPARSE_MM}):
     * [rows, m], the same bits as the dense product.
     */
    public Tensor matmul(Tensor w) {
        if (w.dim() != 2 || w.shape[0] != cols) {
            throw new IllegalArgumentException("sparse matmul: expected [" + rows + ", " + cols + "] x [" + cols
                    + ", *], got [" + rows + ", " + cols + "] x " + Shape.format(w.shape));
        }
        int m = w.shape[1];
        double[] out = new double[rows * m];
        if (m == 1) {
            dot(w, out);
        } else {
            strict(w, out, m);
        }
        return Node.record(Op.SPARSE_MM, Tensor.owned(out, new int[] {rows, m}), new Tensor[] {w}, new Tensor[0], structure,
                values);
    }

    /**
     * {@code thisᵀ · g} for a dense {@code g} [rows, m], differentiable in {@code g}
     * ({@link Op#SPARSE_TMM}): [cols, m], each output summed over the rows in order.
     */
    public Tensor tmatmul(Tensor g) {
        if (g.dim() != 2 || g.shape[0] != rows) {
            throw new IllegalArgumentException("sparse tmatmul: expected [" + rows + ", " + cols + "]ᵀ x [" + rows
                    + ", *], got [" + rows + ", " + cols + "]ᵀ x " + Shape.format(g.shape));
        }
        int m = g.shape[1];
        double[] out = new double[cols * m];
        int s0 = g.strides[0];
        int s1 = g.strides[1];
        if (m == 1) {
            // Xᵀ·g of a linear model: the same chains in the same order, one scatter per entry
            int columnAt = 4 + rows;
            for (int i = 0; i < rows; i++) {
                double gi = g.data[g.offset + i * s0];
                if (values == null) {
                    for (int k = structure[3 + i], end = structure[4 + i]; k < end; k++) {
                        int c = structure[columnAt + k];
                        out[c] = gi + out[c]; // fma(1.0, gi, out[c])
                    }
                    continue;
                }
                for (int k = structure[3 + i], end = structure[4 + i]; k < end; k++) {
                    int c = structure[columnAt + k];
                    out[c] = Math.fma(values[k], gi, out[c]);
                }
            }
            return Node.record(Op.SPARSE_TMM, Tensor.owned(out, new int[] {cols, m}), new Tensor[] {g}, new Tensor[0],
                    structure, values);
        }
        for (int i = 0; i < rows; i++) {
            int gi = g.offset + i * s0;
            for (int k = rowStart(i); k < rowStart(i + 1); k++) {
                double v = value(k);
                int base = column(k) * m;
                for (int j = 0; j < m; j++) {
                    out[base + j] = Math.fma(v, g.data[gi + j * s1], out[base + j]);
                }
            }
        }
        return Node.record(Op.SPARSE_TMM, Tensor.owned(out, new int[] {cols, m}), new Tensor[] {g}, new Tensor[0],
                structure, values);
    }

    /** X·w with one output column: the dense dot order, column p into lane p mod 8, the lanes combined by the fixed tree. */
    private void dot(Tensor w, double[] out) {
        int s0 = w.strides[0];
        double[] lane = new double[8];
        int columnAt = 4 + rows;
        for (int i = 0; i < rows; i++) {
            Arrays.fill(lane, 0.0);
            if (values == null) {
                for (int k = structure[3 + i], end = structure[4 + i]; k < end; k++) {
                    int p = structure[columnAt + k];
                    lane[p & 7] = w.data[w.offset + p * s0] + lane[p & 7]; // fma(1.0, w_p, lane)
                }
            } else {
                for (int k = structure[3 + i], end = structure[4 + i]; k < end; k++) {
                    int p = structure[columnAt + k];
                    lane[p & 7] = Math.fma(values[k], w.data[w.offset + p * s0], lane[p & 7]);
                }
            }
            out[i] = ((lane[0] + lane[4]) + (lane[2] + lane[6])) + ((lane[1] + lane[5]) + (lane[3] + lane[7]));
        }
    }

    /** X·W: each output's chain over the row's columns in increasing order. */
    private void strict(Tensor w, double[] out, int m) {
        int s0 = w.strides[0];
        int s1 = w.strides[1];
        for (int i = 0; i < rows; i++) {
            int base = i * m;
            for (int k = rowStart(i); k < rowStart(i + 1); k++) {
                double v = value(k);
                int wp = w.offset + column(k) * s0;
                for (int j = 0; j < m; j++) {
                    out[base + j] = Math.fma(v, w.data[wp + j * s1], out[base + j]);
                }
            }
        }
    }

    @Override
    public String toString() {
        return "SparseMatrix[" + rows + ", " + cols + "] with " + nnz + " stored entries";
    }
}
