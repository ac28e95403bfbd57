package io.sparkgrad.spark.cli;

import io.sparkgrad.spark.config.ConfigError;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Parses a job's command line with picocli: {@code --help} and {@code --version} print to
 * stdout (the caller exits 0); any other problem becomes a {@link ConfigError} (exit status 2)
 * whose message says what is wrong and points to {@code --help}.
 */
public final class CommandLines {
    /** The pointer every usage text and error ends with. */
    static final String KEYS = "Every configuration key, its default and its range: conf/README.md";

    private CommandLines() {}

    /**
     * Fills {@code command}'s annotated fields from {@code args}.
     *
     * @return false when help or the version was asked for and printed (nothing to run)
     */
    public static boolean parse(Object command, String[] args) {
        CommandLine cl = new CommandLine(command);
        String name = cl.getCommandName();
        try {
            cl.parseArgs(args);
        } catch (UnmatchedArgumentException e) {
            List<String> unmatched = e.getUnmatched();
            String first = unmatched.isEmpty() ? "" : unmatched.get(0);
            if (first.startsWith("-")) {
                throw new ConfigError("unknown option '" + first + "'" + suggestion(e) + "; " + usage(name));
            }
            throw new ConfigError(more(name, first) + "; " + usage(name));
        } catch (MissingParameterException e) {
            // picocli checks required options before it reports unknown ones: name an unknown option first
            for (String a : args) {
                String option = a.contains("=") ? a.substring(0, a.indexOf('=')) : a;
                if (option.startsWith("-") && !cl.getCommandSpec().optionsMap().containsKey(option)) {
                    throw new ConfigError("unknown option '" + option + "'; " + usage(name));
                }
            }
            throw new ConfigError(missing(name, e) + "; " + usage(name));
        } catch (ParameterException e) {
            throw new ConfigError(e.getMessage() + "; " + usage(name));
        }
        if (cl.isUsageHelpRequested()) {
            cl.usage(new PrintWriter(System.out, true));
            return false;
        }
        if (cl.isVersionHelpRequested()) {
            cl.printVersionHelp(new PrintWriter(System.out, true));
            return false;
        }
        return true;
    }

    private static String usage(String name) {
        return "see '" + name + " --help'";
    }

    private static String suggestion(UnmatchedArgumentException e) {
        List<String> s = e.getSuggestions();
        return s == null || s.isEmpty() ? "" : " (did you mean " + String.join(" or ", s.stream().map(x -> "'" + x + "'").toList())
                + "?)";
    }

    private static String more(String name, String extra) {
        return name.equals("TrainJob") ? "more than one config file given (also '" + extra + "')"
                : "unexpected argument '" + extra + "'";
    }

    private static String missing(String name, MissingParameterException e) {
        if (name.equals("TrainJob") && e.getMissing().stream().anyMatch(a -> !(a instanceof CommandLine.Model.OptionSpec))) {
            return "no config file given";
        }
        if (e.getMissing().stream().anyMatch(a -> a instanceof CommandLine.Model.OptionSpec o && o.longestName().equals("--set"))) {
            return "--set needs key=value";
        }
        if (name.equals("PredictJob")) {
            return "--model, --input and --output are required (missing " + String.join(", ", e.getMissing().stream()
                    .map(a -> a instanceof CommandLine.Model.OptionSpec o ? o.longestName() : a.paramLabel()).toList()) + ")";
        }
        return e.getMessage();
    }
}
