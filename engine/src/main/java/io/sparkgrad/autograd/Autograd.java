package io.sparkgrad.autograd;

import io.sparkgrad.tensor.Shape;
import io.sparkgrad.tensor.Tensor;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Entry points of reverse-mode differentiation, {@code torch.autograd.backward} and
 * {@code torch.autograd.grad}. {@link Tensor#backward()} delegates here.
 */
public final class Autograd {
    private Autograd() {
    }

    /** Options of {@link #grad(List, List, Options)}; PyTorch's keyword arguments, with its defaults. */
    public static final class Options {
        private List<Tensor> gradOutputs;
        private Boolean retainGraph;
        private boolean createGraph;
        private boolean allowUnused;
        private boolean materializeGrads;

        private Options() {
        }

        /** Gradients of the outputs (vector-Jacobian product); required for non-scalar outputs. */
        public Options gradOutputs(Tensor... gradOutputs) {
            this.gradOutputs = Arrays.asList(gradOutputs);
            return this;
        }

        /** Gradients of the outputs as a list; an entry may be null for a scalar output. */
        public Options gradOutputs(List<Tensor> gradOutputs) {
            this.gradOutputs = new ArrayList<>(gradOutputs);
            return this;
        }

        /** Keep the graph's saved tensors for another backward; defaults to {@code createGraph}. */
        public Options retainGraph(boolean retainGraph) {
            this.retainGraph = retainGraph;
            return this;
        }

        /** Record the backward pass, so the returned gradients can be differentiated again. */
        public Options createGraph(boolean createGraph) {
            this.createGraph = createGraph;
            return this;
        }

        /** Return null for inputs the outputs do not depend on instead of failing. */
        public Options allowUnused(boolean allowUnused) {
            this.allowUnused = allowUnused;
            return this;
        }

        /** Return zeros instead of null for unused inputs (implies {@code allowUnused}). */
        public Options materializeGrads(boolean materializeGrads) {
            this.materializeGrads = materializeGrads;
            return this;
        }
    }

    /** Fresh options with PyTorch's defaults. */
    public static Options options() {
        return new Options();
    }

    /** {@code torch.autograd.grad(output, inputs)} for a scalar output. */
    public static Tensor[] grad(Tensor output, Tensor... inputs) {
        return grad(List.of(output), Arrays.asList(inputs), options());
    }

    /**
     * {@code torch.autograd.grad(outputs, inputs, grad_outputs, retain_graph, create_graph,
     * allow_unused, materialize_grads)}: the sum over outputs of their vector-Jacobian products
     * with respect to each input. Does not touch any {@code .grad}.
     */
    public static Tensor[] grad(List<Tensor> outputs, List<Tensor> inputs, Options options) {
        List<Tensor> gradOutputs = checkedGradOutputs(outputs, options.gradOutputs, options.createGraph);
        boolean keep = options.retainGraph != null ? options.retainGraph : options.createGraph;
        Tensor[] grads = Engine.grad(outputs, gradOutputs, inputs, keep, options.createGraph);
        for (int i = 0; i < grads.length; i++) {
            if (grads[i] != null) {
                continue;
            }
            if (options.materializeGrads) {
                grads[i] = Tensor.zeros(inputs.get(i).shape());
            } else if (!options.allowUnused) {
                throw new IllegalStateException("One of the differentiated Tensors appears to not have been used in "
                        + "the graph. Set allowUnused=true (allow_unused=True) if this is the desired behavior.");
            }
        }
        return grads;
    }

    /** {@code torch.autograd.backward(tensors, grad_tensors, retain_graph, create_graph)}. */
    public static void backward(List<Tensor> outputs, List<Tensor> gradOutputs, Boolean retainGraph,
            boolean createGraph) {
        List<Tensor> checked = checkedGradOutputs(outputs, gradOutputs, createGraph);
        boolean keep = retainGraph != null ? retainGraph : createGraph;
        Engine.backward(outputs, checked, keep, createGraph);
    }

    /** Fills implicit gradients (ones) for one-element outputs and checks explicit ones' shapes. */
    private static List<Tensor> checkedGradOutputs(List<Tensor> outputs, List<Tensor> given, boolean createGraph) {
        if (given != null && given.size() != outputs.size()) {
            throw new IllegalArgumentException("got " + outputs.size() + " tensors and " + given.size()
                    + " gradients");
        }
        List<Tensor> out = new ArrayList<>(outputs.size());
        for (int i = 0; i < outputs.size(); i++) {
            Tensor output = outputs.get(i);
            Tensor g = given == null ? null : given.get(i);
            if (g == null) {
                if (!output.requiresGrad()) {
                    throw new IllegalStateException("element " + i
                            + " of tensors does not require grad and does not have a grad_fn");
                }
                if (output.numel() != 1) {
                    throw new IllegalStateException("grad can be implicitly created only for scalar outputs");
                }
                g = Tensor.ones(output.shape());
            } else if (!Arrays.equals(g.shape(), output.shape())) {
                throw new IllegalArgumentException("Mismatch in shape: grad_output[" + i + "] has a shape of "
                        + Shape.format(g.shape()) + " and output[" + i + "] has a shape of "
                        + Shape.format(output.shape()) + ".");
            }
            out.add(g);
        }
        return out;
    }
}
