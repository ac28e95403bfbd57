package io.sparkgrad.spark.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.tensor.SparseMatrix;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import scala.Tuple2;

/**
 * The one ingest pass ({@link PackedPartition#pack}) with either block writer: rows are held out,
 * counted and packed alike, and raw blocks made final from the cache ({@link PackedPartition#finish})
 * are the very bits of blocks packed final in the pass, which is what lets the pipeline take its
 * statistics from the same pass.
 */
class BlockWritersTest {
    private static final int D = 5;
    private static final int ROWS = 23;
    private static final int BLOCK_ROWS = 4;
    private static final HoldOut HOLD_OUT = HoldOut.hashed(7, 0.3);

    /** Dense rows [features..., label, weight], every fifth one dropped (null). */
    private static List<Tuple2<Long, double[]>> denseRows() {
        SplittableRandom rng = new SplittableRandom(11);
        List<Tuple2<Long, double[]>> rows = new ArrayList<>();
        for (long i = 0; i < ROWS; i++) {
            double[] v = new double[D + 2];
            for (int j = 0; j < D; j++) {
                v[j] = rng.nextInt(3) == 0 ? 0.0 : rng.nextDouble(-5, 5) * (j + 1);
            }
            v[D] = rng.nextInt(3);
            v[D + 1] = rng.nextDouble(0.5, 2);
            rows.add(new Tuple2<>(i, i % 5 == 4 ? null : v));
        }
        return rows;
    }

    private static List<Tuple2<Long, SparseRow>> sparseRows() {
        List<Tuple2<Long, SparseRow>> rows = new ArrayList<>();
        for (Tuple2<Long, double[]> t : denseRows()) {
            double[] v = t._2();
            if (v == null) {
                rows.add(new Tuple2<>(t._1(), null));
                continue;
            }
            int n = 0;
            for (int j = 0; j < D; j++) {
                n += v[j] != 0.0 ? 1 : 0;
            }
            int[] idx = new int[n];
            double[] val = new double[n];
            for (int j = 0, k = 0; j < D; j++) {
                if (v[j] != 0.0) {
                    idx[k] = j;
                    val[k++] = v[j];
                }
            }
            rows.add(new Tuple2<>(t._1(), new SparseRow(idx, val, v[D], v[D + 1])));
        }
        return rows;
    }

    private static final double[] MEAN = {0.5, -1, 2, 0, 3};
    private static final double[] STD = {1.5, 2, 0.25, 3, 7};
    private static final double[] PER_CLASS = {1, 2.5, 0.5};

    @Test
    void denseRawBlocksMadeFinalAreTheBitsOfFinalBlocks() {
        DenseBlockWriter writer = new DenseBlockWriter(D, true, BLOCK_ROWS);
        RowWeights weights = writer.weights(PER_CLASS);
        BlockWriter.Scale scale = writer.scale(MEAN, STD);
        PackedPartition packedFinal = PackedPartition.pack(denseRows().iterator(), HOLD_OUT, writer, 3, scale, weights);
        PackedPartition raw = PackedPartition.pack(denseRows().iterator(), HOLD_OUT, writer, 3, null, null);
        assertSameBlocks(packedFinal, raw.finish(writer, scale, weights));

        // counts: 23 rows, 4 dropped (rows 4, 9, 14, 19); each kept row in the training or the validation blocks
        ColumnStats s = raw.stats();
        assertEquals(4, s.droppedRows());
        assertEquals(ROWS - 4, s.trainRows() + s.validationRows());
        assertEquals(s.trainRows(), raw.train().stream().mapToInt(Block::rows).sum());
        assertEquals(s.validationRows(), raw.validation().stream().mapToInt(Block::rows).sum());
        assertTrue(raw.train().stream().allMatch(b -> b.rows() <= BLOCK_ROWS));
        // a raw block keeps the rows as read: the first training row's values and its weight column
        double[] first = denseRows().stream().filter(t -> t._2() != null && !HOLD_OUT.isValidation(t._1(), t._2()))
                .findFirst().orElseThrow()._2();
        Block b = raw.train().get(0);
        assertArrayEquals(java.util.Arrays.copyOf(first, D), java.util.Arrays.copyOf(b.features(), D), 0.0);
        assertEquals(first[D + 1], b.weights()[0], 0.0);
        // and the final one its standardised values and weight × its class's weight
        Block f = packedFinal.train().get(0);
        assertEquals(Standardize.value(first[2], MEAN[2], STD[2]), f.features()[2], 0.0);
        assertEquals(first[D + 1] * PER_CLASS[(int) first[D]], f.weights()[0], 0.0);
    }

