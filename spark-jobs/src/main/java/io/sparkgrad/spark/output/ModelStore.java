package io.sparkgrad.spark.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sparkgrad.nn.StateDict;
import io.sparkgrad.optim.OptimizerState;
import io.sparkgrad.optim.lr.SchedulerState;
import io.sparkgrad.spark.data.FeatureSpace;
import io.sparkgrad.spark.model.FmSettings;
import io.sparkgrad.spark.model.GlmSettings;
import io.sparkgrad.spark.model.LossSettings;
import io.sparkgrad.spark.model.Models;
import io.sparkgrad.spark.model.ModelSpec;
import io.sparkgrad.spark.model.Task;
import io.sparkgrad.spark.state.BestIterate;
import io.sparkgrad.spark.state.ParameterVector;
import io.sparkgrad.tensor.Shape;
import io.sparkgrad.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
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
 * parameter names and shapes, schedule), {@code params.safetensors} (safetensors, as the engine's StateDict writes it) and,
 * when training, {@code optimizer.safetensors} (safetensors, as the engine's OptimizerState writes it). Every read is
 * checked — manifest, JSON fields, shapes against the parameter file and against the model the
 * spec builds — and every error names the file. See {@code spark-jobs/FORMATS.md}.
 */
public final class ModelStore {
    public static final String MODEL_JSON = "model.json";
    public static final String PARAMS = "params.safetensors";
    public static final String OPTIMIZER = "optimizer.safetensors";
    /** A sparse-input model's standardisation statistics, one value per feature. */
    public static final String STANDARDIZATION = "standardization.safetensors";
    public static final String FORMAT = "sparkgrad-model";
    public static final int FORMAT_VERSION = 2;

    private ModelStore() {}

    /**
     * Writes the model (and the optimizer's state when {@code optimizer} is not null) into
     * {@code dir}; the caller writes the directory's manifest once every file is there.
     */
    public static void write(OutputDir dir, SavedModel m, OptimizerState optimizer) {
        try {
            if (m.features() instanceof FeatureSpace.Names) {
                LinkedHashMap<String, Tensor> st = new LinkedHashMap<>();
                st.put("means", Tensor.fromArray(m.means(), m.means().length));
                st.put("stds", Tensor.fromArray(m.stds(), m.stds().length));
                try (OutputStream out = dir.create(STANDARDIZATION)) {
                    StateDict.write(st, out);
                }
            }
            try (OutputStream out = dir.create(PARAMS)) {
                StateDict.write(m.parameters(), out);
            }
            if (optimizer != null) {
                try (OutputStream out = dir.create(OPTIMIZER)) {
                    optimizer.write(out);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model to " + dir.path() + ": " + e.getMessage(), e);
        }
        dir.writeText(MODEL_JSON, Json.pretty(toJson(m, optimizer != null)));
    }

    /** Early stopping's best snapshot, saved in a checkpoint when it is not the checkpoint's own iteration. */
    public static final String BEST_PARAMS = "best-params.safetensors";
    public static final String BEST_OPTIMIZER = "best-optimizer.safetensors";
    public static final String BEST_JSON = "best.json";

    /** Writes early stopping's best snapshot (parameters, optimizer state, iteration and schedule) into {@code dir}. */
    public static void writeBest(OutputDir dir, BestIterate best) {
        try {
            try (OutputStream out = dir.create(BEST_PARAMS)) {
                StateDict.write(best.parameters().unflatten(best.parameters().values()), out);
            }
            try (OutputStream out = dir.create(BEST_OPTIMIZER)) {
                best.optimizer().write(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the best snapshot to " + dir.path() + ": " + e.getMessage(), e);
        }
        ObjectNode root = Json.object().put("iteration", best.iteration());
        putSchedule(root, best.schedule());
        dir.writeText(BEST_JSON, Json.pretty(root));
    }

    /** The best snapshot in {@code dir}, or null when it holds none. */
    static BestIterate readBest(FileSystem fs, Path dir) throws IOException {
        Path json = new Path(dir, BEST_JSON);
        if (!fs.exists(json)) {
            return null;
        }
        Json.Fields f = new Json.Fields(json, Json.read(fs, json));
        LinkedHashMap<String, Tensor> params;
        OptimizerState optimizer;
        try (InputStream in = fs.open(new Path(dir, BEST_PARAMS))) {
            params = StateDict.read(in);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(new Path(dir, BEST_PARAMS) + ": " + e.getMessage(), e);
        }
        try (InputStream in = fs.open(new Path(dir, BEST_OPTIMIZER))) {
            optimizer = OptimizerState.read(in);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(new Path(dir, BEST_OPTIMIZER) + ": " + e.getMessage(), e);
        }
        return new BestIterate(f.integer("iteration"), ParameterVector.of(params), optimizer,
                readSchedule(f, f.node()));
    }

    private static void putSchedule(ObjectNode root, SchedulerState sc) {
        if (sc == null) {
            root.putNull("schedule");
            return;
        }
        ObjectNode sn = root.putObject("schedule")
                .put("kind", sc.kind())
                .put("baseLr", sc.baseLr())
                .put("lastEpoch", sc.lastEpoch())
                .put("lastLr", sc.lastLr());
        ObjectNode settings = sn.putObject("settings");
        new TreeMap<>(sc.settings()).forEach(settings::put);
    }

    private static SchedulerState readSchedule(Json.Fields f, JsonNode c) {
        if (!c.hasNonNull("schedule")) {
            return null;
        }
        Json.Fields sc = f.object("schedule");
        Map<String, Double> settings = new TreeMap<>();
        sc.node().path("settings").properties().forEach(e -> settings.put(e.getKey(), e.getValue().asDouble()));
        return new SchedulerState(sc.string("kind"), sc.finiteDouble("baseLr"), sc.integer("lastEpoch"),
                sc.finiteDouble("lastLr"), settings);
    }

    static ObjectNode toJson(SavedModel m, boolean withOptimizer) {
        ModelSpec s = m.spec();
        ObjectNode root = Json.object().put("format", FORMAT).put("formatVersion", FORMAT_VERSION);
        ObjectNode model = root.putObject("model")
                .put("type", s.type())
                .put("task", s.task().configName())
                .put("classes", s.classes());
        ArrayNode hidden = model.putArray("hidden");
        s.hidden().forEach(hidden::add);
        model.put("activation", s.activation()).put("class", s.className());
        ObjectNode options = model.putObject("options");
        new TreeMap<>(s.options()).forEach(options::put);
        if (s.fm() != null) {
            model.putObject("fm").put("factorSize", s.fm().factorSize()).put("fitLinear", s.fm().fitLinear())
                    .put("fitIntercept", s.fm().fitIntercept()).put("initStd", s.fm().initStd());
        }
        if (s.glm() != null) {
            ObjectNode glm = model.putObject("glm").put("family", s.glm().family())
                    .put("variancePower", s.glm().variancePower()).put("link", s.glm().link());
            Json.putNumber(glm, "linkPower", s.glm().linkPower());
            glm.put("fitIntercept", s.glm().fitIntercept());
        }
        if (s.loss() != null) {
            ObjectNode loss = model.putObject("loss").put("name", s.loss().name());
            if (s.loss().huber()) {
                loss.put("epsilon", s.loss().epsilon());
            }
        }
        boolean spaced = m.features() instanceof FeatureSpace.Names;
        if (spaced) {
            // sparse input: a million feature names or statistics in JSON would be tens of megabytes
            FeatureSpace fs = ((FeatureSpace.Names) m.features()).space();
            ObjectNode sp = root.putObject("featureSpace").put("kind", fs.kind().name().toLowerCase(Locale.ROOT))
                    .put("dimension", fs.dimension()).put("vectorColumn", fs.vectorColumn());
            ArrayNode hashed = sp.putArray("hashed");
            fs.hashed().forEach(hashed::add);
            if (!fs.ownNames().isEmpty()) {
                ArrayNode names = sp.putArray("names");
                fs.ownNames().forEach(names::add);
            }
        } else {
            ArrayNode features = root.putArray("features");
            m.features().forEach(features::add);
        }
        root.put("label", m.label());
        ArrayNode classes = root.putArray("labelClasses");
        for (int c = 0; c < s.classes(); c++) {
            classes.add(c);
        }
        ObjectNode st = root.putObject("standardization").put("enabled", m.standardized());
        if (spaced) {
            st.put("file", STANDARDIZATION);
        } else {
            Json.putDoubles(st.putArray("means"), m.means());
            Json.putDoubles(st.putArray("stds"), m.stds());
        }
        ArrayNode params = root.putArray("parameters");
        m.parameters().forEach((name, t) -> {
            ArrayNode shape = params.addObject().put("name", name).putArray("shape");
            for (int d : t.shape()) {
                shape.add(d);
            }
        });
        if (!spaced && LinearCoefficients.applies(s)) {
            // what MLlib's models report and users read: coefficients in the original feature space
            LinearCoefficients lc = LinearCoefficients.of(m);
            ObjectNode linear = root.putObject("linear");
            ArrayNode rows = linear.putArray("coefficients");
            for (double[] row : lc.coefficients()) {
                Json.putDoubles(rows.addArray(), row);
            }
            Json.putDoubles(linear.putArray("intercepts"), lc.intercepts());
        }
        root.put("parametersFile", PARAMS);
        root.put("optimizerFile", withOptimizer ? OPTIMIZER : null);
        root.put("iterations", m.iterations());
        putSchedule(root, m.schedule());
        return root;
    }

    /**
     * Reads a model directory; {@code path} may also be a training run's output, whose
     * {@code model/} sub-directory is then used.
     *
     * @throws IllegalArgumentException when the directory holds no readable model, naming the file
     *     and what is wrong
     */
    public static SavedModel read(Configuration conf, String path) {
        try {
            Path dir = modelDir(conf, path);
            return readDir(dir.getFileSystem(conf), dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model from '" + path + "': " + e.getMessage(), e);
        }
    }

    /** Reads the model in {@code dir} (which holds {@code model.json}), verifying its manifest if it has one. */
    static SavedModel readDir(FileSystem fs, Path dir) throws IOException {
        if (Manifest.exists(fs, dir)) {
            Manifest.verify(fs, dir);
        }
        Path json = new Path(dir, MODEL_JSON);
        JsonNode c = Json.read(fs, json);
        Json.Fields f = new Json.Fields(json, c);
        if (!FORMAT.equals(f.string("format")) || f.integer("formatVersion") != FORMAT_VERSION) {
            throw new IllegalArgumentException(json + ": not a " + FORMAT + " version " + FORMAT_VERSION
                    + " file (format '" + c.path("format").asText() + "', version " + c.path("formatVersion").asText() + ")");
        }
        Json.Fields mc = f.object("model");
        Map<String, String> options = new LinkedHashMap<>();
        mc.node().path("options").properties().forEach(e -> options.put(e.getKey(), e.getValue().asText()));
        String taskName = mc.string("task");
        Task task;
        try {
            task = Task.valueOf(taskName.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(json + ": model.task '" + taskName + "' is not one of regression, binary, multiclass");
        }
        FmSettings fm = null;
        if (mc.node().has("fm")) {
            Json.Fields fc = mc.object("fm");
            fm = new FmSettings(fc.integer("factorSize"), fc.bool("fitLinear"), fc.bool("fitIntercept"),
                    fc.finiteDouble("initStd"));
        }
        GlmSettings glm = null;
        if (mc.node().has("glm")) {
            Json.Fields gc = mc.object("glm");
            JsonNode lp = gc.node().path("linkPower");
            try {
                // model.json files written before fitIntercept was a glm setting always had an intercept
                JsonNode fit = gc.node().path("fitIntercept");
                glm = new GlmSettings(gc.string("family"), gc.finiteDouble("variancePower"), gc.string("link"),
                        lp.isNumber() ? lp.asDouble() : Double.NaN, !fit.isBoolean() || fit.asBoolean());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(json + ": model.glm: " + e.getMessage(), e);
            }
        }
        LossSettings loss = null;
        if (mc.node().has("loss")) {
            Json.Fields lc = mc.object("loss");
            String name = lc.string("name");
            try {
                loss = name.equals("huber") ? LossSettings.huber(lc.finiteDouble("epsilon")) : new LossSettings(name, Double.NaN);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(json + ": model.loss: " + e.getMessage());
            }
        }
        ModelSpec spec = new ModelSpec(mc.string("type"), mc.integer("classes"), mc.integers("hidden"),
                mc.string("activation"), task, mc.string("class"), options, fm, glm, loss);
        List<String> features;
        Json.Fields st = f.object("standardization");
        double[] means;
        double[] stds;
        if (c.has("featureSpace")) {
            Json.Fields sp = f.object("featureSpace");
            String kind = sp.string("kind");
            FeatureSpace space;
            try {
                space = new FeatureSpace(FeatureSpace.Kind.valueOf(kind.toUpperCase(Locale.ROOT)), sp.integer("dimension"),
                        sp.string("vectorColumn"), sp.strings("hashed"),
                        sp.node().has("names") ? sp.strings("names") : List.of());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(json + ": featureSpace: " + e.getMessage());
            }
            features = space.names();
            Path file = new Path(dir, st.string("file"));
            LinkedHashMap<String, Tensor> s;
            try (InputStream in = fs.open(file)) {
                s = StateDict.read(in);
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
            }
            if (!s.containsKey("means") || !s.containsKey("stds") || s.get("means").numel() != features.size()
                    || s.get("stds").numel() != features.size()) {
                throw new IllegalArgumentException(file + ": expected 'means' and 'stds' of " + features.size() + " values");
            }
            means = s.get("means").toArray();
            stds = s.get("stds").toArray();
        } else {
            features = f.strings("features");
            if (new HashSet<>(features).size() != features.size()) {
                throw new IllegalArgumentException(json + ": 'features' lists a column twice: " + features);
            }
            means = st.finiteDoubles("means", features.size());
            stds = st.finiteDoubles("stds", features.size());
        }
        for (int j = 0; j < stds.length; j++) {
            if (!(stds[j] > 0)) {
                throw new IllegalArgumentException(json + ": standardization.stds[" + j + "] (feature '" + features.get(j)
                        + "') is " + stds[j] + "; every divisor must be positive");
            }
        }

        LinkedHashMap<String, int[]> declared = new LinkedHashMap<>();
        for (Json.Fields p : f.objects("parameters")) {
            declared.put(p.string("name"), p.integers("shape").stream().mapToInt(Integer::intValue).toArray());
        }
        Path paramsFile = new Path(dir, f.string("parametersFile"));
        LinkedHashMap<String, Tensor> params;
        try (InputStream in = fs.open(paramsFile)) {
            params = StateDict.read(in);
        } catch (java.io.FileNotFoundException e) {
            throw new IllegalArgumentException(paramsFile + ": missing (named by " + MODEL_JSON + ")");
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(paramsFile + ": " + e.getMessage(), e);
        }
        if (!new ArrayList<>(declared.keySet()).equals(new ArrayList<>(params.keySet()))) {
            throw new IllegalArgumentException(paramsFile + ": parameters " + params.keySet() + " do not match "
                    + MODEL_JSON + "'s " + declared.keySet());
        }
        for (Map.Entry<String, int[]> e : declared.entrySet()) {
            int[] actual = params.get(e.getKey()).shape();
            if (!Arrays.equals(actual, e.getValue())) {
                throw new IllegalArgumentException(paramsFile + ": parameter '" + e.getKey() + "' has shape "
                        + Shape.format(actual) + ", " + MODEL_JSON + " declares " + Shape.format(e.getValue()));
            }
        }
        checkAgainstModel(json, spec, features.size(), params);

        SchedulerState schedule = readSchedule(f, c);
        int iterations = f.integer("iterations");
        if (iterations < 0) {
            throw new IllegalArgumentException(json + ": iterations is " + iterations + "; expected a count >= 0");
        }
        return new SavedModel(spec, features, f.string("label"), st.bool("enabled"), means, stds, params, iterations,
                schedule);
    }

    /** The parameters must be the ones the spec's model has for this many features, shape for shape. */
    private static void checkAgainstModel(Path json, ModelSpec spec, int features, Map<String, Tensor> params) {
        long firstLayer = (long) features * (spec.hidden().isEmpty() ? Math.max(spec.classes(), 1) : spec.hidden().get(0))
                + (spec.fm() == null ? 0 : (long) features * spec.fm().factorSize());
        if (firstLayer > 1L << 24) {
            return;  // too wide to build a model just to compare shapes: the file's shapes were checked against model.json
        }
        LinkedHashMap<String, Tensor> expected;
        try {
            expected = Models.create(spec, features).initialParameters(0);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(json + ": " + e.getMessage(), e);
        }
        for (Map.Entry<String, Tensor> e : expected.entrySet()) {
            Tensor saved = params.get(e.getKey());
            if (saved == null || !Arrays.equals(saved.shape(), e.getValue().shape())) {
                throw new IllegalArgumentException(json + ": a " + spec.type() + " model over " + features
                        + " features has parameter '" + e.getKey() + "' of shape " + Shape.format(e.getValue().shape())
                        + ", the file has " + (saved == null ? "none" : Shape.format(saved.shape())));
            }
        }
        if (!expected.keySet().equals(params.keySet())) {
            throw new IllegalArgumentException(json + ": parameters " + params.keySet() + " are not the model's "
                    + expected.keySet());
        }
    }

    /**
     * The optimizer state saved next to the model in {@code dir}, or null when none was saved
     * ({@code optimizerFile} is null).
     */
    static OptimizerState readOptimizerStateIn(FileSystem fs, Path dir) throws IOException {
        Path json = new Path(dir, MODEL_JSON);
        JsonNode c = Json.read(fs, json);
        if (!c.hasNonNull("optimizerFile")) {
            return null;
        }
        Path file = new Path(dir, c.get("optimizerFile").asText());
        try (InputStream in = fs.open(file)) {
            return OptimizerState.read(in);
        } catch (java.io.FileNotFoundException e) {
            throw new IllegalArgumentException(file + ": missing (named by " + json + ")");
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** The optimizer state saved next to a model, or null when there is none. */
    public static OptimizerState readOptimizerState(Configuration conf, String path) {
        try {
            Path dir = modelDir(conf, path);
            return readOptimizerStateIn(dir.getFileSystem(conf), dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read optimizer state from '" + path + "': " + e.getMessage(), e);
        }
    }

    static Path modelDir(Configuration conf, String path) throws IOException {
        Path dir = new Path(path);
        FileSystem fs = dir.getFileSystem(conf);
        if (fs.exists(new Path(dir, MODEL_JSON))) {
            return dir;
        }
        Path nested = new Path(dir, "model");
        if (fs.exists(new Path(nested, MODEL_JSON))) {
            return nested;
        }
        if (!fs.exists(dir)) {
            throw new IllegalArgumentException("'" + path + "' does not exist");
        }
        throw new IllegalArgumentException("no " + MODEL_JSON + " in '" + path + "' or '" + nested + "'");
    }
}
