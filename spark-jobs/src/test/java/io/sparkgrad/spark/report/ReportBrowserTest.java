package io.sparkgrad.spark.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * report.html in a real browser: Debian's Chromium renders it headless, and the screenshot must
 * show the curves where the charts are. Skipped without {@code /usr/bin/chromium} unless
 * {@code SPARKGRAD_REQUIRE_BROWSER=1} (then it fails).
 */
class ReportBrowserTest {
    private static final int WIDTH = 1200;
    private static final int HEIGHT = 2400;
    /** A busy 2-core machine starts Chromium in a few seconds; this is the point where something is wrong. */
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    @Test
    void aMissingBrowserSkipsWithTheInstallCommandOrFailsWhenRequired() {
        Path missing = dir.resolve("no-chromium-here");
        TestAbortedException skipped = assertThrows(TestAbortedException.class,
                () -> HeadlessChromium.requireBrowser(missing, null));
        assertTrue(skipped.getMessage().contains(missing + " is missing; 'apt-get install chromium' to run it"),
                skipped.getMessage());
        assertThrows(TestAbortedException.class, () -> HeadlessChromium.requireBrowser(missing, "0"), "only 1 requires it");
        AssertionFailedError failed = assertThrows(AssertionFailedError.class,
                () -> HeadlessChromium.requireBrowser(missing, "1"));
        assertEquals("SPARKGRAD_REQUIRE_BROWSER=1 but " + missing + " is missing: install it with 'apt-get install chromium'",
                failed.getMessage());
    }

    /** A plot area found in the screenshot by its frame, interior only. */
    record Box(int left, int top, int right, int bottom) {
        int width() {
            return right - left;
        }
    }

    @Test
    void theReportRendersAndShowsItsCurvesInTheirCharts() throws Exception {
        HeadlessChromium.requireBrowser();
        String hostile = "# </pre><script>document.body.innerHTML = 'gone'</script>\n";
        RunReport report = SampleReports.classifierBuilder().config(hostile + SampleReports.CLASSIFIER_CONFIG).build();
        Path page = dir.resolve("report.html");
        Files.writeString(page, ReportHtml.render(report), StandardCharsets.UTF_8);

        HeadlessChromium.Rendering r = HeadlessChromium.render(page, dir, WIDTH, HEIGHT, TIMEOUT);

        // the browser's own DOM: the charts parsed as SVG, the config stayed text
        assertEquals(5, count(r.dom(), "<svg "), "loss, lr, gradient norm, validation logLoss and accuracy");
        assertTrue(r.dom().contains("<polyline class=\"series loss\""));
        assertFalse(r.dom().contains("<script"), "the config's script tag is text, not an element");
        assertTrue(r.dom().contains("# &lt;/pre&gt;&lt;script&gt;document.body.innerHTML = 'gone'&lt;/script&gt;"));

        BufferedImage png = r.screenshot();
        assertEquals(WIDTH, png.getWidth());
        assertEquals(HEIGHT, png.getHeight());
        int inked = 0;
        for (int y = 0; y < HEIGHT; y++) {
            for (int x = 0; x < WIDTH; x++) {
                inked += (png.getRGB(x, y) & 0xffffff) != 0xffffff ? 1 : 0;
            }
        }
        assertTrue(inked > WIDTH * HEIGHT / 50, "the page is not blank: " + inked + " non-white pixels");

        List<Box> plots = plotAreas(png, rgb(SvgChart.FRAME_COLOUR));
        assertEquals(5, plots.size(), "plot frames found: " + plots);
        Box loss = plots.get(0);
        Box lr = plots.get(1);
        Box gradient = plots.get(2);
        Box logLoss = plots.get(3);
        Box accuracy = plots.get(4);
        assertTrue(Math.abs(loss.width() - SvgChart.PLOT_WIDTH) <= 2, "drawn at 1:1: " + loss);

        int lossColour = rgb(ReportHtml.LOSS_COLOUR);
        List<int[]> lossPixels = pixels(png, loss, lossColour);
        assertTrue(lossPixels.size() > 400, "the loss curve is drawn: " + lossPixels.size() + " pixels of " + ReportHtml.LOSS_COLOUR);
        int leftmost = lossPixels.stream().mapToInt(p -> p[0]).min().orElseThrow();
        int rightmost = lossPixels.stream().mapToInt(p -> p[0]).max().orElseThrow();
        assertTrue(rightmost - leftmost > 0.95 * loss.width(), "the curve spans the iterations: x " + leftmost + ".." + rightmost);
        double startY = meanY(lossPixels, loss.left(), loss.left() + loss.width() / 10);
        double endY = meanY(lossPixels, loss.right() - loss.width() / 10, loss.right());
        assertTrue(endY - startY > 100, "the loss falls down the chart: mean y " + startY + " at the start, " + endY + " at the end");
        int lossElsewhere = 0;
        for (Box other : plots.subList(1, plots.size())) {
            lossElsewhere += pixels(png, other, lossColour).size();
        }
        assertEquals(0, lossElsewhere, "the loss colour is the loss chart's alone");

        int validationColour = rgb(ReportHtml.VALIDATION_COLOUR);
        assertTrue(pixels(png, logLoss, validationColour).size() > 300, "validation logLoss curve");
        assertTrue(pixels(png, accuracy, validationColour).size() > 300, "validation accuracy curve");
        assertEquals(0, pixels(png, loss, validationColour).size(), "no validation curve on the training loss chart");
        assertTrue(pixels(png, lr, rgb(ReportHtml.LR_COLOUR)).size() > 300, "learning-rate curve");
        assertTrue(pixels(png, gradient, rgb(ReportHtml.GRADIENT_NORM_COLOUR)).size() > 300, "gradient-norm curve");
    }