    @Test
    void sparseRawBlocksMadeFinalAreTheBitsOfFinalBlocksAndScaleWithoutCentring() {
        SparseBlockWriter writer = new SparseBlockWriter(D, true, BLOCK_ROWS);
        RowWeights weights = writer.weights(PER_CLASS);
        BlockWriter.Scale scale = writer.scale(MEAN, STD);
        assertArrayEquals(new double[D], scale.mean(), 0.0, "sparse blocks are never centred");
        PackedPartition packedFinal = PackedPartition.pack(sparseRows().iterator(), HOLD_OUT, writer, 3, scale, weights);
        PackedPartition raw = PackedPartition.pack(sparseRows().iterator(), HOLD_OUT, writer, 3, null, null);
        assertSameBlocks(packedFinal, raw.finish(writer, scale, weights));

        // the same rows held out and counted as the dense writer's
        PackedPartition dense = PackedPartition.pack(denseRows().iterator(), HOLD_OUT, new DenseBlockWriter(D, true,
                BLOCK_ROWS), 3, null, null);
        assertEquals(dense.stats().trainRows(), raw.stats().trainRows());
        assertEquals(dense.stats().validationRows(), raw.stats().validationRows());
        assertEquals(dense.stats().droppedRows(), raw.stats().droppedRows());
        assertArrayEquals(dense.stats().classCounts(), raw.stats().classCounts());
        // values divided by their feature's standard deviation, zeros absent
        Block f = packedFinal.train().get(0);
        Block r = raw.train().get(0);
        SparseMatrix m = f.sparse();
        for (int k = 0; k < m.nnz(); k++) {
            assertEquals(r.sparse().value(k) / STD[m.column(k)], m.value(k), 0.0);
        }
        // the standard deviations summed from the raw blocks are the dense rows' population ones
        SparseStats sums = new SparseStats(D);
        raw.train().forEach(sums::addTrain);
        assertArrayEquals(dense.stats().stds(), sums.stds(), 1e-12);
    }

    @Test
    void unweightedRowsPackWithoutWeights() {
        SparseBlockWriter sparse = new SparseBlockWriter(D, false, BLOCK_ROWS);
        PackedPartition p = PackedPartition.pack(sparseRows().iterator(), HOLD_OUT, sparse, 3, null, null);
        assertNull(p.train().get(0).weights());
        assertNull(p.finish(sparse, sparse.scale(MEAN, STD), null).train().get(0).weights());
        DenseBlockWriter dense = new DenseBlockWriter(D, false, BLOCK_ROWS);
        PackedPartition q = PackedPartition.pack(denseRows().iterator(), HOLD_OUT, dense, 3, null, null);
        assertNull(q.train().get(0).weights());
    }

    @Test
    void eachWriterNamesTheFeatureWhoseStatisticsAreNotFinite() {
        double[] std = STD.clone();
        std[3] = 0;
        DataError dense = assertThrows(DataError.class, () -> new DenseBlockWriter(D, false, BLOCK_ROWS).check("t.csv",
                List.of("a", "b", "c", "d", "e"), new BlockWriter.Scale(MEAN, std)));
        assertEquals("t.csv: column 'd': its standardisation statistics are not finite (mean 0.0, standard deviation 0.0)",
                dense.getMessage());
        SparseBlockWriter writer = new SparseBlockWriter(D, false, BLOCK_ROWS);
        DataError sparse = assertThrows(DataError.class, () -> writer.check("t.libsvm", List.of(), writer.scale(MEAN, std)));
        assertEquals("t.libsvm: feature f3: its standard deviation is not finite (0.0)", sparse.getMessage());
    }

    private static void assertSameBlocks(PackedPartition expected, PackedPartition actual) {
        assertTrue(expected.train().size() > 1, "several training blocks: " + expected.train().size());
        assertTrue(!expected.validation().isEmpty(), "validation blocks");
        assertSameBlocks(expected.train(), actual.train());
        assertSameBlocks(expected.validation(), actual.validation());
    }

    private static void assertSameBlocks(List<Block> expected, List<Block> actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            Block e = expected.get(i);
            Block a = actual.get(i);
            assertEquals(e.isSparse(), a.isSparse());
            assertArrayEquals(e.labels(), a.labels(), 0.0);
            assertArrayEquals(e.weights(), a.weights(), 0.0);
            if (e.isSparse()) {
                SparseMatrix x = e.sparse();
                SparseMatrix y = a.sparse();
                assertEquals(x.nnz(), y.nnz());
                for (int r = 0; r <= x.rows(); r++) {
                    assertEquals(x.rowStart(r), y.rowStart(r));
                }
                for (int k = 0; k < x.nnz(); k++) {
                    assertEquals(x.column(k), y.column(k));
                    assertEquals(Double.doubleToRawLongBits(x.value(k)), Double.doubleToRawLongBits(y.value(k)));
                }
            } else {
                double[] x = e.features();
                double[] y = a.features();
                assertEquals(x.length, y.length);
                for (int k = 0; k < x.length; k++) {
                    assertEquals(Double.doubleToRawLongBits(x[k]), Double.doubleToRawLongBits(y[k]));
                }
            }
        }
    }
}
