package io.sparkgrad.spark.train;

import io.sparkgrad.autograd.GradMode;
import io.sparkgrad.spark.data.Block;
import io.sparkgrad.spark.data.ValidationSplit;
import io.sparkgrad.spark.model.Model;
import io.sparkgrad.spark.state.ParameterVector;
import io.sparkgrad.tensor.Tensor;
import java.util.Iterator;
import java.util.LinkedHashMap;

/**
 * One partition's share of an iteration, run inside a Spark task: θ becomes leaf tensors that
 * require grad (views of θ as shipped, not copies), each block's summed loss is back-propagated by
 * the engine's autograd, which adds every block's gradient into the leaves' {@code .grad}
 * (PyTorch's accumulation), and the partition's total goes into its partial once. For sparse
 * rows entering through a first layer the model names ({@link Model#sparseWeight}), that layer's
 * gradient is formed over the stored columns instead ({@link SparseWeightGradient}): the same
 * bits, with no array of its size per block.
 */
final class PartitionGradient {
    private PartitionGradient() {}

    /**
     * @param miniBatchFraction share of each block's rows used; rows are drawn by a hash of
     *     (seed, iteration, partition, block, row), so a retried task draws the same rows
     */
    @SuppressWarnings("try") // the grad-mode scope is used for its side effect only
    static GradientSum compute(Model model, ParameterVector theta, Iterator<Block> blocks,
            double miniBatchFraction, long seed, int iteration, int partition) {
        // grad mode is per thread; an executor thread must not inherit a no-grad scope left open
        try (var grad = GradMode.enableGrad()) {
            return accumulate(model, theta, blocks, miniBatchFraction, seed, iteration, partition);
        }
    }

    private static GradientSum accumulate(Model model, ParameterVector theta, Iterator<Block> blocks,
            double miniBatchFraction, long seed, int iteration, int partition) {
        // views of θ as it arrived (one per executor, shared by its tasks): no model-sized copy per task
        LinkedHashMap<String, Tensor> leaves = theta.leafViews();
        Tensor[] leafArray = leaves.values().toArray(new Tensor[0]);
        GradientSum sum = new GradientSum(theta.size());
        long sampleSeed = seed ^ ((long) iteration << 32) ^ partition;
        // a sparse first layer's gradient is formed over the stored columns (SparseWeightGradient)
        String weightName = model.sparseWeight();
        int weightIndex = weightName == null ? -1 : theta.names().indexOf(weightName);
        SparseWeightGradient weightGrad = null;
        Boolean sparseBlocks = null;
        int blockIndex = 0;
        boolean[] keep = null;
        try {
            while (blocks.hasNext()) {
                Block block = blocks.next();
                if (sparseBlocks == null) {
                    sparseBlocks = block.isSparse();
                    int[] shape = weightIndex < 0 ? null : theta.shape(weightIndex);
                    if (sparseBlocks && shape != null && shape.length == 2 && shape[1] == block.cols()) {
                        weightGrad = SparseWeightGradient.forThread(shape[1], shape[0]);
                    }
                } else if (sparseBlocks != block.isSparse()) {
                    throw new IllegalStateException("partition " + partition + " mixes sparse and dense blocks");
                }
                if (miniBatchFraction < 1.0) {
                    if (keep == null || keep.length < block.rows()) {
                        keep = new boolean[block.rows()];
                    }
                    long base = (long) blockIndex << 32;
                    int kept = 0;
                    for (int r = 0; r < block.rows(); r++) {
                        keep[r] = ValidationSplit.uniform(sampleSeed, base + r) < miniBatchFraction;
                        kept += keep[r] ? 1 : 0;
                    }
                    block = block.select(keep, kept);
                }
                blockIndex++;
                if (block.rows() == 0) {
                    continue;
                }
                Tensor y = Tensor.wrap(block.labels(), block.rows());
                Tensor w = block.weights() == null ? null : Tensor.wrap(block.weights(), block.rows());
                Tensor loss;
                if (weightGrad != null) {
                    // the product with W detached, as a leaf: autograd gives ∂loss/∂product and the rest
                    Tensor product = block.sparse().matmul(leaves.get(weightName).detach().t()).requiresGrad_(true);
                    loss = model.lossGivenProduct(leaves, block.sparse(), product, y, w);
                    loss.backward();
                    weightGrad.addBlock(block.sparse(), product.grad().toArray());
                } else {
                    if (block.isSparse()) {
                        loss = w == null ? model.loss(leaves, block.sparse(), y) : model.loss(leaves, block.sparse(), y, w);
                    } else {
                        Tensor x = Tensor.wrap(block.features(), block.rows(), block.cols());
                        loss = w == null ? model.loss(leaves, x, y) : model.loss(leaves, x, y, w);
                    }
                    // backward() adds each block's gradient into the leaves' .grad, in block order: the same
                    // sums, in the same order, as adding each block's into the partial, without a copy per block
                    loss.backward();
                }
                sum.addLoss(loss.item(), block.rows(), block.weightSum());
            }
            // sparse when the partition touched few parameters (a wide first layer), dense otherwise
            int[] offsets = new int[leafArray.length];
            double[][] grads = new double[leafArray.length][];
            for (int i = 0; i < leafArray.length; i++) {
                Tensor g = leafArray[i].grad();
                offsets[i] = theta.offset(i);
                grads[i] = g == null ? null : g.toArray();
                leafArray[i].setGrad(null);
            }
            if (weightGrad != null) {
                sum.setGradient(offsets, grads, weightIndex, weightGrad);
            } else {
                sum.setGradient(offsets, grads);
            }
            return sum;
        } catch (RuntimeException | Error e) {
            if (weightGrad != null) {
                weightGrad.reset(); // the thread's accumulator must be zeros for its next task
            }
            throw e;
        }
    }
}
