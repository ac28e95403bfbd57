package io.sparkgrad.spark.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** PredictJob's command line. */
@Command(name = "PredictJob", mixinStandardHelpOptions = true, version = "sparkgrad PredictJob 0.1.0",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Scores a table with a model TrainJob saved and writes every input column plus 'prediction'",
            "(and, for classifiers, 'rawPrediction' and 'probability') as Parquet, committed as a whole."},
        footer = {"", CommandLines.KEYS + " (the training side)",
            "Exit status: 0 success; 2 a command-line problem or an existing output without --overwrite;",
            "1 anything else (a bad row, an unreadable model) — one 'error: ...' line on stderr."})
public final class PredictCommand {
    @Option(names = "--model", required = true, paramLabel = "DIR", description = "a training run's output, or its model/ directory")
    String model;

    @Option(names = "--input", required = true, paramLabel = "PATH", description = "the table to score (a file or a directory)")
    String input;

    @Option(names = "--output", required = true, paramLabel = "DIR", description = "where the scored table goes")
    String output;

    @Option(names = "--format", paramLabel = "FORMAT",
            description = "csv, parquet, json, orc or libsvm (default: from the input's extension, else parquet)")
    String format;

    @Option(names = "--header", paramLabel = "true|false", description = "csv: the first line holds column names (default true)")
    String header = "true";

    @Option(names = "--delimiter", paramLabel = "SEP", description = "csv: field separator (default ,)")
    String delimiter = ",";

    @Option(names = "--overwrite", description = "replace an existing --output, once the new one is complete")
    boolean overwrite;

    public String model() {
        return model;
    }

    public String input() {
        return input;
    }

    public String output() {
        return output;
    }

    public String format() {
        return format;
    }

    public String header() {
        return header;
    }

    public String delimiter() {
        return delimiter;
    }

    public boolean overwrite() {
        return overwrite;
    }
}
