package io.sparkgrad.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.spark.config.ConfigError;
import io.sparkgrad.spark.config.JobConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Bad configurations fail before Spark starts with exit status 2 and a message naming the key;
 * bad data fails with status 1, a message naming path, column and row, and no {@code _SUCCESS}.
 */
class BadInputTest extends LocalSparkTest {

    private static String configError(String conf) throws Exception {
        Path file = Files.createTempFile(dir, "bad", ".conf");
        Files.writeString(file, conf);
        ConfigError e = assertThrows(ConfigError.class, () -> TrainJob.parseArguments(new String[] {file.toString()}));
        assertEquals(JobFailure.CONFIG, TrainJob.run(new String[] {file.toString()}));
        return e.getMessage();
    }

    private static final String VALID = "data.path = \"datasets/iris.csv\"\nmodel { type = softmax, classes = 3 }\n"
            + "output.path = \"/tmp/never-written\"\n";

    @Test
    void unknownKeyIsNamedWithASuggestion() throws Exception {
        String m = configError(VALID + "training.maxIteration = 5\n");
        assertTrue(m.startsWith("unknown config key 'training.maxIteration'"), m);
        assertTrue(m.contains("did you mean 'training.maxIterations'?"), m);
    }

    @Test
    void wrongTypeIsNamed() throws Exception {
        String m = configError(VALID + "training.maxIterations = lots\n");
        assertTrue(m.startsWith("config key 'training.maxIterations' must be an integer; got string \"lots\""), m);
        m = configError(VALID + "model.hidden = 64\n");
        assertTrue(m.startsWith("config key 'model.hidden' must be a list of integers"), m);
    }

    @Test
    void outOfRangeValueIsNamedWithTheRange() throws Exception {
        String m = configError(VALID + "training.miniBatchFraction = 1.5\n");
        assertTrue(m.startsWith("config key 'training.miniBatchFraction' must be in (0, 1]; got 1.5"), m);
        m = configError(VALID + "optimizer.lr = 0\n");
        assertTrue(m.startsWith("config key 'optimizer.lr' must be in (0, inf); got 0"), m);
        m = configError(VALID + "data.format = excel\n");
        assertTrue(m.startsWith("config key 'data.format' must be one of csv, parquet, json, orc, libsvm; got 'excel'"), m);
    }

    @Test
    void missingAndInconsistentKeysAreNamed() throws Exception {
        assertEquals("config key 'data.path' is required", configError("output.path = x\n"));
        String m = configError("data.path = x\noutput.path = y\nmodel.type = softmax\n");
        assertTrue(m.startsWith("config key 'model.classes' must be in [2, 1000000] for a multi-class model"), m);
        assertEquals("config key 'model.hidden' applies to model.type = mlp only; got model.type = softmax",
                configError(VALID + "model.hidden = [8]\n"));
    }

    @Test
    void setOverridesAreCheckedLikeTheFile() throws Exception {
        Path file = dir.resolve("ok.conf");
        Files.writeString(file, VALID);
        JobConfig cfg = TrainJob.parseArguments(new String[] {file.toString(), "--set", "training.maxIterations=7",
            "--set", "model.type=mlp", "--set", "model.hidden=[3, 2]", "--set", "output.path=hdfs://nn:8020/x//y"});
        assertEquals(7, cfg.training().maxIterations());
        assertEquals(List.of(3, 2), cfg.model().hidden());
        assertEquals("hdfs://nn:8020/x//y", cfg.output().path());
        ConfigError e = assertThrows(ConfigError.class,
                () -> TrainJob.parseArguments(new String[] {file.toString(), "--set", "training.l2=-1"}));
        assertTrue(e.getMessage().startsWith("config key 'training.l2' must be in [0, inf); got -1 (--set training.l2)"),
                e.getMessage());
    }

    /** Trains on {@code csv} and returns the one-line message of the failure. */
    private static String dataError(String name, String header, List<String> rows, String extra) throws Exception {
        String csv = TestTables.csv(dir.resolve(name + ".csv"), header, rows);
        Path out = dir.resolve(name + "-out");
        JobConfig cfg = LocalSpark.config("data.path = \"" + csv + "\"\nmodel { type = softmax, classes = 3 }\n"
                + "training.maxIterations = 3\n" + extra, dir.resolve(name));
        Throwable t = assertThrows(Throwable.class, () -> TrainJob.train(spark, cfg));
        assertFalse(Files.exists(dir.resolve(name).resolve("out/_SUCCESS")), "no _SUCCESS after a failure");
        assertFalse(Files.exists(out));
        return JobFailure.message(t);
    }

    private static final List<String> GOOD = List.of("1,2,0", "2,3,1", "3,1,2", "4,4,0", "5,5,1");

    @Test
    void missingColumnIsNamed() throws Exception {
        String m = dataError("missing", "a,b,label", GOOD, "data.features = [a, c]\n");
        assertTrue(m.endsWith("missing.csv: feature column 'c' not found; columns are [a, b, label]"), m);
        m = dataError("nolabel", "a,b,target", GOOD, "");
        assertTrue(m.endsWith("nolabel.csv: label column 'label' not found; columns are [a, b, target]"), m);
    }

