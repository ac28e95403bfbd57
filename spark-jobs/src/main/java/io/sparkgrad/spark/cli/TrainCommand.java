package io.sparkgrad.spark.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** TrainJob's command line: one configuration file and any number of {@code --set key=value}. */
@Command(name = "TrainJob", mixinStandardHelpOptions = true, version = "sparkgrad TrainJob 0.1.0",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Trains a model written with the sparkgrad engine on a table, on Spark, and writes the model,",
            "metrics.jsonl, summary.json and report.html to output.path, committed as a whole (_SUCCESS last)."},
        footer = {"", CommandLines.KEYS,
            "Examples: conf/*.conf.  Run through ./submit.sh (embedded local Spark) or spark-submit.",
            "Exit status: 0 success; 2 a configuration or command-line problem (nothing read or written);",
            "1 anything else (bad data, a diverged model, a failure) — one 'error: ...' line on stderr."})
public final class TrainCommand {
    @Parameters(index = "0", arity = "1", paramLabel = "CONFIG", description = "the job's HOCON configuration file")
    String config;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "overrides one configuration key (repeatable; later ones win), e.g. --set training.maxIterations=50")
    List<String> overrides = new ArrayList<>();

    public String config() {
        return config;
    }

    public List<String> overrides() {
        return List.copyOf(overrides);
    }
}
