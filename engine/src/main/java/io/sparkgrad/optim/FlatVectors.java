package io.sparkgrad.optim;

import io.sparkgrad.tensor.Tensor;
import java.util.List;

/**
 * The flat vectors {@link LBFGS} works on (every parameter's values or gradients, concatenated in
 * the optimizer's order, as PyTorch's {@code _gather_flat_grad}) and the few operations it applies
 * to them, each rounding as PyTorch 1.13 does on x86-64:
 *
 * <ul>
 *   <li>{@code a.dot(b)} goes to BLAS {@code ddot} (OpenBLAS in Debian's build), which for fewer
 *       than 16 elements is one fused multiply-add per element, in order, from 0. {@link #dot}
 *       does exactly that below 16 elements; from 16 on OpenBLAS sums in SIMD blocks whose layout
 *       depends on the machine, and {@link #dot} in the engine's dot order instead (element i into
 *       lane i mod 8, the lanes combined by a fixed tree: {@code engine/KERNELS.md}), so the two
 *       differ in the last bits there. Eight independent chains, not one: a 2^20-element dot
 *       takes a quarter of the time, which the two-loop recursion over a wide model spends on
 *       the driver while the executors wait.</li>
 *   <li>{@code p.add_(v, alpha=a)} is {@code fma(v, a, p)} per element (the vectorised kernel's
 *       {@code fmadd}, and the compiled scalar tail), as {@link #addScaled}.</li>
 *   <li>{@code t.abs().sum()} sums in order for fewer than 4 elements and in SIMD lanes beyond;
 *       {@link #absSum} sums in order (it only sets L-BFGS' very first step length).</li>
 *   <li>{@code t.abs().max()} is exact whatever the order, and NaN wins, as in {@link #absMax}.</li>
 * </ul>
 */
final class FlatVectors {
    private FlatVectors() {
    }

    /** The gradients of {@code params}, concatenated; a parameter without a gradient contributes zeros. */
    static double[] gatherGrad(List<Tensor> params, int numel) {
        double[] flat = new double[numel];
        int offset = 0;
        for (Tensor p : params) {
            Tensor g = p.grad();
            int n = p.numel();
            if (g != null) {
                g.toArray(flat, offset);
            }
            offset += n;
        }
        return flat;
    }

    /** {@code _clone_param}: the parameters' values, concatenated. */
    static double[] gatherValues(List<Tensor> params, int numel) {
        return gatherValuesInto(params, new double[numel]);
    }

    /** {@link #gatherValues} into {@code x} (of the parameters' total length); returns x. */
    static double[] gatherValuesInto(List<Tensor> params, double[] x) {
        int offset = 0;
        for (Tensor p : params) {
            p.toArray(x, offset);
            offset += p.numel();
        }
        return x;
    }

    /** {@code _add_grad}: {@code p.add_(d[slice], alpha=t)} for every parameter, in place (call without grad). */
    static void addToParams(List<Tensor> params, double t, double[] d) {
        int offset = 0;
        for (Tensor p : params) {
            double[] w = p.toArray();
            addScaled(w, d, offset, t);
            p.copy_(Tensor.wrap(w, p.shape()));
            offset += w.length;
        }
    }

    /** {@code _set_param}: copies the concatenated values back into the parameters (call without grad). */
    static void setParams(List<Tensor> params, double[] x) {
        // copies from views of x: no slice of the model's size is made per call
        Tensor flat = Tensor.wrap(x, x.length);
        int offset = 0;
        for (Tensor p : params) {
            int n = p.numel();
            p.copy_(flat.narrow(0, offset, n).view(p.shape()));
            offset += n;
        }
    }

