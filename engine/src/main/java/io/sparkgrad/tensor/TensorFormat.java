package io.sparkgrad.tensor;

import java.util.Locale;

/**
 * Renders tensors as PyTorch prints them: {@code tensor([[1., 2.],\n        [3., 4.]],
 * requires_grad=True)}. Like PyTorch's formatter it picks one format for all elements: integers
 * as {@code 1.}, otherwise 4 decimals, or scientific notation when magnitudes span too much; and
 * it elides the middle of tensors with more than 1000 elements.
 */
final class TensorFormat {
    private static final int SUMMARIZE_THRESHOLD = 1000;
    private static final int EDGE_ITEMS = 3;
    private static final String PREFIX = "tensor(";

    private TensorFormat() {
    }

    static String format(Tensor t) {
        double[] values = t.toArray();
        boolean summarize = values.length > SUMMARIZE_THRESHOLD;
        Style style = Style.of(values);
        int width = 0;
        for (double v : values) {
            width = Math.max(width, style.render(v).length());
        }
        StringBuilder sb = new StringBuilder(PREFIX);
        if (t.dim() == 0) {
            sb.append(style.render(values[0]));
        } else {
            appendDim(sb, t, values, 0, 0, style, width, summarize, PREFIX.length());
        }
        if (t.gradFnNode() != null) {
            sb.append(", grad_fn=<").append(t.gradFn()).append('>');
        } else if (t.requiresGrad()) {
            sb.append(", requires_grad=True");
        }
        return sb.append(')').toString();
    }

    private static void appendDim(StringBuilder sb, Tensor t, double[] flat, int dim, int offset, Style style, int width,
            boolean summarize, int indent) {
        int[] strides = Shape.contiguousStrides(t.shape);
        int size = t.shape[dim];
        sb.append('[');
        for (int i = 0; i < size; i++) {
            if (summarize && size > 2 * EDGE_ITEMS && i == EDGE_ITEMS) {
                sb.append(dim == t.dim() - 1 ? "..., " : "...,\n" + " ".repeat(indent + dim + 1));
                i = size - EDGE_ITEMS;
            }
            int pos = offset + i * strides[dim];
            if (dim == t.dim() - 1) {
                String s = style.render(flat[pos]);
                sb.append(" ".repeat(width - s.length())).append(s);
            } else {
                appendDim(sb, t, flat, dim + 1, pos, style, width, summarize, indent);
            }
            if (i < size - 1) {
                sb.append(',');
                if (dim == t.dim() - 1) {
                    sb.append(' ');
                } else {
                    sb.append("\n".repeat(t.dim() - dim - 1)).append(" ".repeat(indent + dim + 1));
                }
            }
        }
        sb.append(']');
    }

    /** One number format for a whole tensor, chosen as PyTorch's {@code _Formatter} does. */
    private enum Style {
        INTEGER, FIXED, SCIENTIFIC;

        static Style of(double[] values) {
            double maxAbs = 0;
            double minAbs = Double.POSITIVE_INFINITY;
            boolean integral = true;
            boolean anyFinite = false;
            for (double v : values) {
                if (!Double.isFinite(v)) {
                    continue;
                }
                anyFinite = true;
                integral &= v == Math.rint(v);
                double a = Math.abs(v);
                if (a != 0) {
                    maxAbs = Math.max(maxAbs, a);
                    minAbs = Math.min(minAbs, a);
                }
            }
            if (!anyFinite || integral) {
                return maxAbs > 1e8 ? SCIENTIFIC : INTEGER;
            }
            if (maxAbs / minAbs > 1000 || maxAbs > 1e8 || minAbs < 1e-4) {
                return SCIENTIFIC;
            }
            return FIXED;
        }

        String render(double v) {
            if (Double.isNaN(v)) {
                return "nan";
            }
            if (Double.isInfinite(v)) {
                return v > 0 ? "inf" : "-inf";
            }
            return switch (this) {
                case INTEGER -> String.format(Locale.ROOT, "%.0f.", v);
                case FIXED -> String.format(Locale.ROOT, "%.4f", v);
                case SCIENTIFIC -> String.format(Locale.ROOT, "%.4e", v);
            };
        }
    }
}
