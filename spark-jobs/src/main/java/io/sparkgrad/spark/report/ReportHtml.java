package io.sparkgrad.spark.report;

import io.sparkgrad.spark.state.IterationMetrics;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.ToDoubleFunction;

/**
 * Renders a {@link RunReport} as {@code report.html}: one self-contained page (inline CSS and
 * SVG; no script, no network, no fonts or images to fetch) that opens in any browser.
 *
 * <p>Series colours and classes are fixed, so a reader (and a test) can tell the curves apart:
 * training loss {@value #LOSS_COLOUR} ({@code class="series loss"}), objective
 * {@value #OBJECTIVE_COLOUR} dashed ({@code series objective}, drawn only where it differs from
 * the loss), validation metrics {@value #VALIDATION_COLOUR} ({@code series validation}), learning
 * rate {@value #LR_COLOUR} ({@code series lr}), gradient norm {@value #GRADIENT_NORM_COLOUR}
 * ({@code series gradient-norm}).
 */
public final class ReportHtml {
    public static final String LOSS_COLOUR = "#1f77b4";
    public static final String OBJECTIVE_COLOUR = "#ff7f0e";
    public static final String VALIDATION_COLOUR = "#2ca02c";
    public static final String LR_COLOUR = "#9467bd";
    public static final String GRADIENT_NORM_COLOUR = "#d62728";
    static final String EARLY_STOP_COLOUR = "#555555";
    static final String RESUME_COLOUR = "#8c564b";
    /** Configuration characters shown at most: a generated config of megabytes would bury the page. */
    static final int MAX_CONFIG_CHARS = 100_000;

    private static final String CSS = """
            body { margin: 0; background: #fff; color: #222;
                   font: 14px/1.45 system-ui, "Segoe UI", Roboto, "DejaVu Sans", "Liberation Sans", sans-serif; }
            main { max-width: 1184px; margin: 0 auto; padding: 8px 8px 32px; }
            h1 { font-size: 22px; margin: 12px 0 2px; overflow-wrap: anywhere; }
            h2 { font-size: 17px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 1px solid #ddd; }
            .subtitle { color: #555; margin: 0 0 12px; overflow-wrap: anywhere; }
            dl.essentials { display: grid; grid-template-columns: repeat(auto-fill, minmax(270px, 1fr));
                            gap: 8px 24px; margin: 0; }
            dl.essentials dt { color: #666; font-size: 12px; }
            dl.essentials dd { margin: 0; font-weight: 600; overflow-wrap: anywhere; }
            .charts { display: flex; flex-wrap: wrap; gap: 16px; }
            figure.chart { margin: 0; }
            figure.chart svg { display: block; max-width: 100%; height: auto; }
            figure.chart text { fill: #333; }
            figcaption { font-size: 12px; color: #666; max-width: 580px; }
            .scroll { overflow-x: auto; }
            table { border-collapse: collapse; font-variant-numeric: tabular-nums; }
            th, td { padding: 4px 10px; border: 1px solid #ddd; text-align: right; }
            th { background: #f5f5f5; font-weight: 600; }
            .name { text-align: left; }
            table.confusion td.cell { min-width: 64px; text-align: center; }
            table.confusion .count { display: block; font-weight: 600; }
            table.confusion .share { display: block; font-size: 11px; }
            td.bar { width: 240px; text-align: left; }
            td.bar span { display: inline-block; height: 10px; background: #8fa9c7; }
            pre.config { max-height: 36em; overflow: auto; margin: 0; padding: 8px 10px; background: #f7f7f7;
                         border: 1px solid #ddd; font: 12px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; }
            .empty, .note { color: #666; }
            footer { margin-top: 32px; color: #888; font-size: 12px; }
            """;

    private ReportHtml() {}

    /** The whole page, UTF-8 text to write as {@code report.html}. */
    public static String render(RunReport r) {
        StringBuilder html = new StringBuilder(64 * 1024);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(HtmlText.escape(r.title())).append(" — sparkgrad report</title>\n")
                .append("<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<main>\n");
        header(html, r);
        training(html, r);
        if (!r.validation().isEmpty()) {
            validation(html, r);
        }
        finalMetrics(html, r);
        if (r.confusion() != null) {
            ConfusionTable.render(html, r.confusion());
        }
        timings(html, r);
        config(html, r);
        html.append("<footer>Written by sparkgrad. This page is self-contained: it loads nothing from the network.</footer>\n")
                .append("</main>\n</body>\n</html>\n");
        return html.toString();
    }