    /**
     * Below 16 elements sequential fused multiply-adds from 0, BLAS ddot's order for short
     * vectors; from 16 on the dot order of {@code engine/KERNELS.md}: a length-only rule, the same
     * bits on every machine.
     */
    static double dot(double[] a, double[] b) {
        int n = a.length;
        if (n < 16) {
            double s = 0.0;
            for (int i = 0; i < n; i++) {
                s = Math.fma(a[i], b[i], s);
            }
            return s;
        }
        double l0 = 0.0, l1 = 0.0, l2 = 0.0, l3 = 0.0, l4 = 0.0, l5 = 0.0, l6 = 0.0, l7 = 0.0;
        int i = 0;
        for (; i + 8 <= n; i += 8) {
            l0 = Math.fma(a[i], b[i], l0);
            l1 = Math.fma(a[i + 1], b[i + 1], l1);
            l2 = Math.fma(a[i + 2], b[i + 2], l2);
            l3 = Math.fma(a[i + 3], b[i + 3], l3);
            l4 = Math.fma(a[i + 4], b[i + 4], l4);
            l5 = Math.fma(a[i + 5], b[i + 5], l5);
            l6 = Math.fma(a[i + 6], b[i + 6], l6);
            l7 = Math.fma(a[i + 7], b[i + 7], l7);
        }
        double[] tail = {l0, l1, l2, l3, l4, l5, l6, l7};
        for (; i < n; i++) {
            tail[i & 7] = Math.fma(a[i], b[i], tail[i & 7]);
        }
        return ((tail[0] + tail[4]) + (tail[2] + tail[6])) + ((tail[1] + tail[5]) + (tail[3] + tail[7]));
    }

    /**
     * {@code x.abs().max()}: the largest absolute value, NaN if any is NaN. ({@code Math.max}
     * returns NaN when either argument is, and no -0.0 comes out of {@code abs}: a branch-free
     * loop the JIT vectorises.)
     */
    static double absMax(double[] x) {
        double m = Math.abs(x[0]);
        for (int i = 1; i < x.length; i++) {
            m = Math.max(m, Math.abs(x[i]));
        }
        return m;
    }

    /** {@code x.mul(t).abs().max()} without the temporary. */
    static double absMaxScaled(double[] x, double t) {
        double m = Math.abs(x[0] * t);
        for (int i = 1; i < x.length; i++) {
            m = Math.max(m, Math.abs(x[i] * t));
        }
        return m;
    }

    /** {@code x.abs().sum()}, in order from 0. */
    static double absSum(double[] x) {
        double s = 0.0;
        for (double v : x) {
            s += Math.abs(v);
        }
        return s;
    }

    /** {@code -x}, a new vector. */
    static double[] neg(double[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = -x[i];
        }
        return out;
    }

    /** {@code -x} into {@code out} (which may be a new vector when null, or x itself); returns out. */
    static double[] negInto(double[] x, double[] out) {
        double[] o = out == null ? new double[x.length] : out;
        for (int i = 0; i < x.length; i++) {
            o[i] = -x[i];
        }
        return o;
    }

    /** {@code x * a} into {@code out} (a new vector when null); returns out. */
    static double[] scaledInto(double[] x, double a, double[] out) {
        double[] o = out == null ? new double[x.length] : out;
        for (int i = 0; i < x.length; i++) {
            o[i] = x[i] * a;
        }
        return o;
    }

    /** {@code a - b} into {@code out} (a new vector when null); returns out. */
    static double[] subInto(double[] a, double[] b, double[] out) {
        double[] o = out == null ? new double[a.length] : out;
        for (int i = 0; i < a.length; i++) {
            o[i] = a[i] - b[i];
        }
        return o;
    }

    /** {@code x * a}, a new vector. */
    static double[] scaled(double[] x, double a) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * a;
        }
        return out;
    }

    /** {@code x *= a} in place; returns x. */
    static double[] scale(double[] x, double a) {
        for (int i = 0; i < x.length; i++) {
            x[i] *= a;
        }
        return x;
    }

    /** {@code a - b}, a new vector. */
    static double[] sub(double[] a, double[] b) {
        double[] out = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i] - b[i];
        }
        return out;
    }

    /** {@code target.add_(v, alpha=a)}: {@code target[i] = fma(v[i], a, target[i])}, in place. */
    static void addScaled(double[] target, double[] v, double a) {
        addScaled(target, v, 0, a);
    }

    /** {@code target[i] = fma(v[from + i], a, target[i])}: v read from {@code from} on. */
    private static void addScaled(double[] target, double[] v, int from, double a) {
        for (int i = 0; i < target.length; i++) {
            target[i] = Math.fma(v[from + i], a, target[i]);
        }
    }
}
