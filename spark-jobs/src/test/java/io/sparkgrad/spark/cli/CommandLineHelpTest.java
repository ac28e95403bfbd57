package io.sparkgrad.spark.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.spark.PredictJob;
import io.sparkgrad.spark.TrainJob;
import io.sparkgrad.spark.config.ConfigError;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Test;

/** {@code --help} and {@code --version} print to stdout and exit 0; the usage points to conf/README.md. */
class CommandLineHelpTest {

    private static String stdout(ToIntFunction<String[]> main, String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            assertEquals(0, main.applyAsInt(args), "exit status of " + String.join(" ", args));
        } finally {
            System.setOut(original);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }

    @Test
    void trainJobHelpPrintsTheUsageAndExitsZero() {
        String help = stdout(TrainJob::run, "--help");
        assertTrue(help.startsWith("Usage: TrainJob [-hV] [--set=KEY=VALUE]... CONFIG"), help);
        assertTrue(help.contains("--set=KEY=VALUE") && help.contains("conf/README.md") && help.contains("Exit status"), help);
        assertNull(TrainJob.parseArguments(new String[] {"-h"}), "nothing to run after -h");
        assertTrue(stdout(TrainJob::run, "--version").contains("sparkgrad TrainJob"));
    }

    @Test
    void predictJobHelpPrintsTheUsageAndExitsZero() {
        String help = stdout(PredictJob::run, "--help");
        assertTrue(help.startsWith("Usage: PredictJob [-hV] [--overwrite]"), help);
        assertTrue(help.contains("--model=DIR") && help.contains("--input=PATH") && help.contains("--output=DIR")
                && help.contains("conf/README.md"), help);
    }

    @Test
    void usageErrorsNameTheProblemAndPointToHelp() {
        ConfigError e = assertThrows(ConfigError.class, () -> TrainJob.parseArguments(new String[] {"a.conf", "--sett", "x"}));
        assertEquals("unknown option '--sett' (did you mean '--set'?); see 'TrainJob --help'", e.getMessage());
        e = assertThrows(ConfigError.class, () -> TrainJob.parseArguments(new String[] {"--set"}));
        assertTrue(e.getMessage().startsWith("--set needs key=value"), e.getMessage());
        e = assertThrows(ConfigError.class, () -> PredictJob.parseArguments(new String[] {"--model", "m", "--input", "i",
            "--output", "o", "--header", "maybe"}));
        assertEquals("--header must be true or false; got 'maybe'", e.getMessage());
    }
}