    @Test
    void nonNumericCellIsNamedWithRowAndColumn() throws Exception {
        String m = dataError("text", "a,b,label", List.of("1,2,0", "2,3,1", "3,abc,2", "4,4,0"), "");
        assertTrue(m.endsWith("text.csv: line 4, column 'b': 'abc' is not a number (row values: [3, abc, 2])"), m);
    }

    @Test
    void nullIsNamedWithRowAndColumn() throws Exception {
        String m = dataError("nulls", "a,b,label", List.of("1,2,0", "2,3,1", "3,4,2", ",4,0"), "");
        assertTrue(m.endsWith("nulls.csv: line 5, column 'a': null value (row values: [null, 4, 0])"), m);
    }

    @Test
    void labelOutsideTheClassesIsNamed() throws Exception {
        String m = dataError("label", "a,b,label", List.of("1,2,0", "2,3,1", "3,4,3", "4,4,0"), "");
        assertTrue(m.endsWith("label.csv: line 4, column 'label': label 3.0 is outside the classes 0..2 "
                + "(row values: [3, 4, 3])"), m);
    }

    @Test
    void emptyInputIsRefused() throws Exception {
        String m = dataError("empty", "a,b,label", List.of(), "");
        assertTrue(m.endsWith("empty.csv: no training rows (0 rows read)"), m);
    }

    @Test
    void invalidRowsCanBeDroppedAndCounted() throws Exception {
        String csv = TestTables.csv(dir.resolve("drop.csv"), "a,b,label",
                List.of("1,2,0", "2,x,1", "3,1,2", "4,4,7", "5,5,1", ",1,1", "6,2,0", "7,1,2"));
        JobConfig cfg = LocalSpark.config("data { path = \"" + csv + "\", invalid = drop, validationFraction = 0 }\n"
                + "model { type = softmax, classes = 3 }\ntraining.maxIterations = 3\n", dir.resolve("drop"));
        TrainJob.Result r = TrainJob.train(spark, cfg);
        assertEquals(5, r.metrics().get(0).rows());
        String summary = Files.readString(dir.resolve("drop/out/summary.json"));
        assertTrue(summary.contains("\"dropped\": 3"), summary);
    }

    @Test
    void existingOutputIsRefusedUnlessOverwriteIsOn() throws Exception {
        Path existing = dir.resolve("existing");
        Files.createDirectories(existing.resolve("out"));
        JobConfig cfg = LocalSpark.config("data.path = \"datasets/iris.csv\"\nmodel { type = softmax, classes = 3 }\n"
                + "training.maxIterations = 2\n", existing);
        ConfigError e = assertThrows(ConfigError.class, () -> TrainJob.train(spark, cfg));
        assertTrue(e.getMessage().startsWith("output.path: output '" + existing.resolve("out") + "' already exists"),
                e.getMessage());
        Files.writeString(existing.resolve("out/_SUCCESS"), "");
        Files.writeString(existing.resolve("out/yesterday.txt"), "the previous model");
        JobConfig overwrite = LocalSpark.config("data.path = \"datasets/iris.csv\"\nmodel { type = softmax, classes = 3 }\n"
                + "training.maxIterations = 2\noutput.overwrite = true\ndata.label = nope\n", existing);
        assertThrows(RuntimeException.class, () -> TrainJob.train(spark, overwrite));
        assertTrue(Files.exists(existing.resolve("out/_SUCCESS")), "a failed overwrite leaves the previous output as it was");
        assertEquals("the previous model", Files.readString(existing.resolve("out/yesterday.txt")));
        try (var listing = Files.list(existing)) {
            assertEquals(List.of("out"), listing.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no staging directory or lock is left behind");
        }
    }

    @Test
    void commandLineExitStatusIsZeroOnSuccessAndOneForBadData() throws Exception {
        String out = dir.resolve("cli-out").toString();
        assertEquals(0, TrainJob.run(new String[] {"conf/iris.conf", "--set", "output.path=" + out,
            "--set", "training.maxIterations=3"}));
        assertTrue(Files.exists(Path.of(out, "_SUCCESS")));
        String csv = TestTables.csv(dir.resolve("cli-bad.csv"), "a,b,label", List.of("1,2,0", "x,1,1"));
        String badOut = dir.resolve("cli-bad-out").toString();
        assertEquals(1, TrainJob.run(new String[] {"conf/iris.conf", "--set", "output.path=" + badOut,
            "--set", "data.path=" + csv}));
        assertFalse(Files.exists(Path.of(badOut, "_SUCCESS")));
    }

    @Test
    void unknownUserModelClassIsAConfigurationError() {
        ConfigError e = assertThrows(ConfigError.class, () -> LocalSpark.config("data.path = \"datasets/iris.csv\"\n"
                + "model { type = class, class = com.example.NoSuchModel, task = multiclass, classes = 3 }\n",
                dir.resolve("noclass")));
        assertEquals("model.class 'com.example.NoSuchModel' not found on the classpath (add its jar with spark-submit --jars)",
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("noclass/out")));
    }
}
