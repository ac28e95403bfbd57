package io.sparkgrad.spark.state;

import io.sparkgrad.tensor.Tensor;
import java.io.Serializable;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A model's parameters flattened into one array, with their names and shapes: what the driver
 * broadcasts each iteration, and the layout of the gradient the executors send back.
 */
public final class ParameterVector implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String[] names;
    private final int[][] shapes;
    private final int[] offsets;
    private final double[] values;

    private ParameterVector(String[] names, int[][] shapes, int[] offsets, double[] values) {
        this.names = names;
        this.shapes = shapes;
        this.offsets = offsets;
        this.values = values;
    }

    /** Copies the current values of {@code params} (in map order). */
    public static ParameterVector of(Map<String, Tensor> params) {
        return of(params, null);
    }

    /**
     * Copies the current values of {@code params} (in map order) into {@code into}, which the
     * vector then holds as its values; a new array when {@code into} is null or of another length.
     */
    public static ParameterVector of(Map<String, Tensor> params, double[] into) {
        int n = params.size();
        String[] names = new String[n];
        int[][] shapes = new int[n][];
        int[] offsets = new int[n + 1];
        int i = 0;
        for (Map.Entry<String, Tensor> e : params.entrySet()) {
            names[i] = e.getKey();
            shapes[i] = e.getValue().shape().clone();
            offsets[i + 1] = offsets[i] + e.getValue().numel();
            i++;
        }
        double[] values = into != null && into.length == offsets[n] ? into : new double[offsets[n]];
        i = 0;
        for (Tensor t : params.values()) {
            t.toArray(values, offsets[i]);
            i++;
        }
        return new ParameterVector(names, shapes, offsets, values);
    }

    public int size() {
        return values.length;
    }

    public int count() {
        return names.length;
    }

    public String name(int i) {
        return names[i];
    }

    public int[] shape(int i) {
        return shapes[i].clone();
    }

    public int offset(int i) {
        return offsets[i];
    }

    public int length(int i) {
        return offsets[i + 1] - offsets[i];
    }

    public List<String> names() {
        return List.of(names);
    }

    /** Whether {@code other} holds the same parameters: the same names, shapes and value bits. */
    public boolean sameAs(ParameterVector other) {
        return other != null && Arrays.equals(names, other.names) && Arrays.deepEquals(shapes, other.shapes)
                && Arrays.equals(values, other.values); // bitwise: −0.0 differs from 0.0, NaN equals NaN
    }

    /** The flat values (the array itself: callers must not modify it). */
    public double[] values() {
        return values;
    }

    /** Fresh leaf tensors holding copies of the values, each requiring grad. */
    public LinkedHashMap<String, Tensor> toLeaves() {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            double[] slice = new double[length(i)];
            System.arraycopy(values, offsets[i], slice, 0, slice.length);
            out.put(names[i], Tensor.wrap(slice, shapes[i]).requiresGrad_(true));
        }
        return out;
    }

    /**
     * Leaf tensors requiring grad that are views of the flat values, sharing them (no copy): what
     * a task differentiates at. θ reaches an executor once per evaluation (in the task or as a
     * broadcast, which every task of the executor shares), and a task only reads it: the engine
     * refuses an in-place op on a leaf that requires grad while grad mode is on, and nothing
     * on the executor runs an optimizer step.
     */
    public LinkedHashMap<String, Tensor> leafViews() {
        Tensor flat = Tensor.wrap(values, values.length);
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            out.put(names[i], flat.narrow(0, offsets[i], length(i)).view(shapes[i]).detach().requiresGrad_(true));
        }
        return out;
    }

    /** Tensors (not requiring grad) that are views of the flat values (no copy), for scoring: callers only read them. */
    public LinkedHashMap<String, Tensor> views() {
        Tensor flat = Tensor.wrap(values, values.length);
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            out.put(names[i], flat.narrow(0, offsets[i], length(i)).view(shapes[i]));
        }
        return out;
    }

    /** Tensors (not requiring grad) holding slices of {@code flat}, laid out like these parameters. */
    public LinkedHashMap<String, Tensor> unflatten(double[] flat) {
        LinkedHashMap<String, Tensor> out = new LinkedHashMap<>();
        for (int i = 0; i < names.length; i++) {
            double[] slice = new double[length(i)];
            System.arraycopy(flat, offsets[i], slice, 0, slice.length);
            out.put(names[i], Tensor.wrap(slice, shapes[i]));
        }
        return out;
    }
}
