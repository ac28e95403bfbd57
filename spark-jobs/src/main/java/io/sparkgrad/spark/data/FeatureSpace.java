package io.sparkgrad.spark.data;

import java.io.Serializable;
import java.util.AbstractList;
import java.util.List;

/**
 * Where a sparse model's features come from, and how many there are: the indices of a libsvm
 * file, the elements of an ML {@code Vector} column, or columns hashed into a fixed number of
 * buckets as Spark ML's {@code FeatureHasher} does. A model trained on one is scored on input of
 * the same kind; its feature names are {@code f0 … f(d−1)}, listed virtually ({@link #names()}).
 *
 * @param vectorColumn for {@code VECTOR}: the column
 * @param hashed for {@code HASHED}: the columns hashed
 * @param ownNames the features' own names (a vector column's ML attributes, as {@code VectorAssembler}
 *     sets them), or empty for f0 … f(d−1)
 */
public record FeatureSpace(Kind kind, int dimension, String vectorColumn, List<String> hashed, List<String> ownNames)
        implements Serializable {
    /** The kinds of sparse input. */
    public enum Kind { LIBSVM, VECTOR, HASHED }

    public FeatureSpace {
        hashed = List.copyOf(hashed);
        ownNames = List.copyOf(ownNames);
        if (!ownNames.isEmpty() && ownNames.size() != dimension) {
            throw new IllegalArgumentException("a feature space of " + dimension + " features named " + ownNames.size());
        }
        if (dimension < 1) {
            throw new IllegalArgumentException("a feature space needs at least one feature, got " + dimension);
        }
    }

    /** Without names of its own: features f0 … f(d−1). */
    public FeatureSpace(Kind kind, int dimension, String vectorColumn, List<String> hashed) {
        this(kind, dimension, vectorColumn, hashed, List.of());
    }

    /** The names (f0 … f(d−1) unless the space has its own), as a list that stores none of them. */
    public Names names() {
        return new Names(this);
    }

    /** The virtual list of feature names, which keeps its space. */
    public static final class Names extends AbstractList<String> implements Serializable {
        private static final long serialVersionUID = 1L;
        private final FeatureSpace space;

        Names(FeatureSpace space) {
            this.space = space;
        }

        public FeatureSpace space() {
            return space;
        }

        @Override
        public String get(int index) {
            if (index < 0 || index >= space.dimension()) {
                throw new IndexOutOfBoundsException(index);
            }
            return space.ownNames().isEmpty() ? "f" + index : space.ownNames().get(index);
        }

        @Override
        public int size() {
            return space.dimension();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Names n ? n.space.equals(space) : super.equals(o);
        }

        @Override
        public int hashCode() {
            return space.hashCode();
        }

        @Override
        public String toString() {
            return space.kind().name().toLowerCase(java.util.Locale.ROOT) + " features f0..f" + (space.dimension() - 1);
        }
    }
}
