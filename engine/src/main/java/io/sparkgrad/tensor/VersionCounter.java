package io.sparkgrad.tensor;

/**
 * Counts in-place modifications of one storage. Shared by a tensor, its views and its
 * {@link Tensor#detach() detached} aliases, so that autograd can tell when a value it saved for
 * backward was overwritten afterwards.
 */
final class VersionCounter {
    private int version;

    int get() {
        return version;
    }

    void bump() {
        version++;
    }
}
