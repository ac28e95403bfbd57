package io.sparkgrad.optim;

import io.sparkgrad.tensor.Tensor;
import java.util.Arrays;
import java.util.List;

/**
 * The flat vectors {@link LBFGS} works on (every parameter's values or gradients, concatenated in
 * the optimizer's order, as PyTorch's {@code _gather_flat_grad}) and the few operations it applies
 * to them, each rounding as PyTorch 1.13 does on x86-64:
 *
 * <ul>
 *   <li>{@code a.dot(b)} goes to BLAS {@code ddot} (OpenBLAS in Debian's build), which for fewer
 *       than 16 elements is one fused multiply-add per element, in order, from 0. {@link #dot}
 *       does exactly that at every length; from 16 elements on OpenBLAS sums in SIMD blocks, so
 *       the two differ in the last bits there.</li>
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
                System.arraycopy(g.toArray(), 0, flat, offset, n);
            }
            offset += n;
        }
        return flat;
    }

    /** {@code _clone_param}: the parameters' values, concatenated. */
    static double[] gatherValues(List<Tensor> params, int numel) {
        double[] x = new double[numel];
        int offset = 0;
        for (Tensor p : params) {
            double[] w = p.toArray();
            System.arraycopy(w, 0, x, offset, w.length);
            offset += w.length;
        }
        return x;
    }

    /** {@code _add_grad}: {@code p.add_(d[slice], alpha=t)} for every parameter, in place (call without grad). */
    static void addToParams(List<Tensor> params, double t, double[] d) {
        int offset = 0;
        for (Tensor p : params) {
            double[] w = p.toArray();
            addScaled(w, Arrays.copyOfRange(d, offset, offset + w.length), t);
            p.copy_(Tensor.wrap(w, p.shape()));
            offset += w.length;
        }
    }

    /** {@code _set_param}: copies the concatenated values back into the parameters (call without grad). */
    static void setParams(List<Tensor> params, double[] x) {
        int offset = 0;
        for (Tensor p : params) {
            int n = p.numel();
            p.copy_(Tensor.wrap(Arrays.copyOfRange(x, offset, offset + n), p.shape()));
            offset += n;
        }
    }

    /** Sequential fused multiply-adds from 0, BLAS ddot's order for short vectors. */
    static double dot(double[] a, double[] b) {
        double s = 0.0;
        for (int i = 0; i < a.length; i++) {
            s = Math.fma(a[i], b[i], s);
        }
        return s;
    }

    /** {@code x.abs().max()}: the largest absolute value, NaN if any is NaN. */
    static double absMax(double[] x) {
        double m = Math.abs(x[0]);
        for (int i = 1; i < x.length; i++) {
            double a = Math.abs(x[i]);
            if (a > m || Double.isNaN(a)) {
                m = a;
            }
        }
        return m;
    }

    /** {@code x.mul(t).abs().max()} without the temporary. */
    static double absMaxScaled(double[] x, double t) {
        double m = Math.abs(x[0] * t);
        for (int i = 1; i < x.length; i++) {
            double a = Math.abs(x[i] * t);
            if (a > m || Double.isNaN(a)) {
                m = a;
            }
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

    /** {@code x * a}, a new vector. */
    static double[] scaled(double[] x, double a) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i] * a;
        }
        return out;
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
        for (int i = 0; i < target.length; i++) {
            target[i] = Math.fma(v[i], a, target[i]);
        }
    }
}
