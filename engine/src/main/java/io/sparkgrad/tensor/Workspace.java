package io.sparkgrad.tensor;

/**
 * Scratch arrays of one thread, kept between kernel calls so that packing a panel or copying a
 * strided vector allocates nothing in the steady state. Each array only grows, to the largest
 * size its thread has needed, which the GEMM block sizes bound: KC × NC doubles (960 KiB) for a
 * packed block of B, 8 × KC for a panel of A. Contents are never assumed: every user writes what it reads.
 */
final class Workspace {
    private static final ThreadLocal<Workspace> CURRENT = ThreadLocal.withInitial(Workspace::new);

    private double[] packedA = new double[0];
    private double[] packedB = new double[0];
    private double[] tile = new double[0];
    private double[] vector = new double[0];
    private double[] columnEdge = new double[0];
    private double[] edgeRow = new double[0];
    private int[] columnSlots = new int[0];

    private Workspace() {
    }

    static Workspace get() {
        return CURRENT.get();
    }

    /** At least n doubles for a packed block of A. */
    double[] packedA(int n) {
        if (packedA.length < n) {
            packedA = new double[n];
        }
        return packedA;
    }

    /** At least n doubles for a packed block of B. */
    double[] packedB(int n) {
        if (packedB.length < n) {
            packedB = new double[n];
        }
        return packedB;
    }

    /** At least n doubles for one edge tile of C. */
    double[] tile(int n) {
        if (tile.length < n) {
            tile = new double[n];
        }
        return tile;
    }

    /** At least n doubles for a tile cut by the right edge of C (inside the micro-kernel; not the same as {@link #tile}). */
    double[] columnEdge(int n) {
        if (columnEdge.length < n) {
            columnEdge = new double[n];
        }
        return columnEdge;
    }

    /** At least n doubles for the bias row of a tile cut by the right edge of C. */
    double[] edgeRow(int n) {
        if (edgeRow.length < n) {
            edgeRow = new double[n];
        }
        return edgeRow;
    }

    /** At least n doubles for a contiguous copy of a strided vector operand. */
    double[] vector(int n) {
        if (vector.length < n) {
            vector = new double[n];
        }
        return vector;
    }

    /**
     * At least n ints, every one −1: a column → slot map for a sparse block. Unlike the other
     * arrays its contents are assumed: a user sets only the entries it needs and puts −1 back in
     * each before it returns (in a {@code finally}), so a clear costs the block's columns, not n.
     */
    int[] columnSlots(int n) {
        if (columnSlots.length < n) {
            columnSlots = new int[n];
            java.util.Arrays.fill(columnSlots, -1);
        }
        return columnSlots;
    }
}