    private static void header(StringBuilder html, RunReport r) {
        html.append("<header>\n<h1>").append(HtmlText.escape(r.title())).append("</h1>\n<p class=\"subtitle\">")
                .append(HtmlText.escape(r.modelSummary().isBlank() ? r.modelType() : r.modelSummary())).append(" — ")
                .append(HtmlText.escape(r.task().configName())).append("</p>\n<dl class=\"essentials\">\n");
        fact(html, "Iterations", Integer.toString(r.iterationsTotal()));
        if (r.resumed() != null) {
            fact(html, "Resumed after iteration " + r.resumed().afterIteration(), r.resumed().from());
        }
        if (r.earlyStopping() != null) {
            fact(html, "Early stopping", "best iteration " + r.earlyStopping().bestIteration() + " by "
                    + r.earlyStopping().metric());
        }
        if (!r.iterations().isEmpty()) {
            IterationMetrics last = r.iterations().get(r.iterations().size() - 1);
            fact(html, "Final training loss", HtmlText.number(last.loss()) + " (iteration " + last.iteration() + ")");
        }
        // the held-out metrics are the ones that say how good the model is; the training ones when nothing was held out
        for (String split : List.of("validation", "train")) {
            Map<String, Double> headline = r.finalMetrics().getOrDefault(split, Map.of());
            if (!headline.isEmpty()) {
                List<String> parts = new ArrayList<>();
                headline.forEach((k, v) -> parts.add(k + " " + HtmlText.number(v)));
                fact(html, "Final " + split + " metrics", String.join(" · ", parts));
                break;
            }
        }
        fact(html, "Rows", "train " + r.trainRows() + " · validation " + r.validationRows() + " · dropped " + r.droppedRows());
        fact(html, "Features", Integer.toString(r.features()));
        fact(html, "Total time", HtmlText.seconds(r.totalSeconds()));
        html.append("</dl>\n</header>\n");
    }

    private static void fact(StringBuilder html, String name, String value) {
        html.append("<div><dt>").append(HtmlText.escape(name)).append("</dt><dd>").append(HtmlText.escape(value))
                .append("</dd></div>\n");
    }

    private static double[] column(List<IterationMetrics> it, ToDoubleFunction<IterationMetrics> f) {
        return it.stream().mapToDouble(f).toArray();
    }

    /** Loss (and objective), learning rate and gradient norm against iteration. */
    private static void training(StringBuilder html, RunReport r) {
        html.append("<section id=\"training\">\n<h2>Training</h2>\n");
        List<IterationMetrics> it = r.iterations();
        if (it.isEmpty()) {
            html.append("<p class=\"empty\">No iterations were recorded.</p>\n</section>\n");
            return;
        }
        double[] x = column(it, IterationMetrics::iteration);
        double[] loss = column(it, IterationMetrics::loss);
        double[] objective = column(it, IterationMetrics::objective);
        SvgChart lossChart = SvgChart.of("Training loss", "iteration", "loss");
        // without a penalty the objective is the loss itself: a second line on top would hide the first
        boolean penalised = false;
        for (int i = 0; i < loss.length; i++) {
            penalised |= Double.compare(loss[i], objective[i]) != 0;
        }
        if (penalised) {
            lossChart = lossChart.withSeries(new SvgChart.Series("objective (loss + penalty)", "objective", OBJECTIVE_COLOUR,
                    true, x, objective));
        } else {
            lossChart = lossChart.withNote("the objective equals the loss (no penalty)");
        }
        lossChart = lossChart.withSeries(new SvgChart.Series("training loss", "loss", LOSS_COLOUR, false, x, loss));
        html.append("<div class=\"charts\">\n")
                .append(marked(lossChart, r, x).render())
                .append(marked(SvgChart.of("Learning rate", "iteration", "lr")
                        .withSeries(new SvgChart.Series("learning rate", "lr", LR_COLOUR, false, x,
                                column(it, IterationMetrics::lr))), r, x).render())
                .append(marked(SvgChart.of("Gradient norm", "iteration", "‖gradient‖")
                        .withScale(SvgChart.Scale.AUTO)
                        .withSeries(new SvgChart.Series("gradient norm", "gradient-norm", GRADIENT_NORM_COLOUR, false, x,
                                column(it, IterationMetrics::gradientNorm))), r, x).render())
                .append("</div>\n</section>\n");
    }

    /** Adds the early-stopping and resume markers and the run's iteration range. */
    private static SvgChart marked(SvgChart chart, RunReport r, double[] iterations) {
        SvgChart c = chart;
        if (iterations.length > 0) {
            c = c.withXRange(iterations[0], iterations[iterations.length - 1]);
        }
        if (r.resumed() != null) {
            c = c.withMarker(new SvgChart.Marker(r.resumed().afterIteration(), "resumed", "resume", RESUME_COLOUR));
        }
        if (r.earlyStopping() != null) {
            c = c.withMarker(new SvgChart.Marker(r.earlyStopping().bestIteration(), "best " + r.earlyStopping().bestIteration(),
                    "early-stop", EARLY_STOP_COLOUR));
        }
        return c;
    }

