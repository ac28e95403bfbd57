package io.sparkgrad.spark.report;

import java.util.Locale;

/**
 * A confusion matrix as a heat-mapped HTML table: rows are the true class, columns the
 * predicted one; each cell shows its count and its share of the row, and is shaded by that
 * share, so a good classifier reads as a dark diagonal whatever the class sizes.
 */
final class ConfusionTable {
    /** The shade of a share of 1: ColorBrewer's darkest "Blues" that keeps white text readable. */
    private static final int[] DARKEST = {0x08, 0x51, 0x9c};
    /** Above this share the cell is dark enough to need white text. */
    private static final double WHITE_TEXT_FROM = 0.55;

    private ConfusionTable() {}

    static void render(StringBuilder html, ConfusionMatrix m) {
        int k = m.size();
        html.append("<section id=\"confusion\">\n<h2>Confusion matrix</h2>\n")
                .append("<p class=\"note\">Rows: true class; columns: predicted class. Each cell: rows counted and their ")
                .append("share of the true class (the diagonal is each class' recall). ").append(m.total())
                .append(" rows.</p>\n<div class=\"scroll\">\n<table class=\"confusion\">\n<thead><tr>")
                .append("<th class=\"name\">true \\ predicted</th>");
        for (String label : m.labels()) {
            html.append("<th>").append(HtmlText.escape(label)).append("</th>");
        }
        html.append("<th>total</th></tr></thead>\n<tbody>\n");
        for (int t = 0; t < k; t++) {
            String trueLabel = HtmlText.escape(m.labels().get(t));
            html.append("<tr><th class=\"name\">").append(trueLabel).append("</th>");
            for (int p = 0; p < k; p++) {
                double share = m.share(t, p);
                double shade = Double.isNaN(share) ? 0 : share;
                html.append("<td class=\"cell\" style=\"background:").append(heat(shade)).append(";color:")
                        .append(shade > WHITE_TEXT_FROM ? "#fff" : "#222").append("\" title=\"true ").append(trueLabel)
                        .append(", predicted ").append(HtmlText.escape(m.labels().get(p))).append(": ").append(m.count(t, p))
                        .append(" of ").append(m.rowTotal(t)).append("\"><span class=\"count\">").append(m.count(t, p))
                        .append("</span><span class=\"share\">").append(HtmlText.percent(share)).append("</span></td>");
            }
            html.append("<td class=\"total\">").append(m.rowTotal(t)).append("</td></tr>\n");
        }
        html.append("</tbody>\n</table>\n</div>\n</section>\n");
    }

    /** White at share 0 to {@link #DARKEST} at share 1, linearly per channel: {@code "#rrggbb"}. */
    static String heat(double share) {
        double s = Math.min(1, Math.max(0, share));
        int r = (int) Math.round(255 + (DARKEST[0] - 255) * s);
        int g = (int) Math.round(255 + (DARKEST[1] - 255) * s);
        int b = (int) Math.round(255 + (DARKEST[2] - 255) * s);
        return String.format(Locale.ROOT, "#%02x%02x%02x", r, g, b);
    }
}
