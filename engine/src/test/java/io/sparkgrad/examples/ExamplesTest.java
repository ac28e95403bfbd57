package io.sparkgrad.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each tutorial program prints what its PyTorch twin printed (resources/examples/NAME.out, made
 * by NAME.py with torch 1.13 in float64): the same text and layout, numbers equal to the printed
 * precision. Node names differ by design (sparkgrad says {@code MulBackward} where PyTorch says
 * {@code MulBackward0}, and names fused losses after their primitives), so grad_fn names are not compared.
 */
class ExamplesTest {
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(\\.\\d*)?(e[+-]?\\d+)?");
    private static final Pattern GRAD_FN = Pattern.compile("grad_fn=<\\w+>");

    static Stream<Arguments> tutorials() {
        return Stream.of(
                Arguments.of("derivatives", (Consumer<String[]>) Derivatives::main),
                Arguments.of("backward_basics", (Consumer<String[]>) BackwardBasics::main),
                Arguments.of("gradient_descent", (Consumer<String[]>) GradientDescent::main),
                Arguments.of("linear_layer", (Consumer<String[]>) LinearLayer::main),
                Arguments.of("optimizers", (Consumer<String[]>) Optimizers::main));
    }

    @ParameterizedTest(name = "{0} prints what PyTorch prints")
    @MethodSource("tutorials")
    void tutorialPrintsWhatPyTorchPrints(String name, Consumer<String[]> main) throws IOException {
        String expected = resource(name + ".out");
        String actual = capture(main);
        String expectedSkeleton = NUMBER.matcher(GRAD_FN.matcher(expected).replaceAll("grad_fn")).replaceAll("#");
        String actualSkeleton = NUMBER.matcher(GRAD_FN.matcher(actual).replaceAll("grad_fn")).replaceAll("#");
        assertEquals(expectedSkeleton, actualSkeleton, "text of " + name + "\n--- PyTorch:\n" + expected
                + "--- sparkgrad:\n" + actual);
        List<Double> want = numbers(GRAD_FN.matcher(expected).replaceAll(""));
        List<Double> got = numbers(GRAD_FN.matcher(actual).replaceAll(""));
        assertEquals(want.size(), got.size());
        for (int i = 0; i < want.size(); i++) {
            double w = want.get(i);
            double g = got.get(i);
            assertTrue(Math.abs(w - g) <= 1e-4 * Math.max(1.0, Math.abs(w)),
                    name + ": number " + i + " is " + g + ", PyTorch printed " + w + "\n" + actual);
        }
    }

    private static List<Double> numbers(String text) {
        List<Double> out = new ArrayList<>();
        Matcher m = NUMBER.matcher(text);
        while (m.find()) {
            out.add(Double.parseDouble(m.group()));
        }
        return out;
    }

    private static String capture(Consumer<String[]> main) {
        PrintStream original = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream sink = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            System.setOut(sink);
            main.accept(new String[0]);
        } finally {
            System.setOut(original);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ExamplesTest.class.getResourceAsStream("/examples/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
