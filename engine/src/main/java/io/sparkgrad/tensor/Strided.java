package io.sparkgrad.tensor;

/**
 * Walks several equally shaped strided operands row by row. Dims of size 1 are dropped and
 * adjacent dims that are contiguous for every operand are merged first, so same-shape contiguous
 * operands become a single long row and the innermost loop runs over plain array indices.
 */
final class Strided {
    private Strided() {
    }

    /** Receives one innermost row: start positions and steps per operand, and the row length. */
    interface Row {
        void run(int[] start, int[] step, int n);
    }

    /**
     * Calls {@code row} for every innermost row of {@code shape}; {@code strides[k]} are operand
     * k's strides aligned to {@code shape} (0 on broadcast dims) and {@code offsets[k]} its start.
     */
    static void forEach(int[] shape, int[] offsets, int[][] strides, Row row) {
        int operands = offsets.length;
        if (Shape.numel(shape) == 0) {
            return;
        }
        int[] dims = new int[shape.length];
        int[][] st = new int[operands][shape.length];
        int rank = 0;
        for (int d = 0; d < shape.length; d++) {
            if (shape[d] == 1) {
                continue;
            }
            boolean merge = rank > 0;
            for (int k = 0; k < operands && merge; k++) {
                merge = st[k][rank - 1] == strides[k][d] * shape[d];
            }
            if (merge) {
                dims[rank - 1] *= shape[d];
                for (int k = 0; k < operands; k++) {
                    st[k][rank - 1] = strides[k][d];
                }
            } else {
                dims[rank] = shape[d];
                for (int k = 0; k < operands; k++) {
                    st[k][rank] = strides[k][d];
                }
                rank++;
            }
        }
        int[] step = new int[operands];
        int[] start = offsets.clone();
        if (rank == 0) {
            row.run(start, step, 1);
            return;
        }
        int inner = dims[rank - 1];
        for (int k = 0; k < operands; k++) {
            step[k] = st[k][rank - 1];
        }
        int[] counter = new int[rank];
        while (true) {
            row.run(start, step, inner);  // rows read start, never write it
            int d = rank - 2;
            while (d >= 0) {
                counter[d]++;
                for (int k = 0; k < operands; k++) {
                    start[k] += st[k][d];
                }
                if (counter[d] < dims[d]) {
                    break;
                }
                for (int k = 0; k < operands; k++) {
                    start[k] -= st[k][d] * dims[d];
                }
                counter[d] = 0;
                d--;
            }
            if (d < 0) {
                return;
            }
        }
    }

    /** Strides of {@code t} aligned to the (broadcast) shape {@code to}: 0 where t is broadcast. */
    static int[] broadcastStrides(Tensor t, int[] to) {
        int[] out = new int[to.length];
        int lead = to.length - t.shape.length;
        for (int d = 0; d < t.shape.length; d++) {
            out[lead + d] = t.shape[d] == 1 && to[lead + d] != 1 ? 0 : t.strides[d];
        }
        return out;
    }

    /** Copies {@code src}'s elements in row-major order into {@code dst} (length numel). */
    static void copy(Tensor src, double[] dst) {
        copy(src, dst, 0);
    }

    /** Copies {@code src}'s elements in row-major order into {@code dst} from {@code at} on. */
    static void copy(Tensor src, double[] dst, int at) {
        if (src.isContiguous()) {
            System.arraycopy(src.data, src.offset, dst, at, Shape.numel(src.shape));
            return;
        }
        forEach(src.shape, new int[] {at, src.offset},
                new int[][] {Shape.contiguousStrides(src.shape), src.strides}, (start, step, n) -> {
                    int o = start[0];
                    int s = start[1];
                    for (int i = 0; i < n; i++, o += step[0], s += step[1]) {
                        dst[o] = src.data[s];
                    }
                });
    }

    /** The elements of {@code t} as a contiguous row-major array: its own storage when possible. */
    static double[] contiguousData(Tensor t) {
        int n = Shape.numel(t.shape);
        if (t.isContiguous() && t.offset == 0 && t.data.length == n) {
            return t.data;
        }
        double[] out = new double[n];
        copy(t, out);
        return out;
    }

    /** The elements of {@code t} broadcast to {@code shape}, row-major: its own storage when possible. */
    static double[] broadcastData(Tensor t, int[] shape) {
        if (java.util.Arrays.equals(t.shape, shape)) {
            return contiguousData(t);
        }
        double[] out = new double[Shape.numel(shape)];
        forEach(shape, new int[] {0, t.offset}, new int[][] {Shape.contiguousStrides(shape), broadcastStrides(t, shape)},
                (start, step, n) -> {
                    for (int i = 0, s = start[1]; i < n; i++, s += step[1]) {
                        out[start[0] + i] = t.data[s];
                    }
                });
        return out;
    }
}