    /** One chart per validation metric, each on its own scale, the best iteration marked on all. */
    private static void validation(StringBuilder html, RunReport r) {
        html.append("<section id=\"validation\">\n<h2>Validation during training</h2>\n<div class=\"charts\">\n");
        double[] runIterations = column(r.iterations(), IterationMetrics::iteration);
        for (String metric : r.validationMetricNames()) {
            List<RunReport.ValidationPoint> points = r.validation().stream()
                    .filter(p -> p.metrics().containsKey(metric)).toList();
            double[] x = points.stream().mapToDouble(RunReport.ValidationPoint::iteration).toArray();
            double[] y = points.stream().mapToDouble(p -> p.metrics().get(metric)).toArray();
            SvgChart chart = SvgChart.of("Validation " + metric, "iteration", metric)
                    .withSeries(new SvgChart.Series("validation " + metric, "validation", VALIDATION_COLOUR, false, x, y));
            RunReport.EarlyStop stop = r.earlyStopping();
            if (stop != null && stop.metric().equals(metric)) {
                for (RunReport.ValidationPoint p : points) {
                    if (p.iteration() == stop.bestIteration()) {
                        chart = chart.withDot(new SvgChart.Dot(p.iteration(), p.metrics().get(metric), "best " + metric + " "
                                + HtmlText.number(p.metrics().get(metric)) + " at iteration " + p.iteration(), "best",
                                EARLY_STOP_COLOUR));
                    }
                }
                chart = chart.withNote("early stopping monitors " + metric);
            }
            html.append(marked(chart, r, runIterations).render());
        }
        html.append("</div>\n</section>\n");
    }

    /** Metric × split, the metrics in the order they first appear. */
    private static void finalMetrics(StringBuilder html, RunReport r) {
        html.append("<section id=\"metrics\">\n<h2>Final metrics</h2>\n");
        Map<String, Map<String, Double>> splits = r.finalMetrics();
        Set<String> names = new LinkedHashSet<>();
        splits.values().forEach(m -> names.addAll(m.keySet()));
        if (names.isEmpty()) {
            html.append("<p class=\"empty\">No final metrics were recorded.</p>\n</section>\n");
            return;
        }
        if (r.earlyStopping() != null) {
            html.append("<p class=\"note\">Of the saved model: the parameters of iteration ")
                    .append(r.earlyStopping().bestIteration()).append(", which early stopping restored.</p>\n");
        }
        html.append("<table class=\"metrics\">\n<thead><tr><th class=\"name\">metric</th>");
        for (String split : splits.keySet()) {
            html.append("<th>").append(HtmlText.escape(split)).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        for (String name : names) {
            html.append("<tr><th class=\"name\">").append(HtmlText.escape(name)).append("</th>");
            for (Map<String, Double> m : splits.values()) {
                Double v = m.get(name);
                html.append("<td>").append(v == null ? "–" : HtmlText.number(v)).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n</section>\n");
    }

    /** Seconds per phase with its share of the total as a bar. */
    private static void timings(StringBuilder html, RunReport r) {
        html.append("<section id=\"timings\">\n<h2>Timings</h2>\n");
        if (r.timings().isEmpty() && !Double.isFinite(r.totalSeconds())) {
            html.append("<p class=\"empty\">No timings were recorded.</p>\n</section>\n");
            return;
        }
        double total = r.totalSeconds();
        html.append("<table class=\"timings\">\n<thead><tr><th class=\"name\">phase</th><th>seconds</th><th>share</th>")
                .append("<th class=\"name\"></th></tr></thead>\n<tbody>\n");
        r.timings().forEach((phase, s) -> {
            double share = total > 0 && Double.isFinite(s) ? Math.min(1, Math.max(0, s / total)) : Double.NaN;
            html.append("<tr><th class=\"name\">").append(HtmlText.escape(phase)).append("</th><td>")
                    .append(HtmlText.seconds(s)).append("</td><td>").append(HtmlText.percent(share))
                    .append("</td><td class=\"bar\">");
            if (Double.isFinite(share)) {
                html.append("<span style=\"width:").append(SvgChart.coord(share * 100)).append("%\"></span>");
            }
            html.append("</td></tr>\n");
        });
        html.append("<tr class=\"total\"><th class=\"name\">total</th><td>").append(HtmlText.seconds(total))
                .append("</td><td></td><td></td></tr>\n</tbody>\n</table>\n</section>\n");
    }

    /** The configuration verbatim (escaped), cut at {@link #MAX_CONFIG_CHARS}. */
    private static void config(StringBuilder html, RunReport r) {
        html.append("<section id=\"configuration\">\n<h2>Configuration</h2>\n");
        String text = r.config();
        if (text.isEmpty()) {
            html.append("<p class=\"empty\">No configuration was recorded.</p>\n</section>\n");
            return;
        }
        boolean cut = text.length() > MAX_CONFIG_CHARS;
        // never cut a surrogate pair in two: half a character would be written as '?'
        int end = cut && Character.isHighSurrogate(text.charAt(MAX_CONFIG_CHARS - 1)) ? MAX_CONFIG_CHARS - 1 : MAX_CONFIG_CHARS;
        String shown = cut ? text.substring(0, end) : text;
        html.append("<pre class=\"config\">").append(HtmlText.escape(shown)).append("</pre>\n");
        if (cut) {
            html.append("<p class=\"note\">The first ").append(shown.length()).append(" of ").append(text.length())
                    .append(" characters are shown.</p>\n");
        }
        html.append("</section>\n");
    }
}
