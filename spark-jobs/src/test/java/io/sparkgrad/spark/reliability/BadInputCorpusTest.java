package io.sparkgrad.spark.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.spark.LocalSparkTest;
import io.sparkgrad.spark.PredictJob;
import io.sparkgrad.spark.TrainJob;
import io.sparkgrad.spark.data.SyntheticData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToIntFunction;
import java.util.stream.Stream;
import org.apache.spark.ml.linalg.SQLDataTypes;
import org.apache.spark.ml.linalg.Vectors;
import io.sparkgrad.spark.ml.SparkgradClassifier;
import io.sparkgrad.spark.ml.SparkgradRegressor;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * A corpus of bad inputs — configurations, command lines, data files, model and checkpoint files
 * — each run through a job's command-line entry point: the exit status (2 for a configuration or
 * usage problem, found before any data is read; 1 otherwise), the {@code error:} line naming the
 * key, file, line or column, and no {@code _SUCCESS} at the output.
 */
class BadInputCorpusTest extends LocalSparkTest {
    private static final String BASE = """
            data { path = "datasets/iris.csv", seed = 7 }
            model { type = softmax, classes = 3 }
            optimizer { type = adam, lr = 0.05 }
            training { maxIterations = 3, tolerance = 0, partitions = 2 }
            """;
    private static Path good;
    private static Path checkpoints;

    /** One bad input: how to run it and what its error must say. */
    private record Case(String name, int status, String expected, Setup setup) {}

    @FunctionalInterface
    private interface Setup {
        Invocation make(Path caseDir) throws Exception;
    }

    /** A job entry point with its arguments, and the output that must not be marked finished. */
    private record Invocation(ToIntFunction<String[]> main, String[] args, Path output) {}

    @BeforeAll
    static void goodRunAndCheckpoints() throws Exception {
        good = dir.resolve("good/out");
        assertEquals(0, train(conf(dir.resolve("good"), BASE), good).status());
        Path crashed = dir.resolve("crashed");
        System.setProperty("sparkgrad.fault", "crash-after:2");
        try {
            assertEquals(1, train(conf(crashed, BASE + "training.checkpointInterval = 1\n"), crashed.resolve("out")).status());
        } finally {
            System.clearProperty("sparkgrad.fault");
        }
        checkpoints = crashed.resolve("out.checkpoints");
        assertTrue(Files.exists(checkpoints.resolve("ckpt-00000002/MANIFEST.json")));
    }

    private static Path conf(Path caseDir, String text) throws IOException {
        Files.createDirectories(caseDir);
        Path f = caseDir.resolve("job.conf");
        Files.writeString(f, text);
        return f;
    }

    private static CommandLine.Outcome train(Path conf, Path out, String... sets) {
        List<String> args = new ArrayList<>(List.of(conf.toString(), "--set", "output.path=" + out));
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        return CommandLine.run(TrainJob::run, args.toArray(String[]::new));
    }

    private static Invocation trainWith(Path caseDir, String text, String... sets) throws IOException {
        Path out = caseDir.resolve("out");
        List<String> args = new ArrayList<>(List.of(conf(caseDir, text).toString(), "--set", "output.path=" + out));
        for (String s : sets) {
            args.add("--set");
            args.add(s);
        }
        return new Invocation(TrainJob::run, args.toArray(String[]::new), out);
    }

    private static Invocation trainArgs(Path caseDir, String... args) {
        return new Invocation(TrainJob::run, args, caseDir.resolve("out"));
    }

    private static Invocation trainOn(Path caseDir, String header, String... lines) throws IOException {
        Files.createDirectories(caseDir);
        Path csv = caseDir.resolve("data.csv");
        List<String> all = new ArrayList<>(List.of(header));
        all.addAll(Arrays.asList(lines));
        Files.write(csv, all);
        return trainWith(caseDir, BASE + "data.path = \"" + csv + "\"\n");
    }

    /** Trains on a directory of CSV files: name, then its lines, for each file. */
    private static Invocation trainOnParts(Path caseDir, String... nameThenLines) throws IOException {
        Path parts = caseDir.resolve("parts");
        Files.createDirectories(parts);
        String name = null;
        List<String> lines = new ArrayList<>();
        for (String s : nameThenLines) {
            if (s.startsWith("@")) {
                if (name != null) {
                    Files.write(parts.resolve(name), lines);
                }
                name = s.substring(1);
                lines = new ArrayList<>();
            } else {
                lines.add(s);
            }
        }
        Files.write(parts.resolve(name), lines);
        return trainWith(caseDir, BASE + "data.path = \"" + parts + "\"\n");
    }

    /** Writes {@code rows} as one file of {@code format} (parquet, json, orc) and trains on it with {@code sets}. */
    private static Invocation trainOnTable(Path caseDir, String format, StructType schema, List<Row> rows, String... sets)
            throws IOException {
        Path table = caseDir.resolve("data." + format);
        spark.createDataFrame(rows, schema).coalesce(1).write().format(format).save(table.toString());
        List<String> all = new ArrayList<>(List.of("data.path=" + table, "data.format=" + format));
        all.addAll(Arrays.asList(sets));
        return trainWith(caseDir, BASE, all.toArray(String[]::new));
    }

    /** Writes {@code lines} to a file and trains on it as {@code format}. */
    private static Invocation trainOnText(Path caseDir, String file, String format, List<String> lines, String... sets)
            throws IOException {
        Files.createDirectories(caseDir);
        Path p = caseDir.resolve(file);
        Files.write(p, lines);
        List<String> all = new ArrayList<>(List.of("data.path=" + p, "data.format=" + format));
        all.addAll(Arrays.asList(sets));
        return trainWith(caseDir, BASE, all.toArray(String[]::new));
    }

