package io.sparkgrad.spark.report;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads back what the renderer drew: the points of polylines, the centres of dots. */
final class Svg {
    private Svg() {}

    /** The points of each {@code <polyline class="series CLASS">}, in document order, as [x, y] pairs. */
    static List<double[][]> polylines(String html, String seriesClass) {
        Matcher m = Pattern.compile("<polyline class=\"series " + Pattern.quote(seriesClass) + "\"[^>]*? points=\"([^\"]*)\"")
                .matcher(html);
        List<double[][]> out = new ArrayList<>();
        while (m.find()) {
            String[] pairs = m.group(1).split(" ");
            double[][] points = new double[pairs.length][];
            for (int i = 0; i < pairs.length; i++) {
                String[] xy = pairs[i].split(",");
                points[i] = new double[] {Double.parseDouble(xy[0]), Double.parseDouble(xy[1])};
            }
            out.add(points);
        }
        return out;
    }

    /** The centres of each {@code <circle class="series CLASS">} (a lone point of a series). */
    static List<double[]> dots(String html, String seriesClass) {
        Matcher m = Pattern.compile("<circle class=\"series " + Pattern.quote(seriesClass) + "\" cx=\"([^\"]*)\" cy=\"([^\"]*)\"")
                .matcher(html);
        List<double[]> out = new ArrayList<>();
        while (m.find()) {
            out.add(new double[] {Double.parseDouble(m.group(1)), Double.parseDouble(m.group(2))});
        }
        return out;
    }

    /** How often {@code needle} occurs in {@code haystack}. */
    static int count(String haystack, String needle) {
        int n = 0;
        for (int i = haystack.indexOf(needle); i >= 0; i = haystack.indexOf(needle, i + needle.length())) {
            n++;
        }
        return n;
    }
}