    @Test
    void aBrowserOverrunningItsTimeoutIsKilledWithEverythingItStarted() throws Exception {
        HeadlessChromium.requireBrowser();
        Path page = dir.resolve("report.html");
        Files.writeString(page, ReportHtml.render(SampleReports.classifier()), StandardCharsets.UTF_8);
        // starting, rendering and screenshotting take a second or more: 300 ms always runs out
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> HeadlessChromium.render(page, dir, WIDTH, HEIGHT, Duration.ofMillis(300)));
        assertTrue(e.getMessage().startsWith("chromium did not finish within 300 ms and was killed"), e.getMessage());
        assertEquals(List.of(), HeadlessChromium.detached(dir).filter(HeadlessChromium::running).map(ProcessHandle::pid).toList(),
                "nothing naming the test's directory is left running");
        assertEquals(List.of(), ProcessHandle.current().descendants().filter(HeadlessChromium::running)
                .filter(h -> h.info().command().map(c -> c.contains("chromium")).orElse(false)).map(ProcessHandle::pid).toList(),
                "no browser process is left under the test JVM");
    }

    /**
     * Plot areas, in reading order: each frame is a rectangle of {@code frame}-coloured lines
     * drawn with crisp edges, so its top and bottom are unbroken runs as wide as the plot.
     */
    static List<Box> plotAreas(BufferedImage png, int frame) {
        List<int[]> runs = new ArrayList<>();  // {y, x0, x1}
        for (int y = 0; y < png.getHeight(); y++) {
            int start = -1;
            for (int x = 0; x <= png.getWidth(); x++) {
                boolean on = x < png.getWidth() && (png.getRGB(x, y) & 0xffffff) == frame;
                if (on && start < 0) {
                    start = x;
                } else if (!on && start >= 0) {
                    if (x - start >= SvgChart.PLOT_WIDTH - 4) {
                        runs.add(new int[] {y, start, x - 1});
                    }
                    start = -1;
                }
            }
        }
        List<Box> boxes = new ArrayList<>();
        for (int[] top : runs) {
            for (int[] bottom : runs) {
                boolean sameSpan = Math.abs(top[1] - bottom[1]) <= 1 && Math.abs(top[2] - bottom[2]) <= 1;
                if (sameSpan && Math.abs(bottom[0] - top[0] - SvgChart.PLOT_HEIGHT) <= 2) {
                    boxes.add(new Box(top[1] + 1, top[0] + 1, top[2] - 1, bottom[0] - 1));
                }
            }
        }
        boxes.sort(Comparator.comparingInt(Box::top).thenComparingInt(Box::left));
        return boxes;
    }

    /** Pixels inside {@code box} within a small distance of {@code colour} (anti-aliased edges excluded). */
    static List<int[]> pixels(BufferedImage png, Box box, int colour) {
        List<int[]> out = new ArrayList<>();
        for (int y = box.top(); y <= box.bottom(); y++) {
            for (int x = box.left(); x <= box.right(); x++) {
                int c = png.getRGB(x, y);
                int dr = Math.abs(((c >> 16) & 0xff) - ((colour >> 16) & 0xff));
                int dg = Math.abs(((c >> 8) & 0xff) - ((colour >> 8) & 0xff));
                int db = Math.abs((c & 0xff) - (colour & 0xff));
                if (Math.max(dr, Math.max(dg, db)) <= 24) {
                    out.add(new int[] {x, y});
                }
            }
        }
        return out;
    }

    private static double meanY(List<int[]> pixels, int fromX, int toX) {
        return pixels.stream().filter(p -> p[0] >= fromX && p[0] <= toX).mapToInt(p -> p[1]).average().orElse(Double.NaN);
    }

    private static int rgb(String hex) {
        return Integer.parseInt(hex.substring(1), 16);
    }

    private static int count(String s, String needle) {
        return Svg.count(s, needle);
    }
}
