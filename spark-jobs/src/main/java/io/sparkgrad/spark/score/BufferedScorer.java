package io.sparkgrad.spark.score;

import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.sql.Row;

/** Scores a partition a block at a time: hands out the scored rows of one block while the next waits. */
abstract class BufferedScorer implements java.util.Iterator<Row> {
    /** Rows per scored block. */
    static final int BLOCK_ROWS = 4096;

    final List<Row> pending = new ArrayList<>();
    private int next;

    /** Whether input rows remain. */
    abstract boolean moreInput();

    /** Reads up to {@link #BLOCK_ROWS} input rows and adds their scored rows to {@link #pending}. */
    abstract void scoreBlock();

    @Override
    public final boolean hasNext() {
        if (next < pending.size()) {
            return true;
        }
        pending.clear();
        next = 0;
        if (moreInput()) {
            scoreBlock();
        }
        return next < pending.size();
    }

    @Override
    public final Row next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return pending.get(next++);
    }
}