    private static final StructType ABL = new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType)
            .add("label", DataTypes.IntegerType);

    /** Rows of (a, b, label) that are good but for {@code bad}, put at row index 2. */
    private static List<Row> ablRows(Row bad) {
        List<Row> rows = new ArrayList<>(List.of(RowFactory.create(1.0, 2.0, 0), RowFactory.create(2.0, 3.0, 1)));
        rows.add(bad);
        rows.addAll(List.of(RowFactory.create(3.0, 1.0, 2), RowFactory.create(4.0, 4.0, 0)));
        return rows;
    }

    private static final StructType VL = new StructType().add("v", SQLDataTypes.VectorType())
            .add("label", DataTypes.DoubleType);

    /** Rows of (vector v, label) that are good but for {@code bad}, put at row index 2. */
    private static List<Row> vectorRows(Row bad) {
        List<Row> rows = new ArrayList<>(List.of(RowFactory.create(Vectors.dense(1, 2, 3), 0.0),
                RowFactory.create(Vectors.sparse(3, new int[] {1}, new double[] {4}), 1.0)));
        rows.add(bad);
        rows.addAll(List.of(RowFactory.create(Vectors.dense(3, 1, 0), 2.0), RowFactory.create(Vectors.dense(0, 4, 4), 0.0)));
        return rows;
    }

    private static final List<String> LIBSVM_ROWS = List.of("0 1:1 2:2", "1 1:2 3:3", "2 2:1 3:4", "0 1:4 2:4");

    /** Good libsvm lines with {@code bad} as line 3. */
    private static List<String> libsvm(String bad) {
        List<String> lines = new ArrayList<>(LIBSVM_ROWS.subList(0, 2));
        lines.add(bad);
        lines.addAll(LIBSVM_ROWS.subList(2, 4));
        return lines;
    }

    private static Invocation resumeFrom(Path caseDir, Path from, String extra) throws IOException {
        return trainWith(caseDir, BASE + extra + "training.resumeFrom = \"" + from + "\"\n");
    }

    /** A copy of the good run's output to damage. */
    private static Path copyOfGood(Path caseDir) throws IOException {
        Path copy = caseDir.resolve("model-copy");
        try (Stream<Path> files = Files.walk(good)) {
            for (Path p : files.toList()) {
                Path target = copy.resolve(good.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return copy;
    }

    private static void edit(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        assertTrue(text.contains(from), file + " holds " + from);
        Files.writeString(file, text.replace(from, to));
    }

    private static final List<String> GOOD_ROWS = List.of("1,2,0", "2,3,1", "3,1,2", "4,4,0", "5,5,1");

    private static List<Case> corpus() {
        String datasets = "datasets/iris.csv";
        List<Case> c = new ArrayList<>();
        // ---- configuration and command line: exit 2, before any data is read
        c.add(new Case("unknown key", 2, "unknown config key 'training.maxIteration'",
                d -> trainWith(d, BASE + "training.maxIteration = 5\n")));
        c.add(new Case("wrong type", 2, "config key 'training.maxIterations' must be an integer; got string \"lots\"",
                d -> trainWith(d, BASE, "training.maxIterations=lots")));
        c.add(new Case("out of range", 2, "config key 'training.miniBatchFraction' must be in (0, 1]; got 1.5",
                d -> trainWith(d, BASE, "training.miniBatchFraction=1.5")));
        c.add(new Case("unknown choice", 2, "config key 'data.format' must be one of csv, parquet, json, orc, libsvm; got 'excel'",
                d -> trainWith(d, BASE, "data.format=excel")));
        c.add(new Case("missing data.path", 2, "config key 'data.path' is required",
                d -> trainWith(d, "model { type = logistic }\n")));
        c.add(new Case("missing output.path", 2, "config key 'output.path' is required",
                d -> trainArgs(d, conf(d, BASE).toString())));
        c.add(new Case("classes missing", 2, "config key 'model.classes' must be in [2, 1000000] for a multi-class model",
                d -> trainWith(d, BASE.replace(", classes = 3", ""))));
        c.add(new Case("hidden for a non-mlp", 2, "config key 'model.hidden' applies to model.type = mlp only",
                d -> trainWith(d, BASE, "model.hidden=[8]")));
        c.add(new Case("task for logistic", 2, "config key 'model.task' applies to model.type = mlp, fm or class only",
                d -> trainWith(d, BASE.replace("type = softmax, classes = 3", "type = logistic"), "model.task=binary")));
        c.add(new Case("nesterov without momentum", 2, "config key 'optimizer.nesterov' needs optimizer.momentum > 0",
                d -> trainWith(d, BASE, "optimizer.type=sgd", "optimizer.nesterov=true")));
        c.add(new Case("label among the features", 2, "config key 'data.features' must not contain the label column 'label'",
                d -> trainWith(d, BASE, "data.features=[sepal_length_cm, label]")));
        c.add(new Case("empty delimiter", 2, "config key 'data.delimiter' must not be empty",
                d -> trainWith(d, BASE + "data.delimiter = \"\"\n")));
        c.add(new Case("config file missing", 2, "config file '", d -> trainArgs(d, d.resolve("nope.conf").toString())));
        c.add(new Case("config does not parse", 2, "cannot parse config file", d -> trainArgs(d,
                conf(d, "data { path = \n").toString())));
        c.add(new Case("--set without =", 2, "--set expects key=value; got 'training.l2'",
                d -> trainArgs(d, conf(d, BASE).toString(), "--set", "training.l2")));
        c.add(new Case("unknown option", 2, "unknown option '--frobnicate'",
                d -> trainArgs(d, conf(d, BASE).toString(), "--frobnicate")));
        c.add(new Case("two config files", 2, "more than one config file given",
                d -> trainArgs(d, conf(d, BASE).toString(), "other.conf")));
        c.add(new Case("no config file", 2, "no config file given", d -> trainArgs(d)));
        c.add(new Case("unknown model.class", 2, "model.class 'com.example.NoSuchModel' not found on the classpath",
                d -> trainWith(d, BASE.replace("type = softmax, classes = 3",
                        "type = class, class = com.example.NoSuchModel, task = multiclass, classes = 3"))));
        c.add(new Case("model.class not a Model", 2, "model.class 'java.lang.String' does not implement",
                d -> trainWith(d, BASE.replace("type = softmax, classes = 3",
                        "type = class, class = java.lang.String, task = multiclass, classes = 3"))));
        c.add(new Case("model.class without the constructor", 2, "needs a public constructor taking",
                d -> trainWith(d, BASE.replace("type = softmax, classes = 3",
                        "type = class, class = io.sparkgrad.spark.testmodels.NoContextModel, task = multiclass, classes = 3"))));
        c.add(new Case("existing output without overwrite", 2, "' already exists; delete it or allow replacing it",
                d -> {
                    Files.createDirectories(d.resolve("out"));
                    return trainWith(d, BASE);
                }));
        c.add(new Case("output held by a live run", 2, "is being written by another run: TrainJob local-77",
                d -> {
                    Files.createDirectories(d);
                    Files.writeString(d.resolve(".out.sparkgrad-lock"), """
                            {"holder": "local-77", "job": "TrainJob", "host": "%s", "pid": %d, "started": "2026-12-01T00:00:00Z"}
                            """.formatted(InetAddress.getLocalHost().getHostName(), ProcessHandle.current().pid()));
                    return trainWith(d, BASE);
                }));
        c.add(new Case("checkpoints in the output", 2, "config key 'training.checkpointDir' must not be output.path itself",
                d -> trainWith(d, BASE, "training.checkpointDir=" + d.resolve("out"))));
        c.add(new Case("stale lock of 0 s", 2, "config key 'output.staleLockSeconds' must be in [1, inf); got 0",
                d -> trainWith(d, BASE, "output.staleLockSeconds=0")));
        c.add(new Case("unfinished checkpoints without overwrite", 2, "holds checkpoints of an unfinished run; continue it with",
                d -> trainWith(d, BASE, "training.checkpointDir=" + checkpoints)));
        c.add(new Case("resume with no iterations left", 2, "has done 3 iterations already and training.maxIterations = 3",
                d -> resumeFrom(d, good, "")));
        c.add(new Case("resume with another schedule", 2, "but the resumed run had no schedule",
                d -> resumeFrom(d, good, "training.maxIterations = 6\noptimizer.schedule.type = step\n")));
        c.add(new Case("resume another model", 2, "differs from this run's",
                d -> resumeFrom(d, good, "training.maxIterations = 6\nmodel { type = mlp, task = multiclass, hidden = [4] }\n")));
        c.add(new Case("resume on other features", 2, "the model was trained on features [sepal_length_cm, sepal_width_cm, "
                + "petal_length_cm, petal_width_cm], this data has [sepal_length_cm, sepal_width_cm] (missing "
                + "[petal_length_cm, petal_width_cm])",
                d -> resumeFrom(d, good, "training.maxIterations = 6\ndata.features = [sepal_length_cm, sepal_width_cm]\n")));
        // ---- data: exit 1, naming the file, the line and the column
        c.add(new Case("label column missing", 1, "data.csv: label column 'label' not found; columns are [a, b, target]",
                d -> trainOn(d, "a,b,target", GOOD_ROWS.toArray(String[]::new))));
        c.add(new Case("feature column missing", 1, "feature column 'zzz' not found; columns are",
                d -> trainWith(d, BASE, "data.features=[zzz, sepal_width_cm]")));
        c.add(new Case("non-numeric cell", 1, "data.csv: line 4, column 'b': 'abc' is not a number",
                d -> trainOn(d, "a,b,label", "1,2,0", "2,3,1", "3,abc,2", "4,4,0")));
        c.add(new Case("empty cell", 1, "data.csv: line 5, column 'a': null value",
                d -> trainOn(d, "a,b,label", "1,2,0", "2,3,1", "3,4,2", ",4,0")));
        c.add(new Case("label outside the classes", 1, "data.csv: line 4, column 'label': label 3.0 is outside the classes 0..2",
                d -> trainOn(d, "a,b,label", "1,2,0", "2,3,1", "3,4,3", "4,4,0")));
        c.add(new Case("fractional label", 1, "data.csv: line 2, column 'label': label 1.5 is outside the classes 0..2",
                d -> trainOn(d, "a,b,label", "1,2,1.5", "2,3,1", "3,4,2")));
        c.add(new Case("infinite value", 1, "data.csv: line 3, column 'a': '1e400' is not a finite number",
                d -> trainOn(d, "a,b,label", "1,2,0", "1e400,3,1", "3,4,2")));
        c.add(new Case("NaN value", 1, "data.csv: line 2, column 'b': 'NaN' is not a finite number",
                d -> trainOn(d, "a,b,label", "1,NaN,0", "2,3,1", "3,4,2")));
        c.add(new Case("too many fields", 1, "data.csv: line 3: malformed CSV record (5 fields where the header has 3): "
                + "'2,3,1,9,9'", d -> trainOn(d, "a,b,label", "1,2,0", "2,3,1,9,9", "3,4,2")));
        c.add(new Case("too few fields", 1, "data.csv: line 4: malformed CSV record (2 fields where the header has 3)",
                d -> trainOn(d, "a,b,label", "1,2,0", "2,3,1", "3,4", "5,5,1")));
        c.add(new Case("an unclosed quote", 1, "data.csv: line 3: malformed CSV record (the quote opened at character 3 "
                + "of field 2 is never closed", d -> trainOn(d, "a,b,label", "1,2,0", "2,\"3,1", "3,4,2")));
        c.add(new Case("a quoted field holding a line break", 1, "data.csv: line 3: malformed CSV record (the quote "
                + "opened at character 3 of field 2 is never closed (a quoted field cannot hold a line break",
                d -> trainOn(d, "a,b,label", "1,2,0", "2,\"3", "4\",1", "3,4,2")));
        c.add(new Case("text after a closing quote", 1, "data.csv: line 2, column 'b': '\"2\"x' is not a number",
                d -> trainOn(d, "a,b,label", "1,\"2\"x,0", "2,3,1", "3,4,2")));
        c.add(new Case("a quoted number of the wrong field count", 1, "data.csv: line 2: malformed CSV record (4 fields "
                + "where the header has 3)", d -> trainOn(d, "a,b,label", "\"1\",\"2,5\",0,7", "2,3,1", "3,4,2")));
        c.add(new Case("a quoted text cell", 1, "data.csv: line 3, column 'b': 'say \"hi\", ok' is not a number",
                d -> trainOn(d, "a,b,label", "1,2,0", "2,\"say \"\"hi\"\", ok\",1", "3,4,2")));
        c.add(new Case("a stray one-line file among the parts", 1, "parts/meta.json: line 1: '{\"rows\": 5}' is not the "
                + "table's header [a, b, label] (every file of the directory whose name does not start with _ or . is read "
                + "as a part of the table; move other files out)", d -> trainOnParts(d, "@part-0.csv", "a,b,label", "1,2,0",
                        "2,3,1", "@part-1.csv", "a,b,label", "3,1,2", "4,4,0", "@meta.json", "{\"rows\": 5}")));
        c.add(new Case("a part written without its header", 1, "parts/part-1.csv: line 1: '3,1,2' is not the table's "
                + "header [a, b, label]", d -> trainOnParts(d, "@part-0.csv", "a,b,label", "1,2,0", "2,3,1", "@part-1.csv",
                        "3,1,2", "4,4,0", "@part-2.csv", "b,label,a", "5,1,5")));
        c.add(new Case("a part of another table", 1, "parts/part-1.csv: line 2: the header lists the columns [a, c, label], "
                + "not the table's [a, b, label] (missing [b]; not in the table [c]); every part file of a table needs the "
                + "same columns", d -> trainOnParts(d, "@part-0.csv", "a,b,label", "1,2,0", "2,3,1", "@part-1.csv", "",
                        "a,c,label", "3,1,2", "@part-2.csv", "a,b,label", "5,1,1")));
        c.add(new Case("a duplicate column in the second part's header", 1, "parts/part-1.csv: the header names column 'b' "
                + "twice (columns 2 and 3)", d -> trainOnParts(d, "@part-0.csv", "a,b,label", "1,2,0", "2,3,1",
                        "@part-1.csv", "a,b,b", "3,1,2")));
        c.add(new Case("a bad cell in a part with its columns in another order", 1, "parts/part-1.csv: line 3, column "
                + "'b': 'x' is not a number", d -> trainOnParts(d, "@part-0.csv", "a,b,label", "1,2,0", "2,3,1",
                        "@part-1.csv", "label,b,a", "2,1,3", "0,x,4", "@part-2.csv", "b,a,label", "5,1,1")));
        c.add(new Case("blank lines do not shift the line number", 1, "data.csv: line 6, column 'b': 'x' is not a number",
                d -> trainOn(d, "a,b,label", "1,2,0", "", "2,3,1", "", "3,x,2")));
        c.add(new Case("duplicate header", 1, "data.csv: the header names column 'a' twice (columns 1 and 3)",
                d -> trainOn(d, "a,b,a,label", "1,2,3,0", "2,3,4,1")));
        c.add(new Case("a single class", 1, "data.csv: every training row has label 'label' = 1 (4 rows); a classifier needs "
                + "rows of at least two classes", d -> trainOn(d, "a,b,label", "1,2,1", "2,3,1", "3,1,1", "4,4,1", "5,5,1")));
        c.add(new Case("header only", 1, "data.csv: no training rows (0 rows read)", d -> trainOn(d, "a,b,label")));
        c.add(new Case("data path missing", 1, "cannot read as csv", d -> trainWith(d, BASE, "data.path=" + d.resolve("nope.csv"))));
        c.add(new Case("corrupt JSON line", 1, "data.json: line 2: malformed JSON record: '{\"a\": 2, \"b\":'",
                d -> {
                    Files.createDirectories(d);
                    Path json = d.resolve("data.json");
                    Files.writeString(json, "{\"a\": 1, \"b\": 2, \"label\": 0}\n{\"a\": 2, \"b\":\n{\"a\": 3, \"b\": 1, \"label\": 1}\n");
                    return trainWith(d, BASE, "data.path=" + json, "data.format=json");
                }));
        c.add(new Case("a non-numeric parquet column", 1, "column 'flag' has type boolean; expected a number",
                d -> {
                    Path pq = d.resolve("data.parquet");
                    StructType schema = new StructType().add("a", DataTypes.DoubleType).add("flag", DataTypes.BooleanType)
                            .add("label", DataTypes.IntegerType);
                    List<Row> rows = List.of(RowFactory.create(1.0, true, 0), RowFactory.create(2.0, false, 1));
                    spark.createDataFrame(rows, schema).write().parquet(pq.toString());
                    return trainWith(d, BASE, "data.path=" + pq, "data.format=parquet");
                }));
        // ---- Parquet, ORC, JSON: a bad row named by its file and row (Parquet, ORC) or line (JSON), and its column
        for (String format : List.of("parquet", "orc")) {
            c.add(new Case(format + ": a null cell", 1, ": row 2, column 'b': null value",
                    d -> trainOnTable(d, format, ABL, ablRows(RowFactory.create(5.0, null, 1)))));
            c.add(new Case(format + ": a NaN cell", 1, ": row 2, column 'a': 'NaN' is not a finite number",
                    d -> trainOnTable(d, format, ABL, ablRows(RowFactory.create(Double.NaN, 1.0, 1)))));
            c.add(new Case(format + ": a label outside the classes", 1, ": row 2, column 'label': label 7.0 is outside the "
                    + "classes 0..2", d -> trainOnTable(d, format, ABL, ablRows(RowFactory.create(5.0, 1.0, 7)))));
            c.add(new Case(format + ": a text cell", 1, ": row 1, column 'b': 'many' is not a number",
                    d -> trainOnTable(d, format, new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.StringType)
                            .add("label", DataTypes.IntegerType), List.of(RowFactory.create(1.0, "2", 0),
                                    RowFactory.create(2.0, "many", 1), RowFactory.create(3.0, "1", 2)))));
            c.add(new Case(format + ": a date column", 1, "column 'when' has type date; expected a number",
                    d -> trainOnTable(d, format, new StructType().add("a", DataTypes.DoubleType)
                            .add("when", DataTypes.DateType).add("label", DataTypes.IntegerType),
                            List.of(RowFactory.create(1.0, java.sql.Date.valueOf("2026-01-01"), 0)))));
            c.add(new Case(format + ": the label column missing", 1, ": label column 'label' not found; columns are [a, b, y]",
                    d -> trainOnTable(d, format, new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.DoubleType)
                            .add("y", DataTypes.IntegerType), List.of(RowFactory.create(1.0, 2.0, 0)))));
            c.add(new Case(format + ": a weight below 0", 1, ": row 2, column 'w': weight -1.0 is negative",
                    d -> trainOnTable(d, format, ABL.add("w", DataTypes.DoubleType), List.of(RowFactory.create(1.0, 2.0, 0, 1.0),
                            RowFactory.create(2.0, 3.0, 1, 1.0), RowFactory.create(3.0, 1.0, 2, -1.0)), "data.weight=w")));
        }
        c.add(new Case("a CSV file read as parquet", 1, "data.csv",
                d -> {
                    Files.createDirectories(d);
                    Files.write(d.resolve("data.csv"), List.of("a,b,label", "1,2,0", "2,3,1"));
                    return trainWith(d, BASE, "data.path=" + d.resolve("data.csv"), "data.format=parquet");
                }));
        c.add(new Case("json: a text value", 1, "data.json: line 2, column 'b': 'two' is not a number",
                d -> trainOnText(d, "data.json", "json", List.of("{\"a\": 1, \"b\": 2, \"label\": 0}",
                        "{\"a\": 2, \"b\": \"two\", \"label\": 1}", "{\"a\": 3, \"b\": 1, \"label\": 2}"))));
        c.add(new Case("json: a key missing", 1, "data.json: line 3, column 'a': null value",
                d -> trainOnText(d, "data.json", "json", List.of("{\"a\": 1, \"b\": 2, \"label\": 0}",
                        "{\"a\": 2, \"b\": 5, \"label\": 1}", "{\"b\": 1, \"label\": 2}"))));
        c.add(new Case("json: a null value", 1, "data.json: line 1, column 'label': null value",
                d -> trainOnText(d, "data.json", "json", List.of("{\"a\": 1, \"b\": 2, \"label\": null}",
                        "{\"a\": 2, \"b\": 5, \"label\": 1}", "{\"a\": 4, \"b\": 1, \"label\": 2}"))));
        c.add(new Case("json: a nested object", 1, "column 'b' has type struct<x:bigint>; expected a number",
                d -> trainOnText(d, "data.json", "json", List.of("{\"a\": 1, \"b\": {\"x\": 1}, \"label\": 0}",
                        "{\"a\": 2, \"b\": {\"x\": 2}, \"label\": 1}"))));
        c.add(new Case("json: a label outside the classes", 1, "data.json: line 2, column 'label': label 3.0 is outside the "
                + "classes 0..2", d -> trainOnText(d, "data.json", "json", List.of("{\"a\": 1, \"b\": 2, \"label\": 0}",
                        "{\"a\": 2, \"b\": 5, \"label\": 3}", "{\"a\": 4, \"b\": 1, \"label\": 2}"))));
        c.add(new Case("json: a line that is an array", 1, "data.json: line 2: malformed JSON record: '[1, 2, 0]'",
                d -> trainOnText(d, "data.json", "json", List.of("{\"a\": 1, \"b\": 2, \"label\": 0}", "[1, 2, 0]",
                        "{\"a\": 4, \"b\": 1, \"label\": 2}"))));
        // ---- libsvm: named by file and line
        c.add(new Case("libsvm: a label that is not a number", 1, "data.libsvm: line 3: label 'x' is not a number",
                d -> trainOnText(d, "data.libsvm", "libsvm", libsvm("x 1:1 2:2"))));
        c.add(new Case("libsvm: indices not increasing", 1, "data.libsvm: line 3: index 1 follows index 3 (indices must be "
                + "strictly increasing)", d -> trainOnText(d, "data.libsvm", "libsvm", libsvm("1 3:1 1:2"))));
        c.add(new Case("libsvm: index 0", 1, "data.libsvm: line 3: index 0 is not positive (libsvm indices start at 1)",
                d -> trainOnText(d, "data.libsvm", "libsvm", libsvm("1 0:1 1:2"))));
        c.add(new Case("libsvm: a token without a colon", 1, "data.libsvm: line 3: '7' is not index:value",
                d -> trainOnText(d, "data.libsvm", "libsvm", libsvm("1 1:1 7"))));
        c.add(new Case("libsvm: a NaN value", 1, "data.libsvm: line 3: value 'NaN' of index 2 is not a finite number",
                d -> trainOnText(d, "data.libsvm", "libsvm", libsvm("1 1:1 2:NaN"))));
        c.add(new Case("libsvm: an index beyond data.numFeatures", 1, "data.libsvm: line 3: index 9 is out of range: "
                + "data.numFeatures = 3", d -> trainOnText(d, "data.libsvm", "libsvm", libsvm("1 1:1 9:2"),
                        "data.numFeatures=3")));
        c.add(new Case("libsvm: a label outside the classes", 1, "data.libsvm: line 3: label 5.0 is outside the classes 0..2",
                d -> trainOnText(d, "data.libsvm", "libsvm", libsvm("5 1:1 2:2"))));
        c.add(new Case("libsvm: an index that is not an integer", 1, "data.libsvm: line 3: index '1.5' is not an integer",
                d -> trainOnText(d, "data.libsvm", "libsvm", libsvm("1 1.5:1"))));
        // ---- a vector column (data.vector): named by file, row and column
        c.add(new Case("vector: a null vector", 1, ": row 2, column 'v': null vector",
                d -> trainOnTable(d, "parquet", VL, vectorRows(RowFactory.create(null, 1.0)), "data.vector=v")));
        c.add(new Case("vector: a vector of another size", 1, ": row 2, column 'v': a vector of 2 elements where the first "
                + "has 3", d -> trainOnTable(d, "parquet", VL, vectorRows(RowFactory.create(Vectors.dense(1, 2), 1.0)),
                        "data.vector=v")));
        c.add(new Case("vector: an infinite element", 1, ": row 2, column 'v': element 1 is Infinity",
                d -> trainOnTable(d, "parquet", VL, vectorRows(RowFactory.create(Vectors.dense(1, Double.POSITIVE_INFINITY, 2),
                        1.0)), "data.vector=v")));
        c.add(new Case("vector: a null label", 1, ": row 2, column 'label': null value",
                d -> trainOnTable(d, "parquet", VL, vectorRows(RowFactory.create(Vectors.dense(1, 2, 3), null)),
                        "data.vector=v")));
        c.add(new Case("vector: the column missing", 1, ": vector column 'features' (data.vector) not found; columns are [v, "
                + "label]", d -> trainOnTable(d, "parquet", VL, vectorRows(RowFactory.create(Vectors.dense(1, 2, 3), 1.0)),
                        "data.vector=features")));
        c.add(new Case("vector: not a vector column", 1, ": column 'a' (data.vector) has type double; expected an ML Vector",
                d -> trainOnTable(d, "parquet", ABL, ablRows(RowFactory.create(5.0, 1.0, 1)), "data.vector=a")));
        c.add(new Case("vector: every vector null", 1, ": vector column 'v' (data.vector) holds no vector",
                d -> trainOnTable(d, "parquet", VL, List.of(RowFactory.create(null, 1.0), RowFactory.create(null, 0.0)),
                        "data.vector=v")));
        // ---- hashed columns (data.hashing.columns)
        c.add(new Case("hashing: a column missing", 1, ": column 'colour' (data.hashing.columns) not found; columns are "
                + "[a, b, label]", d -> trainOnTable(d, "parquet", ABL, ablRows(RowFactory.create(5.0, 1.0, 1)),
                        "data.hashing.columns=[a, colour]")));
        c.add(new Case("hashing: a label outside the classes", 1, ": row 2, column 'label': label 9.0 is outside the classes "
                + "0..2", d -> trainOnTable(d, "parquet", ABL, ablRows(RowFactory.create(5.0, 1.0, 9)),
                        "data.hashing.columns=[a, b]")));
        c.add(new Case("hashing: a CSV label that is not a number", 1, "data.csv: row 2, column 'label': 'two' is not a finite "
                + "number", d -> {
                    Invocation inv = trainOn(d, "a,colour,label", "1,red,0", "2,blue,1", "3,red,two", "4,green,2");
                    String[] args = Arrays.copyOf(inv.args(), inv.args().length + 2);
                    args[args.length - 2] = "--set";
                    args[args.length - 1] = "data.hashing.columns=[a, colour]";
                    return new Invocation(inv.main(), args, inv.output());
                }));
        // ---- model and checkpoint files: exit 1, naming the file and what is wrong
        c.add(new Case("resume from nothing", 2, "config key 'training.resumeFrom' names a path that does not exist: '"
                + caseDir("resume from nothing").resolve("nothing-here") + "'",
                d -> resumeFrom(d, d.resolve("nothing-here"), "training.maxIterations = 6\n")));
        c.add(new Case("model.json not JSON", 1, "model.json: not valid JSON",
                d -> {
                    Path m = copyOfGood(d);
                    Files.writeString(m.resolve("model/model.json"), "{\"format\": ");
                    Files.delete(m.resolve("model/MANIFEST.json"));
                    return resumeFrom(d, m, "training.maxIterations = 6\n");
                }));
        c.add(new Case("model.json edited to a wrong shape", 1, "parameter 'weight' has shape [3, 4], model.json declares [3, 5]",
                d -> {
                    Path m = copyOfGood(d);
                    edit(m.resolve("model/model.json"), "\"shape\": [\n        3,\n        4\n      ]",
                            "\"shape\": [\n        3,\n        5\n      ]");
                    Files.delete(m.resolve("model/MANIFEST.json"));
                    return resumeFrom(d, m, "training.maxIterations = 6\n");
                }));
        c.add(new Case("a null standard deviation", 1, "model.json: 'standardization.stds[0]' is null; expected a finite number",
                d -> {
                    Path m = copyOfGood(d);
                    Path json = m.resolve("model/model.json");
                    String text = Files.readString(json);
                    int at = text.indexOf("\"stds\": [\n") + "\"stds\": [\n".length();
                    int end = text.indexOf(',', at);
                    Files.writeString(json, text.substring(0, at) + "      null" + text.substring(end));
                    Files.delete(m.resolve("model/MANIFEST.json"));
                    return resumeFrom(d, m, "training.maxIterations = 6\n");
                }));
        c.add(new Case("truncated parameters", 1, "params.safetensors: 12 bytes, MANIFEST.json lists",
                d -> {
                    Path m = copyOfGood(d);
                    Path p = m.resolve("model/params.safetensors");
                    Files.write(p, Arrays.copyOf(Files.readAllBytes(p), 12));
                    return resumeFrom(d, m, "training.maxIterations = 6\n");
                }));
        c.add(new Case("truncated parameters without a manifest", 1, "params.safetensors: ",
                d -> {
                    Path m = copyOfGood(d);
                    Path p = m.resolve("model/params.safetensors");
                    Files.write(p, Arrays.copyOf(Files.readAllBytes(p), 40));
                    Files.delete(m.resolve("model/MANIFEST.json"));
                    return resumeFrom(d, m, "training.maxIterations = 6\n");
                }));
        c.add(new Case("a flipped byte in the parameters", 1, "params.safetensors: CRC-32 ",
                d -> {
                    Path m = copyOfGood(d);
                    Path p = m.resolve("model/params.safetensors");
                    byte[] b = Files.readAllBytes(p);
                    b[b.length - 9] ^= 1;
                    Files.write(p, b);
                    return resumeFrom(d, m, "training.maxIterations = 6\n");
                }));
        c.add(new Case("optimizer state named but missing", 1, "optimizer.safetensors: missing (listed in MANIFEST.json)",
                d -> {
                    Path m = copyOfGood(d);
                    Files.delete(m.resolve("model/optimizer.safetensors"));
                    return resumeFrom(d, m, "training.maxIterations = 6\n");
                }));
        c.add(new Case("every checkpoint torn", 1, "holds no complete checkpoint",
                d -> {
                    Path torn = d.resolve("torn");
                    Files.createDirectories(torn.resolve("ckpt-00000004.tmp-1234abcd"));
                    Files.createDirectories(torn.resolve("ckpt-00000002"));
                    Files.writeString(torn.resolve("ckpt-00000002/model.json"), "{}");
                    return resumeFrom(d, torn, "training.maxIterations = 6\n");
                }));
        c.add(new Case("an unfinished output", 1, "has no _SUCCESS, so it is not a finished run",
                d -> {
                    Path m = copyOfGood(d);
                    Files.delete(m.resolve("_SUCCESS"));
                    return resumeFrom(d, m, "training.maxIterations = 6\n");
                }));
        c.add(new Case("a blown-up model with the divergence guard off", 1, "a model that grew this much has not converged",
                d -> trainWith(d, """
                        data { path = "datasets/diabetes.csv", seed = 7 }
                        model { type = linear }
                        optimizer { type = sgd, lr = 1e6 }
                        training { maxIterations = 40, partitions = 2, divergenceFactor = 0 }
                        """)));
        c.add(new Case("resume from only torn checkpoints", 1, "nothing to continue from; start afresh without "
                + "training.resumeFrom", d -> {
                    Path torn = d.resolve("torn");
                    Files.createDirectories(torn.resolve("ckpt-00000001.tmp-1234abcd"));
                    return resumeFrom(d, torn, "training.maxIterations = 6\n");
                }));
        // ---- SyntheticData
        c.add(new Case("synthetic: unknown option", 2, "unknown option '--colour'",
                d -> new Invocation(SyntheticData::run, new String[] {"--colour", "red"}, d.resolve("out"))));
        c.add(new Case("synthetic: option without a value", 2, "option '--rows' needs a value",
                d -> new Invocation(SyntheticData::run, new String[] {"--features", "3", "--rows"}, d.resolve("out"))));
        // ---- PredictJob
        c.add(new Case("predict: no such model", 2, "--model names a path that does not exist: '"
                + caseDir("predict: no such model").resolve("nope") + "'",
                d -> new Invocation(PredictJob::run, new String[] {"--model", d.resolve("nope").toString(), "--input", datasets,
                    "--output", d.resolve("out").toString()}, d.resolve("out"))));
        c.add(new Case("predict: a bad row", 1, "data.csv: line 3, column 'petal_width_cm': 'wide' is not a number",
                d -> {
                    Files.createDirectories(d);
                    Path csv = d.resolve("data.csv");
                    Files.write(csv, List.of("sepal_length_cm,sepal_width_cm,petal_length_cm,petal_width_cm",
                            "5.1,3.5,1.4,0.2", "4.9,3.0,1.4,wide"));
                    return new Invocation(PredictJob::run, new String[] {"--model", good.toString(), "--input", csv.toString(),
                        "--output", d.resolve("out").toString()}, d.resolve("out"));
                }));
        c.add(new Case("predict: a feature column missing", 1, "feature column 'petal_width_cm' not found",
                d -> {
                    Files.createDirectories(d);
                    Path csv = d.resolve("data.csv");
                    Files.write(csv, List.of("sepal_length_cm,sepal_width_cm,petal_length_cm", "5.1,3.5,1.4"));
                    return new Invocation(PredictJob::run, new String[] {"--model", good.toString(), "--input", csv.toString(),
                        "--output", d.resolve("out").toString()}, d.resolve("out"));
                }));
        c.add(new Case("predict: arguments missing", 2, "--model, --input and --output are required",
                d -> new Invocation(PredictJob::run, new String[] {"--model", good.toString()}, d.resolve("out"))));
        c.add(new Case("predict: unknown option", 2, "unknown option '--fast'",
                d -> new Invocation(PredictJob::run, new String[] {"--fast", "yes"}, d.resolve("out"))));
        c.add(new Case("predict: existing output", 2, "--output: output '",
                d -> {
                    Files.createDirectories(d.resolve("out"));
                    return new Invocation(PredictJob::run, new String[] {"--model", good.toString(), "--input", datasets,
                        "--output", d.resolve("out").toString()}, d.resolve("out"));
                }));
        return c;
    }

    /** One bad DataFrame handed to an estimator's {@code fit}: the exception's message must name what is wrong. */
    private record FitCase(String name, String expected, java.util.concurrent.Callable<Object> fit) {}

    private static Dataset<Row> frame(StructType schema, Row... rows) {
        return spark.createDataFrame(Arrays.asList(rows), schema);
    }

    private static final StructType FL = new StructType().add("features", SQLDataTypes.VectorType())
            .add("label", DataTypes.DoubleType);
    private static final StructType ABW = new StructType().add("a", DataTypes.DoubleType).add("b", DataTypes.StringType)
            .add("label", DataTypes.DoubleType).add("w", DataTypes.DoubleType);

    /** Good (features, label) rows but for {@code bad}, at row index 2. */
    private static Dataset<Row> vectors(Row bad) {
        return frame(FL, RowFactory.create(Vectors.dense(1, 2), 0.0), RowFactory.create(Vectors.dense(2, 0), 1.0), bad,
                RowFactory.create(Vectors.dense(3, 1), 1.0), RowFactory.create(Vectors.dense(0, 4), 0.0));
    }

    /** Good (a, b as text, label, w) rows but for {@code bad}, at row index 2. */
    private static Dataset<Row> columns(Row bad) {
        return frame(ABW, RowFactory.create(1.0, "2", 0.0, 1.0), RowFactory.create(2.0, "0", 1.0, 1.0), bad,
                RowFactory.create(3.0, "1", 1.0, 1.0), RowFactory.create(0.0, "4", 0.0, 1.0));
    }

    private static SparkgradClassifier classifier() {
        return new SparkgradClassifier().setMaxIter(3).setNumPartitions(2);
    }

    private static SparkgradRegressor regressor() {
        return new SparkgradRegressor().setMaxIter(3).setNumPartitions(2);
    }

    private static final String FIT = "the DataFrame given to SparkgradClassifier.fit";

    private static List<FitCase> fitCorpus() {
        List<FitCase> c = new ArrayList<>();
        c.add(new FitCase("fit: the label column missing", "SparkgradClassifier: label column 'y' not found; columns are "
                + "[features, label]", () -> classifier().setLabelCol("y").fit(vectors(RowFactory.create(Vectors.dense(1, 1), 1.0)))));
        c.add(new FitCase("fit: the features column missing", "features column 'nope' not found",
                () -> classifier().setFeaturesCol("nope").fit(vectors(RowFactory.create(Vectors.dense(1, 1), 1.0)))));
        c.add(new FitCase("fit: a null vector", FIT + ": row 2, column 'features': null vector",
                () -> classifier().fit(vectors(RowFactory.create(null, 1.0)))));
        c.add(new FitCase("fit: a vector of another size", FIT + ": row 2, column 'features': a vector of 3 elements where "
                + "the first has 2", () -> classifier().fit(vectors(RowFactory.create(Vectors.dense(1, 2, 3), 1.0)))));
        c.add(new FitCase("fit: a NaN element", FIT + ": row 2, column 'features': element 0 is NaN",
                () -> classifier().fit(vectors(RowFactory.create(Vectors.dense(Double.NaN, 2), 1.0)))));
        c.add(new FitCase("fit: a null label", FIT + ": row 2, column 'label': null value",
                () -> classifier().fit(vectors(RowFactory.create(Vectors.dense(1, 2), null)))));
        c.add(new FitCase("fit: a fractional label", FIT + ": row 2, column 'label': label 0.5 is outside the classes 0..1",
                () -> classifier().fit(vectors(RowFactory.create(Vectors.dense(1, 2), 0.5)))));
        c.add(new FitCase("fit: a negative label", FIT + ": row 2, column 'label': label -1.0 is outside the classes 0..1",
                () -> classifier().fit(vectors(RowFactory.create(Vectors.dense(1, 2), -1.0)))));
        c.add(new FitCase("fit: a single class", FIT + ": every training row has label 'label' = 0",
                () -> classifier().setValidationFraction(0).fit(frame(FL, RowFactory.create(Vectors.dense(1, 2), 0.0),
                        RowFactory.create(Vectors.dense(2, 2), 0.0), RowFactory.create(Vectors.dense(3, 1), 0.0)))));
        c.add(new FitCase("fit: no rows", "label column 'label' holds no value", () -> classifier().setModelType("softmax")
                .fit(frame(FL))));
        c.add(new FitCase("fit: a text cell among feature columns", FIT + ": row 2, column 'b': 'lots' is not a number",
                () -> classifier().setFeatureCols("a", "b").fit(columns(RowFactory.create(1.0, "lots", 1.0, 1.0)))));
        c.add(new FitCase("fit: a null cell among feature columns", FIT + ": row 2, column 'a': null value",
                () -> classifier().setFeatureCols("a", "b").fit(columns(RowFactory.create(null, "1", 1.0, 1.0)))));
        c.add(new FitCase("fit: an infinite cell among feature columns", FIT + ": row 2, column 'a': 'Infinity' is not a "
                + "finite number", () -> classifier().setFeatureCols("a", "b")
                        .fit(columns(RowFactory.create(Double.POSITIVE_INFINITY, "1", 1.0, 1.0)))));
        c.add(new FitCase("fit: a negative weight", FIT + ": row 2, column 'w': weight -2.0 is negative",
                () -> classifier().setFeatureCols("a", "b").setWeightCol("w").fit(columns(RowFactory.create(1.0, "1", 1.0, -2.0)))));
        c.add(new FitCase("fit: a feature column missing", "SparkgradClassifier: feature column 'c' (featureCols) not found; columns are [a, b, label, w]",
                () -> classifier().setFeatureCols("a", "c").fit(columns(RowFactory.create(1.0, "1", 1.0, 1.0)))));
        c.add(new FitCase("regressor: a NaN label", "the DataFrame given to SparkgradRegressor.fit: row 2, column 'label': "
                + "'NaN' is not a finite number", () -> regressor().fit(vectors(RowFactory.create(Vectors.dense(1, 2), Double.NaN)))));
        c.add(new FitCase("regressor: a features column of text", "column 'features'",
                () -> regressor().fit(frame(new StructType().add("features", DataTypes.StringType).add("label",
                        DataTypes.DoubleType), RowFactory.create("1,2", 1.0)))));
        return c;
    }

    @TestFactory
    Stream<DynamicTest> everyBadDataFrameHandedToFitIsNamedAsPreciselyAsByTheJob() {
        List<FitCase> cases = fitCorpus();
        assertTrue(corpus().size() + cases.size() >= 100, corpus().size() + " + " + cases.size() + " cases");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            RuntimeException e = org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> c.fit().call());
            String m = e.getMessage();
            assertTrue(m != null && m.contains(c.expected()), "expected a message containing\n  " + c.expected() + "\ngot\n  "
                    + e);
        }));
    }

    @Test
    void aFreshRunOverOnlyTornCheckpointsStartsAfresh() throws Exception {
        // a kill during the very first checkpoint leaves only a torn one: the advice "resume" could not work
        Path d = dir.resolve("fresh-over-torn");
        Path ckpts = d.resolve("out.checkpoints");
        Files.createDirectories(ckpts.resolve("ckpt-00000001.tmp-1234abcd"));
        Files.writeString(ckpts.resolve("ckpt-00000001.tmp-1234abcd/model.json"), "{\"form");
        Invocation inv = trainWith(d, BASE + "training.checkpointInterval = 10\n");
        CommandLine.Outcome r = CommandLine.run(inv.main(), inv.args());
        assertEquals(0, r.status(), r.stderr());
        assertTrue(Files.exists(inv.output().resolve("_SUCCESS")));
        assertFalse(Files.exists(ckpts.resolve("ckpt-00000001.tmp-1234abcd")), "the torn checkpoint is gone");
    }

    @Test
    void rfc4180QuotedFieldsHoldingDoubledQuotesTrain() throws Exception {
        // Excel and most exporters write a quote inside a quoted field as "": RFC 4180
        Invocation inv = trainOn(dir.resolve("rfc4180"), "a,b,note,label", "1,2,\"say \"\"hi\"\", ok\",0",
                "\"2.5\",3,\"\"\"\"\"\",1", "3,\"1\",\"a,b\",2", "4,4,\"\",0", "5,5,\"x \"\"y\"\"\",1", "6,1,plain,2");
        String[] args = Arrays.copyOf(inv.args(), inv.args().length + 2);
        args[args.length - 2] = "--set";
        args[args.length - 1] = "data.features=[a, b]";
        args = Arrays.copyOf(args, args.length + 2);
        args[args.length - 2] = "--set";
        args[args.length - 1] = "data.invalid=drop";
        CommandLine.Outcome r = CommandLine.run(inv.main(), args);
        assertEquals(0, r.status(), r.stderr());
        assertTrue(Files.exists(inv.output().resolve("_SUCCESS")));
        var rows = new com.fasterxml.jackson.databind.ObjectMapper().readTree(inv.output().resolve("summary.json").toFile())
                .get("rows");
        assertEquals(6, rows.get("train").asLong() + rows.get("validation").asLong(), rows.toString());
        assertEquals(0, rows.get("dropped").asLong(), rows.toString());
    }

    @Test
    void syntheticDataHelpPrintsItsUsageAndExitsZero() {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        int status;
        try {
            status = SyntheticData.run(new String[] {"--help"});
        } finally {
            System.setOut(original);
        }
        assertEquals(0, status);
        assertTrue(captured.toString(StandardCharsets.UTF_8).startsWith("usage: SyntheticData --rows N --features D --output PATH"),
                captured.toString(StandardCharsets.UTF_8));
    }

    private static Path caseDir(String name) {
        return dir.resolve("case-" + name.replaceAll("[^A-Za-z0-9]+", "-"));
    }

    @TestFactory
    Stream<DynamicTest> everyBadInputFailsWithItsStatusAndAnErrorNamingWhatIsWrong() {
        List<Case> cases = corpus();
        assertTrue(cases.size() >= 80, cases.size() + " cases");
        return cases.stream().map(c -> DynamicTest.dynamicTest(c.name(), () -> {
            Invocation inv = c.setup().make(caseDir(c.name()));
            CommandLine.Outcome r = CommandLine.run(inv.main(), inv.args());
            assertEquals(c.status(), r.status(), "exit status; stderr:\n" + r.stderr());
            assertTrue(r.error().startsWith("error: ") && r.error().contains(c.expected()),
                    "expected an error containing\n  " + c.expected() + "\ngot\n  " + r.error());
            assertFalse(Files.exists(inv.output().resolve("_SUCCESS")), "no _SUCCESS");
        }));
    }
}
