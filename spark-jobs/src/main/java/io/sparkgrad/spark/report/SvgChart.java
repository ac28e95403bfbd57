package io.sparkgrad.spark.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One line chart against iterations, drawn as inline SVG: nice ticks and grid, axis labels, a
 * legend, a polyline per series, vertical markers (early stopping's best iteration, a resume)
 * and highlighted points. Immutable: each {@code with…} returns a new chart.
 *
 * <p>The geometry is fixed ({@link #WIDTH} × {@link #HEIGHT}, the plot area inset by
 * {@link #LEFT}, {@link #RIGHT}, {@link #TOP}, {@link #BOTTOM}) so a test can compute where a
 * value must land, and the plot frame is drawn last, in {@link #FRAME_COLOUR} with crisp edges,
 * so a screenshot shows where each plot area is.
 *
 * <p>Non-finite values are not drawn (the line breaks there), nor are non-positive ones on a
 * log axis; the caption says how many were left out. A series longer than {@link #MAX_POINTS}
 * is thinned by {@link Downsampler#minMax}.
 */
final class SvgChart {
    static final int WIDTH = 580;
    static final int HEIGHT = 280;
    static final int LEFT = 80;
    static final int RIGHT = 20;
    static final int TOP = 40;
    static final int BOTTOM = 40;
    static final int PLOT_WIDTH = WIDTH - LEFT - RIGHT;
    static final int PLOT_HEIGHT = HEIGHT - TOP - BOTTOM;
    /** Points drawn per series at most: far more than the plot has pixels across. */
    static final int MAX_POINTS = 2000;
    static final String FRAME_COLOUR = "#666666";
    private static final String GRID_COLOUR = "#e6e6e6";
    private static final int X_TICKS = 7;
    private static final int Y_TICKS = 6;
    /** Positive values spanning more than this ratio get a log axis under {@link Scale#AUTO}. */
    private static final double LOG_SPAN = 100;

    /** How the y axis maps values. */
    enum Scale {
        LINEAR,
        LOG,
        /** Log when the positive values span more than two decades, else linear. */
        AUTO
    }

    /** A named line; {@code cssClass} is put on its polyline (as {@code class="series …"}). */
    record Series(String name, String cssClass, String colour, boolean dashed, double[] xs, double[] ys) {
        Series {
            if (xs.length != ys.length) {
                throw new IllegalArgumentException("series '" + name + "': " + xs.length + " x values but " + ys.length
                        + " y values");
            }
            xs = xs.clone();
            ys = ys.clone();
        }

        @Override
        public double[] xs() {
            return xs.clone();
        }

        @Override
        public double[] ys() {
            return ys.clone();
        }
    }

    /** A vertical dashed line at iteration {@code x}, labelled. */
    record Marker(double x, String label, String cssClass, String colour) {}

    /** A ringed point, e.g. the best validation value. */
    record Dot(double x, double y, String label, String cssClass, String colour) {}

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final Scale scale;
    private final List<Series> series;
    private final List<Marker> markers;
    private final List<Dot> dots;
    private final List<String> notes;
    private final double[] xRange;

    private SvgChart(String title, String xLabel, String yLabel, Scale scale, List<Series> series, List<Marker> markers,
            List<Dot> dots, List<String> notes, double[] xRange) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
        this.scale = scale;
        this.series = List.copyOf(series);
        this.markers = List.copyOf(markers);
        this.dots = List.copyOf(dots);
        this.notes = List.copyOf(notes);
        this.xRange = xRange;
    }

    /** An empty linear chart. */
    static SvgChart of(String title, String xLabel, String yLabel) {
        return new SvgChart(title, xLabel, yLabel, Scale.LINEAR, List.of(), List.of(), List.of(), List.of(), null);
    }

    SvgChart withScale(Scale s) {
        return new SvgChart(title, xLabel, yLabel, s, series, markers, dots, notes, xRange);
    }

    SvgChart withSeries(Series s) {
        return new SvgChart(title, xLabel, yLabel, scale, append(series, s), markers, dots, notes, xRange);
    }

    SvgChart withMarker(Marker m) {
        return new SvgChart(title, xLabel, yLabel, scale, series, append(markers, m), dots, notes, xRange);
    }

    SvgChart withDot(Dot d) {
        return new SvgChart(title, xLabel, yLabel, scale, series, markers, append(dots, d), notes, xRange);
    }

    /** A line of the caption under the chart. */
    SvgChart withNote(String note) {
        return new SvgChart(title, xLabel, yLabel, scale, series, markers, dots, append(notes, note), xRange);
    }

    /** Makes the x axis cover at least [min, max], so charts of one run line up. */
    SvgChart withXRange(double min, double max) {
        return new SvgChart(title, xLabel, yLabel, scale, series, markers, dots, notes, new double[] {min, max});
    }

    private static <T> List<T> append(List<T> list, T item) {
        List<T> out = new ArrayList<>(list);
        out.add(item);
        return out;
    }

    /** Where values land in the SVG: the axes chosen for this chart's data. */
    record Axes(NiceTicks x, NiceTicks y) {
        double px(double v) {
            return LEFT + (v - x.lo()) / (x.hi() - x.lo()) * PLOT_WIDTH;
        }

        double py(double v) {
            double f = y.log()
                    ? (Math.log10(v) - Math.log10(y.lo())) / (Math.log10(y.hi()) - Math.log10(y.lo()))
                    : (v - y.lo()) / (y.hi() - y.lo());
            return TOP + PLOT_HEIGHT - f * PLOT_HEIGHT;
        }
    }

    /** Whether the y axis is logarithmic for this data. */
    boolean isLog() {
        if (scale == Scale.LINEAR) {
            return false;
        }
        double minPositive = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double y : s.ys) {
                if (Double.isFinite(y) && y > 0) {
                    minPositive = Math.min(minPositive, y);
                    max = Math.max(max, y);
                }
            }
        }
        if (minPositive == Double.POSITIVE_INFINITY) {
            return false;  // nothing a log axis could show
        }
        return scale == Scale.LOG || max / minPositive > LOG_SPAN;
    }

    private static boolean drawable(double x, double y, boolean log) {
        return Double.isFinite(x) && Double.isFinite(y) && (!log || y > 0);
    }

    /** The axes covering every iteration, drawable value, marker and dot (and the x range asked for). */
    Axes axes() {
        boolean log = isLog();
        double xMin = Double.POSITIVE_INFINITY;
        double xMax = Double.NEGATIVE_INFINITY;
        double yMin = Double.POSITIVE_INFINITY;
        double yMax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (int i = 0; i < s.xs.length; i++) {
                // the x axis covers every iteration, drawn or not: a value left out shows as a gap, not a shorter run
                if (Double.isFinite(s.xs[i])) {
                    xMin = Math.min(xMin, s.xs[i]);
                    xMax = Math.max(xMax, s.xs[i]);
                }
                if (drawable(s.xs[i], s.ys[i], log)) {
                    yMin = Math.min(yMin, s.ys[i]);
                    yMax = Math.max(yMax, s.ys[i]);
                }
            }
        }
        for (Dot d : dots) {
            if (drawable(d.x(), d.y(), log)) {
                xMin = Math.min(xMin, d.x());
                xMax = Math.max(xMax, d.x());
                yMin = Math.min(yMin, d.y());
                yMax = Math.max(yMax, d.y());
            }
        }
        for (Marker m : markers) {
            if (Double.isFinite(m.x())) {
                xMin = Math.min(xMin, m.x());
                xMax = Math.max(xMax, m.x());
            }
        }
        if (xRange != null) {
            xMin = Math.min(xMin, xRange[0]);
            xMax = Math.max(xMax, xRange[1]);
        }
        if (xMin > xMax) {
            xMin = 0;
            xMax = 1;
        }
        NiceTicks xt = NiceTicks.linear(xMin, xMax, X_TICKS, true);
        NiceTicks yt;
        if (yMin > yMax) {
            yt = log ? NiceTicks.log(1, 10, Y_TICKS) : NiceTicks.linear(0, 1, Y_TICKS, false);
        } else {
            yt = log ? NiceTicks.log(yMin, yMax, Y_TICKS) : NiceTicks.linear(yMin, yMax, Y_TICKS, false);
        }
        return new Axes(xt, yt);
    }

    /** The chart as an HTML {@code <figure>} holding the SVG and a caption of notes. */
    String render() {
        boolean log = isLog();
        Axes axes = axes();
        List<String> caption = new ArrayList<>(notes);
        if (log) {
            caption.add(0, "log scale");
        }
        StringBuilder svg = new StringBuilder(4096);
        svg.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH)
                .append("\" height=\"").append(HEIGHT).append("\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" role=\"img\" aria-label=\"").append(HtmlText.escape(title))
                .append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
        svg.append("<text class=\"title\" x=\"8\" y=\"16\" font-size=\"13\" font-weight=\"bold\">")
                .append(HtmlText.escape(title)).append("</text>\n");
        legend(svg);
        grid(svg, axes);
        int drawn = 0;
        for (Series s : series) {
            int[] skipped = new int[2];
            drawn += line(svg, axes, s, log, skipped);
            if (skipped[0] > 0) {
                caption.add(s.name() + ": " + skipped[0] + " non-finite value" + (skipped[0] == 1 ? "" : "s")
                        + " not drawn");
            }
            if (skipped[1] > 0) {
                caption.add(s.name() + ": " + skipped[1] + " value" + (skipped[1] == 1 ? "" : "s")
                        + " at or below zero not shown on the log scale");
            }
        }
        if (drawn == 0) {
            svg.append("<text class=\"no-data\" x=\"").append(LEFT + PLOT_WIDTH / 2).append("\" y=\"")
                    .append(TOP + PLOT_HEIGHT / 2).append("\" text-anchor=\"middle\" fill=\"#999\">no finite values to draw</text>\n");
        }
        for (Marker m : markers) {
            marker(svg, axes, m);
        }
        for (Dot d : dots) {
            if (drawable(d.x(), d.y(), log)) {
                svg.append("<circle class=\"dot ").append(d.cssClass()).append("\" cx=\"").append(coord(axes.px(d.x())))
                        .append("\" cy=\"").append(coord(axes.py(d.y()))).append("\" r=\"4.5\" fill=\"none\" stroke=\"")
                        .append(d.colour()).append("\" stroke-width=\"2\"><title>").append(HtmlText.escape(d.label()))
                        .append("</title></circle>\n");
            }
        }
        // drawn last so curves never cut it: a screenshot test finds the plot areas by this frame
        svg.append("<rect class=\"frame\" x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"")
                .append(PLOT_WIDTH).append("\" height=\"").append(PLOT_HEIGHT).append("\" fill=\"none\" stroke=\"")
                .append(FRAME_COLOUR).append("\" shape-rendering=\"crispEdges\"/>\n");
        svg.append("</svg>");

        StringBuilder figure = new StringBuilder(svg.length() + 256);
        figure.append("<figure class=\"chart\">\n").append(svg);
        if (!caption.isEmpty()) {
            figure.append("\n<figcaption>").append(HtmlText.escape(String.join("; ", caption))).append("</figcaption>");
        }
        figure.append("\n</figure>\n");
        return figure.toString();
    }

    private void legend(StringBuilder svg) {
        double x = LEFT;
        for (Series s : series) {
            svg.append("<line class=\"legend ").append(s.cssClass()).append("\" x1=\"").append(coord(x)).append("\" y1=\"28\" x2=\"")
                    .append(coord(x + 18)).append("\" y2=\"28\" stroke=\"").append(s.colour()).append("\" stroke-width=\"2\"")
                    .append(s.dashed() ? " stroke-dasharray=\"6 3\"" : "").append("/>");
            svg.append("<text x=\"").append(coord(x + 22)).append("\" y=\"32\">").append(HtmlText.escape(s.name()))
                    .append("</text>\n");
            // about 6 px per character at 11 px sans-serif: enough to keep entries apart without measuring text
            x += 22 + 6.0 * s.name().length() + 14;
        }
    }

    private void grid(StringBuilder svg, Axes axes) {
        int bottom = TOP + PLOT_HEIGHT;
        for (double v : axes.x().values()) {
            String px = coord(axes.px(v));
            svg.append("<line class=\"grid\" x1=\"").append(px).append("\" y1=\"").append(TOP).append("\" x2=\"").append(px)
                    .append("\" y2=\"").append(bottom).append("\" stroke=\"").append(GRID_COLOUR)
                    .append("\" shape-rendering=\"crispEdges\"/>");
            svg.append("<text class=\"tick\" x=\"").append(px).append("\" y=\"").append(bottom + 15)
                    .append("\" text-anchor=\"middle\">").append(HtmlText.number(v)).append("</text>\n");
        }
        for (double v : axes.y().values()) {
            String py = coord(axes.py(v));
            svg.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" y1=\"").append(py).append("\" x2=\"")
                    .append(LEFT + PLOT_WIDTH).append("\" y2=\"").append(py).append("\" stroke=\"").append(GRID_COLOUR)
                    .append("\" shape-rendering=\"crispEdges\"/>");
            svg.append("<text class=\"tick\" x=\"").append(LEFT - 6).append("\" y=\"").append(coord(axes.py(v) + 4))
                    .append("\" text-anchor=\"end\">").append(HtmlText.number(v)).append("</text>\n");
        }
        svg.append("<text class=\"axis-label\" x=\"").append(LEFT + PLOT_WIDTH / 2).append("\" y=\"").append(HEIGHT - 6)
                .append("\" text-anchor=\"middle\">").append(HtmlText.escape(xLabel)).append("</text>\n");
        int midY = TOP + PLOT_HEIGHT / 2;
        svg.append("<text class=\"axis-label\" x=\"14\" y=\"").append(midY).append("\" text-anchor=\"middle\" transform=\"rotate(-90 14 ")
                .append(midY).append(")\">").append(HtmlText.escape(yLabel)).append("</text>\n");
    }

    /**
     * Draws one series as polylines broken where values were left out, a lone point as a dot;
     * returns the number of points drawn and counts into {@code skipped} the non-finite
     * values [0] and the non-positive ones a log axis cannot show [1].
     */
    private static int line(StringBuilder svg, Axes axes, Series s, boolean log, int[] skipped) {
        int n = s.xs.length;
        double[] xs = new double[n];
        double[] ys = new double[n];
        // leftOut[i]: values left out among the first i of the series; a change between two kept points is a gap
        int[] leftOut = new int[n + 1];
        int[] original = new int[n];
        int m = 0;
        for (int i = 0; i < n; i++) {
            boolean ok = drawable(s.xs[i], s.ys[i], log);
            if (ok) {
                xs[m] = s.xs[i];
                ys[m] = s.ys[i];
                original[m++] = i;
            } else if (!Double.isFinite(s.xs[i]) || !Double.isFinite(s.ys[i])) {
                skipped[0]++;
            } else {
                skipped[1]++;
            }
            leftOut[i + 1] = leftOut[i] + (ok ? 0 : 1);
        }
        int[] kept = Downsampler.minMax(java.util.Arrays.copyOf(ys, m), MAX_POINTS);
        int runStart = 0;
        for (int k = 1; k <= kept.length; k++) {
            boolean gap = k == kept.length || leftOut[original[kept[k]]] != leftOut[original[kept[k - 1]]];
            if (gap) {
                run(svg, axes, s, xs, ys, kept, runStart, k);
                runStart = k;
            }
        }
        return kept.length;
    }

    /** Points kept[from..to) as one polyline, or a dot when it is a single point. */
    private static void run(StringBuilder svg, Axes axes, Series s, double[] xs, double[] ys, int[] kept, int from, int to) {
        String title = "<title>" + HtmlText.escape(s.name()) + "</title>";
        if (to - from == 1) {
            int i = kept[from];
            svg.append("<circle class=\"series ").append(s.cssClass()).append("\" cx=\"").append(coord(axes.px(xs[i])))
                    .append("\" cy=\"").append(coord(axes.py(ys[i]))).append("\" r=\"2.5\" fill=\"").append(s.colour())
                    .append("\">").append(title).append("</circle>\n");
            return;
        }
        svg.append("<polyline class=\"series ").append(s.cssClass()).append("\" fill=\"none\" stroke=\"").append(s.colour())
                .append("\" stroke-width=\"2\" stroke-linejoin=\"round\"")
                .append(s.dashed() ? " stroke-dasharray=\"6 3\"" : "").append(" points=\"");
        for (int k = from; k < to; k++) {
            int i = kept[k];
            if (k > from) {
                svg.append(' ');
            }
            svg.append(coord(axes.px(xs[i]))).append(',').append(coord(axes.py(ys[i])));
        }
        svg.append("\">").append(title).append("</polyline>\n");
    }

    private static void marker(StringBuilder svg, Axes axes, Marker m) {
        if (!Double.isFinite(m.x())) {
            return;
        }
        double px = axes.px(m.x());
        svg.append("<line class=\"marker ").append(m.cssClass()).append("\" x1=\"").append(coord(px)).append("\" y1=\"")
                .append(TOP).append("\" x2=\"").append(coord(px)).append("\" y2=\"").append(TOP + PLOT_HEIGHT)
                .append("\" stroke=\"").append(m.colour()).append("\" stroke-width=\"1.5\" stroke-dasharray=\"4 3\"/>");
        // a label past the middle goes left of its line, so it stays inside the plot
        boolean leftOfLine = px > LEFT + PLOT_WIDTH / 2.0;
        svg.append("<text class=\"marker-label\" x=\"").append(coord(leftOfLine ? px - 4 : px + 4)).append("\" y=\"")
                .append(TOP + 12).append("\" text-anchor=\"").append(leftOfLine ? "end" : "start").append("\" fill=\"")
                .append(m.colour()).append("\">").append(HtmlText.escape(m.label())).append("</text>\n");
    }

    /** A pixel coordinate to a tenth of a pixel, without a trailing ".0". */
    static String coord(double v) {
        String s = String.format(Locale.ROOT, "%.1f", v);
        if (s.endsWith(".0")) {
            s = s.substring(0, s.length() - 2);
        }
        return s.equals("-0") ? "0" : s;
    }
}
