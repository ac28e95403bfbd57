package io.sparkgrad.spark.report;

import static io.sparkgrad.spark.report.SampleReports.ordered;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.spark.model.ModelSpec;
import io.sparkgrad.spark.model.Task;
import io.sparkgrad.spark.state.IterationMetrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class ReportHtmlTest {
    private static final ModelSpec BINARY = new ModelSpec("logistic", 2, List.of(), "relu", Task.BINARY, null, Map.of());

    private static RunReport withIterations(List<IterationMetrics> it) {
        return RunReport.builder().model(BINARY).iterations(it).build();
    }

    @Test
    void theLossCurveIsAPolylineOfEveryIterationInTheDocumentedColour() {
        String html = ReportHtml.render(SampleReports.classifier());
        List<double[][]> loss = Svg.polylines(html, "loss");
        assertEquals(1, loss.size());
        double[][] p = loss.get(0);
        assertEquals(300, p.length);
        assertEquals(80 + 1.0 / 300 * 480, p[0][0], 0.05, "iteration 1 on a 0..300 axis");
        assertEquals(560, p[299][0], 0.05, "iteration 300 at the right edge");
        for (int i = 1; i < p.length; i++) {
            // at a tenth of a pixel the flat tail repeats a y, but never climbs
            assertTrue(p[i][1] >= p[i - 1][1], "a falling loss goes down the page at point " + i);
        }
        assertTrue(p[299][1] - p[0][1] > 150, "from near the top to near the bottom");
        // loss(1) = 0.1 + e^(-1/60) on an axis 0..1.2
        assertEquals(240 - (0.1 + Math.exp(-1 / 60.0)) / 1.2 * 200, p[0][1], 0.05);
        assertTrue(html.contains("<polyline class=\"series loss\" fill=\"none\" stroke=\"" + ReportHtml.LOSS_COLOUR + "\""));
        assertEquals("#1f77b4", ReportHtml.LOSS_COLOUR);
    }

    @Test
    void aClassifierShowsValidationCurvesWithTheBestIterationMarked() {
        String html = ReportHtml.render(SampleReports.classifier());
        assertTrue(html.contains("<section id=\"validation\">"));
        List<double[][]> validation = Svg.polylines(html, "validation");
        assertEquals(2, validation.size(), "logLoss and accuracy, each in its own chart");
        assertEquals(30, validation.get(0).length, "validated every 10 of 300 iterations");
        assertTrue(html.contains(">Validation logLoss</text>") && html.contains(">Validation accuracy</text>"));
        assertEquals(5, Svg.count(html, "<line class=\"marker early-stop\""), "on the 3 training and 2 validation charts");
        // iteration 240 on the shared 0..300 axis: 80 + 0.8 × 480
        assertEquals(5, Svg.count(html, "<line class=\"marker early-stop\" x1=\"464\""));
        assertEquals(1, Svg.count(html, "<circle class=\"dot best\" cx=\"464\""), "the best logLoss ringed");
        assertTrue(html.contains("best iteration 240 by logLoss"));
    }

    @Test
    void anEmptyValidationSeriesRendersNoValidationChart() {
        String html = ReportHtml.render(SampleReports.regression());
        assertFalse(html.contains("id=\"validation\""));
        assertFalse(html.contains("series validation"));
        assertEquals(3, Svg.count(html, "<svg "), "loss, learning rate and gradient norm only");
    }

    @Test
    void theObjectiveIsDrawnDashedOnlyWhereItDiffersFromTheLoss() {
        String penalised = ReportHtml.render(SampleReports.classifier());
        assertEquals(1, Svg.polylines(penalised, "objective").size());
        assertTrue(penalised.contains("stroke=\"" + ReportHtml.OBJECTIVE_COLOUR + "\" stroke-width=\"2\" stroke-linejoin=\"round\" "
                + "stroke-dasharray=\"6 3\""));
        List<IterationMetrics> same = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            same.add(new IterationMetrics(i, 1.0 / i, 1.0 / i, 0.1, 0.01, 10, 0.1));
        }
        String plain = ReportHtml.render(withIterations(same));
        assertEquals(0, Svg.polylines(plain, "objective").size());
        assertTrue(plain.contains("the objective equals the loss (no penalty)"));
    }

    @Test
    void theGradientNormOfALongDecayIsOnALogAxis() {
        String html = ReportHtml.render(SampleReports.classifier());
        int chart = html.indexOf(">Gradient norm</text>");
        int end = html.indexOf("</figure>", chart);
        assertTrue(chart > 0);
        assertTrue(html.substring(chart, end).contains("<figcaption>log scale</figcaption>"), "5·e^(-i/25): 5 decades");
        assertEquals(1, Svg.polylines(html, "gradient-norm").size());
        assertEquals(1, Svg.polylines(html, "lr").size());
    }

    @Test
    void confusionCellsShowCountsRowSharesAndHeat() {
        String html = ReportHtml.render(SampleReports.classifier());
        Matcher m = Pattern.compile("<td class=\"cell\" style=\"background:(#[0-9a-f]{6});color:(#[0-9a-f]+)\" title=\"true ([^,]+), "
                + "predicted ([^:]+): (\\d+) of (\\d+)\"><span class=\"count\">(\\d+)</span><span class=\"share\">([^<]+)</span></td>")
                .matcher(html);
        List<String[]> cells = new ArrayList<>();
        while (m.find()) {
            cells.add(new String[] {m.group(1), m.group(2), m.group(3), m.group(4), m.group(7), m.group(8), m.group(6)});
        }
        assertEquals(9, cells.size());
        assertEquals(List.of("#08519c", "#fff", "setosa", "setosa", "15", "100.0%", "15"), List.of(cells.get(0)));
        assertEquals(List.of("#ffffff", "#222", "setosa", "versicolor", "0", "0.0%", "15"), List.of(cells.get(1)));
        // 13/15 = 0.8667 → 255 − 247 × 0.8667 = 40.9, 255 − 174 × 0.8667 = 104.2, 255 − 99 × 0.8667 = 169.2
        assertEquals(List.of("#2968a9", "#fff", "versicolor", "versicolor", "13", "86.7%", "15"), List.of(cells.get(4)));
        // 2/15 = 0.1333 → 222.1, 231.8, 241.8: light, so dark text
        assertEquals(List.of("#dee8f2", "#222", "versicolor", "virginica", "2", "13.3%", "15"), List.of(cells.get(5)));
        assertTrue(html.contains("<td class=\"total\">15</td>"));
        assertTrue(html.contains(" 45 rows."));
    }

    @Test
    void aClassWithoutRowsShowsNoShares() {
        RunReport r = RunReport.builder().model(BINARY).confusion(List.of("no", "yes"), new long[][] {{3, 1}, {0, 0}}).build();
        String html = ReportHtml.render(r);
        assertTrue(html.contains("predicted yes: 0 of 0\"><span class=\"count\">0</span><span class=\"share\">–</span>"), html);
        assertTrue(html.contains("style=\"background:#ffffff;color:#222\" title=\"true yes, predicted no"));
    }

    @Test
    void aRegressionReportHasNoConfusionMatrix() {
        String html = ReportHtml.render(SampleReports.regression());
        assertFalse(html.contains("id=\"confusion\""));
        assertFalse(html.contains("class=\"confusion\""));
        assertTrue(html.contains("<tr><th class=\"name\">r2</th><td>0.81</td><td>0.79</td></tr>"));
    }

    @Test
    void finalMetricsAreAMetricBySplitTable() {
        String html = ReportHtml.render(SampleReports.classifier());
        assertTrue(html.contains("<thead><tr><th class=\"name\">metric</th><th>train</th><th>validation</th></tr></thead>"));
        assertTrue(html.contains("<tr><th class=\"name\">accuracy</th><td>0.975</td><td>0.9556</td></tr>"));
        assertTrue(html.contains("<tr><th class=\"name\">logLoss</th><td>0.0921</td><td>0.1234</td></tr>"));
        assertTrue(html.contains("<dt>Final validation metrics</dt><dd>accuracy 0.9556 · logLoss 0.1234</dd>"));
        assertTrue(html.contains("the parameters of iteration 240, which early stopping restored"));
    }

    @Test
    void timingsShowSecondsAndTheirShareOfTheTotal() {
        String html = ReportHtml.render(SampleReports.classifier());
        assertTrue(html.contains("<tr><th class=\"name\">read</th><td>1.5 s</td><td>15.0%</td><td class=\"bar\">"
                + "<span style=\"width:15%\"></span></td></tr>"), html);
        assertTrue(html.contains("<tr><th class=\"name\">train</th><td>6 s</td><td>60.0%</td>"));
        assertTrue(html.contains("<tr class=\"total\"><th class=\"name\">total</th><td>10 s</td>"));
        assertTrue(ReportHtml.render(SampleReports.regression()).contains("<td>3 s</td><td>66.7%</td>"));
    }

    @Test
    void theHeaderSaysWhatRanOnWhatAndWhereItResumed() {
        String html = ReportHtml.render(SampleReports.regression());
        assertTrue(html.contains("<h1>housing</h1>"));
        assertTrue(html.contains("<p class=\"subtitle\">linear — regression</p>"));
        assertTrue(html.contains("<dt>Rows</dt><dd>train 800 · validation 200 · dropped 3</dd>"));
        assertTrue(html.contains("<dt>Features</dt><dd>8</dd>"));
        assertTrue(html.contains("<dt>Resumed after iteration 20</dt><dd>out/housing/checkpoints/iter-20</dd>"));
        assertTrue(html.contains("<dt>Total time</dt><dd>4.5 s</dd>"));
        assertEquals(3, Svg.count(html, "<line class=\"marker resume\""), "the resume marked on each training chart");
    }

    @Test
    void configurationAndTitleAreEscapedSoTheyCannotBreakThePage() {
        String hostile = "a = \"</pre><script>alert('x')</script>\"\nb = 1 & 2 < 3 > 0\n";
        RunReport r = RunReport.builder().title("run <b>\"1\"</b> & co").model(BINARY).config(hostile).build();
        String html = ReportHtml.render(r);
        assertTrue(html.contains("<pre class=\"config\">a = &quot;&lt;/pre&gt;&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;\n"
                + "b = 1 &amp; 2 &lt; 3 &gt; 0\n</pre>"), html);
        assertFalse(html.contains("<script"), "no script, neither injected nor our own");
        assertEquals(1, Svg.count(html, "</pre>"));
        assertTrue(html.contains("<h1>run &lt;b&gt;&quot;1&quot;&lt;/b&gt; &amp; co</h1>"));
        assertTrue(html.contains("<title>run &lt;b&gt;&quot;1&quot;&lt;/b&gt; &amp; co — sparkgrad report</title>"));
        assertFalse(html.contains("<b>"));
    }

    @Test
    void theSampleConfigIsShownVerbatimEscaped() {
        String html = ReportHtml.render(SampleReports.classifier());
        assertTrue(html.contains("# a comment with &lt;tags&gt; &amp; &quot;quotes&quot; and &#39;apostrophes&#39;\n"));
        assertTrue(html.contains("<h1>iris &lt;softmax&gt; &amp; friends</h1>"));
    }

    @Test
    void aVeryLongConfigIsCutWithANoteAndLongLinesAreKept() {
        String longLine = "k = " + "v".repeat(5000) + "\n";
        String config = longLine + "x".repeat(ReportHtml.MAX_CONFIG_CHARS) + "TAIL_NOT_SHOWN";
        String html = ReportHtml.render(RunReport.builder().model(BINARY).config(config).build());
        assertTrue(html.contains(longLine), "a long line is not wrapped or cut");
        assertFalse(html.contains("TAIL_NOT_SHOWN"));
        assertTrue(html.contains("The first " + ReportHtml.MAX_CONFIG_CHARS + " of " + config.length() + " characters are shown."));
        assertTrue(html.length() < ReportHtml.MAX_CONFIG_CHARS + 20_000, "length " + html.length());
    }

    @Test
    void thePageIsSelfContained() {
        String html = ReportHtml.render(SampleReports.classifier());
        assertTrue(html.startsWith("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">"));
        assertEquals(Svg.count(html, "<svg "), Svg.count(html, "http"), "the only URL is each SVG's namespace");
        assertEquals(5, Svg.count(html, "xmlns=\"http://www.w3.org/2000/svg\""));
        for (String external : List.of("<script", "<link", "<img", " src=", "url(", "@import", "@font-face", "<iframe")) {
            assertFalse(html.contains(external), external);
        }
        assertTrue(html.trim().endsWith("</html>"));
    }

    @Test
    void noIterationsGiveANoteInsteadOfCharts() {
        String html = ReportHtml.render(withIterations(List.of()));
        assertTrue(html.contains("No iterations were recorded."));
        assertFalse(html.contains("<svg"));
        assertTrue(html.contains("<dt>Iterations</dt><dd>0</dd>"));
        assertTrue(html.contains("No final metrics were recorded.") && html.contains("No timings were recorded.")
                && html.contains("No configuration was recorded."));
    }

    @Test
    void oneIterationIsDrawnAsADot() {
        String html = ReportHtml.render(withIterations(List.of(new IterationMetrics(1, 0.69, 0.69, 0.3, 0.1, 100, 0.5))));
        assertEquals(0, Svg.polylines(html, "loss").size());
        assertEquals(1, Svg.dots(html, "loss").size());
        assertEquals(1, Svg.dots(html, "lr").size());
        assertEquals(1, Svg.dots(html, "gradient-norm").size());
    }

    @Test
    void aDivergedRunDrawsItsFiniteLossesAndCountsTheRest() {
        List<IterationMetrics> it = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            double loss = i <= 15 ? 1.0 / i : Double.NaN;
            it.add(new IterationMetrics(i, loss, loss, i <= 14 ? 1.0 : Double.POSITIVE_INFINITY, 0.1, 10, 0.1));
        }
        String html = ReportHtml.render(withIterations(it));
        double[][] loss = Svg.polylines(html, "loss").get(0);
        assertEquals(15, loss.length);
        for (double[] p : loss) {
            assertTrue(Double.isFinite(p[0]) && Double.isFinite(p[1]));
        }
        assertEquals(560, Svg.polylines(html, "lr").get(0)[19][0], 0.05, "the x axis still reaches iteration 20");
        assertTrue(html.contains("training loss: 5 non-finite values not drawn"));
        assertTrue(html.contains("gradient norm: 6 non-finite values not drawn"));
        assertFalse(Pattern.compile("points=\"[^\"]*(NaN|Infinity)").matcher(html).find());
    }

    @Test
    void aMillionIterationsRenderInBoundedSize() {
        List<IterationMetrics> it = new ArrayList<>();
        for (int i = 1; i <= 1_000_000; i++) {
            it.add(new IterationMetrics(i, 1.0 / Math.sqrt(i), 1.0 / Math.sqrt(i), 1.0 / i, 0.01, 1000, 0.001));
        }
        String html = ReportHtml.render(withIterations(it));
        for (String series : List.of("loss", "lr", "gradient-norm")) {
            double[][] p = Svg.polylines(html, series).get(0);
            assertTrue(p.length <= SvgChart.MAX_POINTS, series + ": " + p.length);
            assertEquals(560, p[p.length - 1][0], 0.05, series + ": the last iteration is drawn");
        }
        assertTrue(html.length() < 300_000, "length " + html.length());
    }
}
