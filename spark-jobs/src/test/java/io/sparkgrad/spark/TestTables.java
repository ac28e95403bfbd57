package io.sparkgrad.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Small CSV tables written by tests. */
public final class TestTables {
    private TestTables() {}

    /** Writes {@code header} and {@code lines} to {@code file} and returns its path as a string. */
    public static String csv(Path file, String header, List<String> lines) throws IOException {
        List<String> all = new ArrayList<>();
        all.add(header);
        all.addAll(lines);
        Files.write(file, all);
        return file.toString();
    }

    /**
     * {@code rows} rows of {@code features} features (f0..) with a label: a class 0..classes-1
     * from a noisy linear rule when {@code classes >= 2}, a noisy linear target otherwise.
     * Feature j has mean j and scale 1 + j, so standardisation matters.
     */
    public static String random(Path file, int rows, int features, int classes, long seed) throws IOException {
        SplittableRandom rng = new SplittableRandom(seed);
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < rows; i++) {
            StringBuilder sb = new StringBuilder();
            double score = 0;
            for (int j = 0; j < features; j++) {
                double z = rng.nextDouble(-2, 2);
                score += (j % 2 == 0 ? 1 : -0.7) * z;
                sb.append(j + (1 + j) * z).append(',');
            }
            score += rng.nextDouble(-0.5, 0.5);
            double label;
            if (classes >= 2) {
                int c = (int) Math.floor((Math.tanh(score / 2) + 1) / 2 * classes);
                label = Math.min(classes - 1, Math.max(0, c));
            } else {
                label = 3 * score + 10;
            }
            lines.add(sb.append(label).toString());
        }
        StringBuilder header = new StringBuilder();
        for (int j = 0; j < features; j++) {
            header.append('f').append(j).append(',');
        }
        return csv(file, header.append("label").toString(), lines);
    }
}
