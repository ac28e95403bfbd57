package io.sparkgrad.spark.report;

import static io.sparkgrad.spark.report.SvgChart.LEFT;
import static io.sparkgrad.spark.report.SvgChart.PLOT_HEIGHT;
import static io.sparkgrad.spark.report.SvgChart.PLOT_WIDTH;
import static io.sparkgrad.spark.report.SvgChart.TOP;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SvgChartTest {
    private static final int BOTTOM_Y = TOP + PLOT_HEIGHT;
    private static final int RIGHT_X = LEFT + PLOT_WIDTH;

    private static SvgChart chart(double[] xs, double[] ys) {
        return SvgChart.of("t", "iteration", "loss").withSeries(new SvgChart.Series("loss", "loss", "#1f77b4", false, xs, ys));
    }

    @Test
    void theGeometryIsTheOneTheTestsAndTheBrowserTestAssume() {
        assertEquals(80, LEFT);
        assertEquals(40, TOP);
        assertEquals(480, PLOT_WIDTH);
        assertEquals(200, PLOT_HEIGHT);
    }

    @Test
    void pointsMapToPixelsThroughTheNiceAxes() {
        // axes 0..10 (ticks of 2) and 0..1 (ticks of 0.2): the data spans the plot area exactly
        String svg = chart(new double[] {0, 5, 10}, new double[] {0, 0.5, 1}).render();
        List<double[][]> lines = Svg.polylines(svg, "loss");
        assertEquals(1, lines.size());
        assertArrayEquals(new double[][] {{80, 240}, {320, 140}, {560, 40}}, lines.get(0));
        assertTrue(svg.contains("stroke=\"#1f77b4\""), svg);
    }

    @Test
    void dataInsideNiceBoundsLandsInProportion() {
        // y axis 0.2..0.8 (step 0.1); x axis 1..4 (step 1)
        String svg = chart(new double[] {1, 2, 3, 4}, new double[] {0.71, 0.5, 0.35, 0.23}).render();
        double[][] p = Svg.polylines(svg, "loss").get(0);
        assertArrayEquals(new double[] {80, 240 - 0.51 / 0.6 * 200}, p[0], 0.05);
        assertArrayEquals(new double[] {240, 140}, p[1], 0.05);
        assertArrayEquals(new double[] {400, 190}, p[2], 0.05);
        assertArrayEquals(new double[] {560, 230}, p[3], 0.05);
        SvgChart.Axes axes = chart(new double[] {1, 2, 3, 4}, new double[] {0.71, 0.5, 0.35, 0.23}).axes();
        assertArrayEquals(new double[] {0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8}, axes.y().values());
        assertArrayEquals(new double[] {1, 2, 3, 4}, axes.x().values());
    }

    @Test
    void tickLabelsAndGridLinesSitAtTheTicks() {
        String svg = chart(new double[] {0, 5, 10}, new double[] {0, 0.5, 1}).render();
        assertTrue(svg.contains("text-anchor=\"end\">0.4</text>"), "y tick label 0.4");
        // the 0.4 grid line: 40 + 200 − 0.4 × 200 = 160
        assertTrue(svg.contains("<line class=\"grid\" x1=\"80\" y1=\"160\" x2=\"560\" y2=\"160\""), svg);
        assertTrue(svg.contains("<line class=\"grid\" x1=\"176\" y1=\"40\" x2=\"176\" y2=\"240\""), "x tick 2 at 80 + 480/5");
        assertTrue(svg.contains("<rect class=\"frame\" x=\"80\" y=\"40\" width=\"480\" height=\"200\""), svg);
    }

    @Test
    void valuesSpanningMoreThanTwoDecadesGetALogAxis() {
        SvgChart c = chart(new double[] {0, 1, 2}, new double[] {1e-4, 1e-2, 1}).withScale(SvgChart.Scale.AUTO);
        assertTrue(c.isLog());
        assertArrayEquals(new double[][] {{80, 240}, {320, 140}, {560, 40}}, Svg.polylines(c.render(), "loss").get(0));
        assertTrue(c.render().contains(">0.0001</text>") && c.render().contains(">0.01</text>"), "decade labels");
        assertTrue(c.render().contains("<figcaption>log scale</figcaption>"));

        SvgChart twoDecades = chart(new double[] {0, 1}, new double[] {0.5, 50}).withScale(SvgChart.Scale.AUTO);
        assertFalse(twoDecades.isLog(), "exactly two decades stays linear");
        assertFalse(chart(new double[] {0, 1}, new double[] {1e-3, 1}).isLog(), "LINEAR unless asked");
    }

    @Test
    void zeroAndNegativeValuesAreLeftOffALogAxisAndSaidSo() {
        SvgChart c = chart(new double[] {0, 1, 2, 3, 4}, new double[] {1e-3, 0, 1, 10, -2}).withScale(SvgChart.Scale.AUTO);
        assertTrue(c.isLog(), "the positive values span four decades");
        String svg = c.render();
        // the line breaks at the zero: a lone dot for 1e-3, a line from 1 to 10
        assertEquals(List.of(80.0), Svg.dots(svg, "loss").stream().map(p -> p[0]).toList());
        double[][] line = Svg.polylines(svg, "loss").get(0);
        assertEquals(2, line.length);
        assertArrayEquals(new double[] {320, 240 - 3.0 / 4 * 200}, line[0], 1e-9);
        assertTrue(svg.contains("loss: 2 values at or below zero not shown on the log scale"), svg);
        assertEquals(4, c.axes().x().hi(), "the axis still reaches the last iteration, whose value is not drawn");

        SvgChart zeros = chart(new double[] {0, 1}, new double[] {0, 0}).withScale(SvgChart.Scale.AUTO);
        assertFalse(zeros.isLog(), "all zero: a log axis could show nothing, so linear");
        assertEquals(1, Svg.polylines(zeros.render(), "loss").size());
    }

    @Test
    void nonFiniteValuesAreSkippedAndBreakTheLine() {
        String svg = chart(new double[] {1, 2, 3, 4, 5, 6}, new double[] {4, Double.NaN, 3, 2, Double.POSITIVE_INFINITY, 1})
                .render();
        assertFalse(svg.contains("NaN"), "no NaN reaches the SVG");
        assertFalse(svg.contains("Infinity"));
        List<double[][]> lines = Svg.polylines(svg, "loss");
        assertEquals(1, lines.size(), "3 → 2 is the only run of two or more");
        assertEquals(2, lines.get(0).length);
        assertEquals(2, Svg.dots(svg, "loss").size(), "4 and 1 stand alone");
        assertTrue(svg.contains("loss: 2 non-finite values not drawn"), svg);
        // the y axis is scaled to the finite values 1..4
        assertArrayEquals(new double[] {1, 2, 3, 4}, chart(new double[] {1, 2, 3}, new double[] {4, Double.NaN, 1})
                .axes().y().values());
    }

    @Test
    void aSeriesWithNothingFiniteDrawsAnEmptyFrameThatSaysSo() {
        String svg = chart(new double[] {1, 2}, new double[] {Double.NaN, Double.NaN}).render();
        assertTrue(svg.contains("no finite values to draw"));
        assertEquals(0, Svg.polylines(svg, "loss").size());
        assertTrue(svg.contains("class=\"frame\""));
    }

    @Test
    void aConstantSeriesIsAFlatLineInTheMiddle() {
        double[][] p = Svg.polylines(chart(new double[] {1, 2, 3}, new double[] {2, 2, 2}).render(), "loss").get(0);
        for (double[] point : p) {
            assertEquals(140, point[1], 1e-9, "y of a constant at the middle of 40..240");
        }
        assertEquals(80, p[0][0]);
        assertEquals(560, p[2][0]);
    }

    @Test
    void aSinglePointIsADot() {
        String svg = chart(new double[] {1}, new double[] {0.7}).render();
        assertEquals(0, Svg.polylines(svg, "loss").size());
        List<double[]> dots = Svg.dots(svg, "loss");
        assertEquals(1, dots.size());
        // x axis 0..2 around the single iteration, y widened around 0.7: both in the middle
        assertArrayEquals(new double[] {320, 140}, dots.get(0), 1e-9);
    }

    @Test
    void aMillionIterationsAreDrawnWithAtMostTwoThousandPointsKeepingTheSpike() {
        int n = 1_000_000;
        double[] xs = new double[n];
        double[] ys = new double[n];
        for (int i = 0; i < n; i++) {
            xs[i] = i + 1;
            ys[i] = 1.0 / Math.sqrt(i + 1);
        }
        ys[654_321] = 5;  // a spike far above the curve's tail
        String svg = chart(xs, ys).render();
        double[][] p = Svg.polylines(svg, "loss").get(0);
        assertTrue(p.length <= SvgChart.MAX_POINTS, p.length + " points");
        assertTrue(p.length > 1000, p.length + " points");
        assertEquals(LEFT + 1.0 / n * PLOT_WIDTH, p[0][0], 0.05, "first point kept");
        assertEquals(RIGHT_X, p[p.length - 1][0], 0.05, "last point kept");
        double top = Double.POSITIVE_INFINITY;
        for (double[] point : p) {
            top = Math.min(top, point[1]);
        }
        assertEquals(TOP, top, 1e-9, "the spike (the maximum, 5, at the top of a 0..5 axis) is drawn");
        assertTrue(svg.length() < 60_000, "the SVG stays small: " + svg.length());
    }

    @Test
    void markersAndDotsLandAtTheirIteration() {
        String svg = chart(new double[] {0, 5, 10}, new double[] {0, 0.5, 1})
                .withMarker(new SvgChart.Marker(8, "best 8", "early-stop", "#555555"))
                .withDot(new SvgChart.Dot(5, 0.5, "best", "best", "#555555"))
                .render();
        assertTrue(svg.contains("<line class=\"marker early-stop\" x1=\"464\" y1=\"40\" x2=\"464\" y2=\"240\""), svg);
        assertTrue(svg.contains(">best 8</text>"));
        assertTrue(svg.contains("<circle class=\"dot best\" cx=\"320\" cy=\"140\""), svg);
    }

    @Test
    void theXRangeCanBeWidenedSoChartsOfOneRunLineUp() {
        SvgChart c = chart(new double[] {10, 20}, new double[] {1, 2}).withXRange(1, 100);
        assertEquals(0, c.axes().x().lo());
        assertEquals(100, c.axes().x().hi());
        assertEquals(80 + 0.1 * 480, Svg.polylines(c.render(), "loss").get(0)[0][0], 1e-9);
    }

    @Test
    void titlesLabelsAndLegendsAreEscaped() {
        String svg = SvgChart.of("a <b> & \"c\"", "x<", "y&")
                .withSeries(new SvgChart.Series("it's <loss>", "loss", "#1f77b4", false, new double[] {1, 2}, new double[] {1, 2}))
                .render();
        assertTrue(svg.contains(">a &lt;b&gt; &amp; &quot;c&quot;</text>"), svg);
        assertTrue(svg.contains("aria-label=\"a &lt;b&gt; &amp; &quot;c&quot;\""));
        assertTrue(svg.contains(">it&#39;s &lt;loss&gt;</text>"), "legend");
        assertTrue(svg.contains("<title>it&#39;s &lt;loss&gt;</title>"), "tooltip");
        assertTrue(svg.contains(">x&lt;</text>") && svg.contains(">y&amp;</text>"), "axis labels");
        assertFalse(svg.contains("<b>") || svg.contains("<loss>"));
    }

    @Test
    void coordinatesAreWrittenToATenthOfAPixel() {
        assertEquals("80", SvgChart.coord(80.0));
        assertEquals("123.5", SvgChart.coord(123.45000001));
        assertEquals("0", SvgChart.coord(-0.01));
    }
}
