package io.sparkgrad.spark.output;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import io.sparkgrad.nn.StateDict;
import io.sparkgrad.optim.Optimizer;
import io.sparkgrad.optim.OptimizerState;
import io.sparkgrad.optim.lr.SchedulerState;
import io.sparkgrad.spark.model.ModelSpec;
import io.sparkgrad.spark.model.Task;
import io.sparkgrad.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Writes and reads a model directory: {@code model.json} (spec, features, standardisation,
 * parameter names and shapes), {@code params.sgsd} (the engine's StateDict binary) and, when
 * training, {@code optimizer.sgos} (the engine's OptimizerState binary). See
 * {@code spark-jobs/FORMATS.md}.
 */
public final class ModelStore {
    public static final String MODEL_JSON = "model.json";
    public static final String PARAMS = "params.sgsd";
    public static final String OPTIMIZER = "optimizer.sgos";
    public static final String FORMAT = "sparkgrad-model";
    public static final int FORMAT_VERSION = 1;

    private ModelStore() {}

    /** Writes the model (and the optimizer's state when {@code optimizer} is not null) into {@code dir}. */
    public static void write(OutputDir dir, SavedModel m, Optimizer optimizer) {
        try {
            try (OutputStream out = dir.create(PARAMS)) {
                StateDict.write(m.parameters(), out);
            }
            if (optimizer != null) {
                try (OutputStream out = dir.create(OPTIMIZER)) {
                    optimizer.state().write(out);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model to " + dir.path() + ": " + e.getMessage(), e);
        }
        dir.writeText(MODEL_JSON, toJson(m, optimizer != null) + "\n");
    }

    static String toJson(SavedModel m, boolean withOptimizer) {
        ModelSpec s = m.spec();
        JsonWriter w = JsonWriter.pretty().beginObject()
                .field("format", FORMAT)
                .field("formatVersion", FORMAT_VERSION)
                .name("model").beginObject()
                .field("type", s.type())
                .field("task", s.task().configName())
                .field("classes", s.classes())
                .field("hidden", s.hidden().stream().mapToInt(Integer::intValue).toArray())
                .field("activation", s.activation())
                .field("class", s.className())
                .name("options").beginObject();
        new TreeMap<>(s.options()).forEach(w::field);
        w.endObject().endObject()
                .field("features", m.features())
                .field("label", m.label());
        w.name("labelClasses").beginArray();
        for (int c = 0; c < s.classes(); c++) {
            w.value(c);
        }
        w.endArray()
                .name("standardization").beginObject()
                .field("enabled", m.standardized())
                .field("means", m.means())
                .field("stds", m.stds())
                .endObject();
        w.name("parameters").beginArray();
        m.parameters().forEach((name, t) -> w.beginObject().field("name", name).field("shape", t.shape()).endObject());
        w.endArray()
                .field("parametersFile", PARAMS)
                .field("optimizerFile", withOptimizer ? OPTIMIZER : null)
                .field("iterations", m.iterations());
        if (m.schedule() == null) {
            w.name("schedule").value((String) null);
        } else {
            w.name("schedule").beginObject()
                    .field("kind", m.schedule().kind())
                    .field("baseLr", m.schedule().baseLr())
                    .field("lastEpoch", m.schedule().lastEpoch())
                    .field("lastLr", m.schedule().lastLr())
                    .endObject();
        }
        return w.endObject().toString();
    }

    /**
     * Reads a model directory; {@code path} may also be a training run's output, whose
     * {@code model/} sub-directory is then used.
     *
     * @throws IllegalArgumentException when the directory holds no readable model, naming the file
     */
    public static SavedModel read(Configuration conf, String path) {
        try {
            Path dir = modelDir(conf, path);
            FileSystem fs = dir.getFileSystem(conf);
            Path json = new Path(dir, MODEL_JSON);
            String text;
            try (InputStream in = fs.open(json)) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Config c = ConfigFactory.parseString(text, ConfigParseOptions.defaults().setSyntax(ConfigSyntax.JSON));
            if (!FORMAT.equals(c.getString("format")) || c.getInt("formatVersion") != FORMAT_VERSION) {
                throw new IllegalArgumentException(json + ": not a " + FORMAT + " version " + FORMAT_VERSION + " file");
            }
            Config mc = c.getConfig("model");
            Map<String, String> options = new LinkedHashMap<>();
            mc.getObject("options").unwrapped().forEach((k, v) -> options.put(k, String.valueOf(v)));
            ModelSpec spec = new ModelSpec(mc.getString("type"), mc.getInt("classes"), mc.getIntList("hidden"),
                    mc.getString("activation"), Task.valueOf(mc.getString("task").toUpperCase(Locale.ROOT)),
                    mc.getString("class"), options);
            LinkedHashMap<String, Tensor> params;
            try (InputStream in = fs.open(new Path(dir, PARAMS))) {
                params = StateDict.read(in);
            }
            List<String> expected = new ArrayList<>();
            c.getConfigList("parameters").forEach(p -> expected.add(p.getString("name")));
            if (!expected.equals(new ArrayList<>(params.keySet()))) {
                throw new IllegalArgumentException(new Path(dir, PARAMS) + ": parameters " + params.keySet()
                        + " do not match model.json's " + expected);
            }
            Config st = c.getConfig("standardization");
            SchedulerState schedule = null;
            if (c.hasPath("schedule")) {
                Config sc = c.getConfig("schedule");
                schedule = new SchedulerState(sc.getString("kind"), sc.getDouble("baseLr"), sc.getInt("lastEpoch"),
                        sc.getDouble("lastLr"));
            }
            return new SavedModel(spec, c.getStringList("features"), c.getString("label"), st.getBoolean("enabled"),
                    toArray(st.getDoubleList("means")), toArray(st.getDoubleList("stds")), params, c.getInt("iterations"),
                    schedule);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model from '" + path + "': " + e.getMessage(), e);
        } catch (com.typesafe.config.ConfigException e) {
            throw new IllegalArgumentException("cannot read model from '" + path + "': " + e.getMessage(), e);
        }
    }

    /** The optimizer state saved next to a model, or null when there is none. */
    public static OptimizerState readOptimizerState(Configuration conf, String path) {
        try {
            Path file = new Path(modelDir(conf, path), OPTIMIZER);
            FileSystem fs = file.getFileSystem(conf);
            if (!fs.exists(file)) {
                return null;
            }
            try (InputStream in = fs.open(file)) {
                return OptimizerState.read(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read optimizer state from '" + path + "': " + e.getMessage(), e);
        }
    }

    private static Path modelDir(Configuration conf, String path) throws IOException {
        Path dir = new Path(path);
        FileSystem fs = dir.getFileSystem(conf);
        if (fs.exists(new Path(dir, MODEL_JSON))) {
            return dir;
        }
        Path nested = new Path(dir, "model");
        if (fs.exists(new Path(nested, MODEL_JSON))) {
            return nested;
        }
        throw new IllegalArgumentException("no " + MODEL_JSON + " in '" + path + "' or '" + nested + "'");
    }

    private static double[] toArray(List<Double> list) {
        return list.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
