package io.sparkgrad.spark.reliability;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.ToIntFunction;

/** Runs a job's command-line entry point in this JVM and captures what it prints on stderr. */
final class CommandLine {
    private CommandLine() {}

    /** The exit status and the {@code error: ...} line (empty when there is none). */
    record Outcome(int status, String error, String stderr) {}

    static synchronized Outcome run(ToIntFunction<String[]> main, String... args) {
        PrintStream original = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = main.applyAsInt(args);
        } finally {
            System.setErr(original);
        }
        String text = captured.toString(StandardCharsets.UTF_8);
        String error = text.lines().filter(l -> l.startsWith("error: ")).findFirst().orElse("");
        original.print(text);
        return new Outcome(status, error, text);
    }
}
