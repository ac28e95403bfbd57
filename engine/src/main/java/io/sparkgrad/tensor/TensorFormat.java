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
    private static final int LINE_WIDTH = 80;
    private static final String PREFIX = "tensor(";

    private TensorFormat() {
    }

    static String format(Tensor t) {
        double[] values = t.toArray();
        boolean summarize = values.length > SUMMARIZE_THRESHOLD;
        // as PyTorch, the format and the column width come from the printed (summarized) values,
        // and only from the nonzero finite ones: "inf" or "0." never widen a column
        double[] shown = summarize ? summarized(t, values) : values;
        Style style = Style.of(shown);
        int width = 1;
        for (double v : shown) {
            if (Double.isFinite(v) && v != 0) {
                width = Math.max(width, style.render(v).length());
            }
        }
        StringBuilder sb = new StringBuilder(PREFIX);
        java.util.List<String> suffixes = new java.util.ArrayList<>(2);
        if (values.length == 0) {
            // as PyTorch: no elements print as [], with the shape unless it is the 1-d (0,)
            sb.append("[]");
            if (t.dim() != 1) {
                StringBuilder size = new StringBuilder("size=(");
                for (int d = 0; d < t.dim(); d++) {
                    size.append(d == 0 ? "" : ", ").append(t.shape[d]);
                }
                suffixes.add(size.append(')').toString());
            }
        } else if (t.dim() == 0) {
            sb.append(style.render(values[0]));
        } else {
            appendDim(sb, t, values, 0, 0, style, width, summarize, PREFIX.length());
        }
        if (t.gradFnNode() != null) {
            suffixes.add("grad_fn=<" + t.gradFn() + ">");
        } else if (t.requiresGrad()) {
            suffixes.add("requires_grad=True");
        }
        for (String suffix : suffixes) {
            // PyTorch's _add_suffixes: a suffix moves to its own line when it would pass column 80
            int lastLine = sb.length() - sb.lastIndexOf("\n") + 1;
            sb.append(lastLine + suffix.length() + 2 > LINE_WIDTH ? ",\n" + " ".repeat(PREFIX.length()) : ", ")
                    .append(suffix);
        }
        return sb.append(')').toString();
    }

    /** The values a summarized print shows: the first and last EDGE_ITEMS along every long dim. */
    private static double[] summarized(Tensor t, double[] flat) {
        java.util.List<Double> out = new java.util.ArrayList<>();
        collect(t.shape, Shape.contiguousStrides(t.shape), flat, 0, 0, out);
        return out.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static void collect(int[] shape, int[] strides, double[] flat, int dim, int offset,
            java.util.List<Double> out) {
        if (dim == shape.length) {
            out.add(flat[offset]);
            return;
        }
        for (int i = 0; i < shape[dim]; i++) {
            if (shape[dim] > 2 * EDGE_ITEMS && i == EDGE_ITEMS) {
                i = shape[dim] - EDGE_ITEMS;
            }
            collect(shape, strides, flat, dim + 1, offset + i * strides[dim], out);
        }
    }

    private static void appendDim(StringBuilder sb, Tensor t, double[] flat, int dim, int offset, Style style, int width,
            boolean summarize, int indent) {
        int[] strides = Shape.contiguousStrides(t.shape);
        int size = t.shape[dim];
        sb.append('[');
        if (dim == t.dim() - 1) {
            appendRow(sb, flat, offset, strides[dim], size, style, width, summarize, indent + dim);
            sb.append(']');
            return;
        }
        for (int i = 0; i < size; i++) {
            if (summarize && size > 2 * EDGE_ITEMS && i == EDGE_ITEMS) {
                sb.append("...,").append("\n".repeat(t.dim() - dim - 1)).append(" ".repeat(indent + dim + 1));
                i = size - EDGE_ITEMS;
            }
            int pos = offset + i * strides[dim];
            appendDim(sb, t, flat, dim + 1, pos, style, width, summarize, indent);
            if (i < size - 1) {
                sb.append(',').append("\n".repeat(t.dim() - dim - 1)).append(" ".repeat(indent + dim + 1));
            }
        }
        sb.append(']');
    }

    /** The innermost dim, as PyTorch's _vector_str: as many elements per line as fit in 80 columns. */
    private static void appendRow(StringBuilder sb, double[] flat, int offset, int stride, int size, Style style,
            int width, boolean summarize, int indent) {
        int perLine = Math.max(1, (LINE_WIDTH - indent) / (width + 2));
        int count = 0;
        for (int i = 0; i < size; i++) {
            String item;
            if (summarize && size > 2 * EDGE_ITEMS && i == EDGE_ITEMS) {
                item = " ...";
                i = size - EDGE_ITEMS - 1;
            } else {
                String s = style.render(flat[offset + i * stride]);
                item = " ".repeat(Math.max(0, width - s.length())) + s;
            }
            if (count > 0) {
                sb.append(count % perLine == 0 ? ",\n" + " ".repeat(indent + 1) : ", ");
            }
            sb.append(item);
            count++;
        }
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
            if (!anyFinite || maxAbs == 0) {
                return integral ? INTEGER : FIXED;
            }
            if (integral) {
                return maxAbs / minAbs > 1000 || maxAbs > 1e8 ? SCIENTIFIC : INTEGER;
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
