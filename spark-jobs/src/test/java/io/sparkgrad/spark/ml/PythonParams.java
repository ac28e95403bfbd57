package io.sparkgrad.spark.ml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.ml.param.BooleanParam;
import org.apache.spark.ml.param.DoubleArrayParam;
import org.apache.spark.ml.param.DoubleParam;
import org.apache.spark.ml.param.FloatParam;
import org.apache.spark.ml.param.IntArrayParam;
import org.apache.spark.ml.param.IntParam;
import org.apache.spark.ml.param.LongParam;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.apache.spark.ml.param.StringArrayParam;
import scala.Option;

/**
 * Writes {@code python/sparkgrad/_params.py}: the Python side of every param of the Spark ML
 * stages sparkgrad ships — name, doc string, type, default — read from the Java stages
 * themselves, so the Python door never copies a param by hand. {@link PythonParamsTest} fails
 * while the committed file differs from what this writes; {@code python/regenerate-params.sh}
 * rewrites it.
 */
public final class PythonParams {
    /** The generated file, relative to the repository root. */
    static final Path FILE = Path.of("python/sparkgrad/_params.py");

    private PythonParams() {
    }

    /** The stages the Python package wraps, each an instance made by its public no-arg constructor. */
    static List<Params> stages() {
        return List.of(new SparkgradClassifier(), new SparkgradRegressor(), new SparkgradClassificationModel(),
                new SparkgradRegressionModel());
    }

    public static void main(String[] args) throws IOException {
        Path out = args.length > 0 ? Path.of(args[0]) : FILE;
        Files.writeString(out, generate());
        System.out.println("wrote " + out);
    }

    /** The text of {@code _params.py}. */
    static String generate() {
        StringBuilder b = new StringBuilder();
        b.append("# Generated from the Java stages by io.sparkgrad.spark.ml.PythonParams (spark-jobs test sources).\n");
        b.append("# Do not edit: after adding or changing a Java param, run python/regenerate-params.sh.\n");
        b.append("# PythonParamsTest, part of `mvn -B verify`, fails while this file is out of date.\n");
        b.append("\"\"\"The params of sparkgrad's Spark ML stages: the Java side's names, doc strings, types and defaults.\"\"\"\n\n");
        b.append("from typing import Any, Dict, List, Optional, TypeVar\n\n");
        b.append("from pyspark.ml.param import Param, Params, TypeConverters\n\n");
        b.append("_S = TypeVar(\"_S\", bound=Params)\n\n");
        b.append("#: the Java class of each stage, by its Python name\n");
        b.append("JAVA_CLASSES: Dict[str, str] = {\n");
        for (Params stage : stages()) {
            b.append("    ").append(str(stage.getClass().getSimpleName())).append(": ").append(str(stage.getClass().getName()))
                    .append(",\n");
        }
        b.append("}\n");
        for (Params stage : stages()) {
            b.append("\n\n");
            stage(b, stage);
        }
        return b.toString();
    }

    private static void stage(StringBuilder b, Params stage) {
        String java = stage.getClass().getName();
        List<Param<?>> params = new ArrayList<>();
        for (Param<?> p : stage.params()) {
            params.add(p);
        }
        b.append("class _").append(stage.getClass().getSimpleName()).append("Params(Params):\n");
        b.append("    \"\"\"The params of ``").append(java).append("``.\"\"\"\n\n");
        for (Param<?> p : params) {
            Kind k = kind(stage, p);
            b.append("    ").append(name(p)).append(": \"Param[").append(k.hint).append("]\" = Param(\n");
            b.append("        Params._dummy(), ").append(str(p.name())).append(", ").append(str(p.doc()))
                    .append(", typeConverter=TypeConverters.").append(k.converter).append("\n    )\n");
        }
        boolean estimator = stage instanceof org.apache.spark.ml.Estimator;
        if (estimator) {
            // typed keywords, so that an IDE completes the constructor's params too; the stage makes
            // its Java object in _init_java (sparkgrad/ml.py) before they are set
            b.append("\n    def __init__(\n        self,\n        *,\n");
            keywords(b, stage, params);
            b.append("    ) -> None:\n");
            b.append("        super().__init__()\n");
        } else {
            b.append("\n    def __init__(self, *args: Any) -> None:\n");
            b.append("        super().__init__(*args)\n");
        }
        List<String> defaults = new ArrayList<>();
        for (Param<?> p : params) {
            Option<?> d = stage.getDefault(p);
            if (d.isDefined()) {
                defaults.add(p.name() + "=" + literal(d.get()));
            }
        }
        if (!defaults.isEmpty()) {
            b.append("        self._setDefault(\n");
            for (String d : defaults) {
                b.append("            ").append(d).append(",\n");
            }
            b.append("        )\n");
        }
        if (estimator) {
            b.append("        self._init_java()  # type: ignore[attr-defined]\n");
            b.append("        self.setParams(\n");
            for (Param<?> p : params) {
                b.append("            ").append(p.name()).append("=").append(p.name()).append(",\n");
            }
            b.append("            **others,\n        )\n");
        }
        for (Param<?> p : params) {
            Kind k = kind(stage, p);
            String cap = p.name().substring(0, 1).toUpperCase(Locale.ROOT) + p.name().substring(1);
            b.append("\n    def get").append(cap).append("(self) -> ").append(k.hint).append(":\n");
            b.append("        \"\"\"The value of ``").append(p.name()).append("`` or its default: ").append(docText(p.doc()))
                    .append("\"\"\"\n");
            b.append("        return self.getOrDefault(self.").append(p.name()).append(")  # type: ignore[no-any-return]\n");
            b.append("\n    def set").append(cap).append("(self: _S, value: ").append(k.hint).append(") -> _S:\n");
            b.append("        \"\"\"Sets ``").append(p.name()).append("``: ").append(docText(p.doc())).append("\"\"\"\n");
            b.append("        return self._set(").append(p.name()).append("=value)\n");
        }
        b.append("\n    def setParams(\n        self: _S,\n        *,\n");
        keywords(b, stage, params);
        b.append("    ) -> _S:\n");
        b.append("        \"\"\"Sets the params given by keyword; ``None`` leaves a param as it is. A name the Java stage\n");
        b.append("        does not have is refused with the Java side's message.\"\"\"\n");
        b.append("        given = {\n");
        for (Param<?> p : params) {
            b.append("            ").append(str(p.name())).append(": ").append(p.name()).append(",\n");
        }
        b.append("        }\n");
        b.append("        return self._set(**{k: v for k, v in given.items() if v is not None}, **others)\n");
    }

    /** Every param as an optional keyword argument, then {@code **others} (refused with Java's message). */
    private static void keywords(StringBuilder b, Params stage, List<Param<?>> params) {
        for (Param<?> p : params) {
            b.append("        ").append(p.name()).append(": Optional[").append(kind(stage, p).hint).append("] = None,\n");
        }
        b.append("        **others: Any,\n");
    }

    /** A param's Python type hint and pyspark type converter, from its Java class (and default). */
    private record Kind(String hint, String converter) {
    }

    private static Kind kind(Params stage, Param<?> p) {
        if (p instanceof IntParam || p instanceof LongParam) {
            return new Kind("int", "toInt");
        }
        if (p instanceof DoubleParam || p instanceof FloatParam) {
            return new Kind("float", "toFloat");
        }
        if (p instanceof BooleanParam) {
            return new Kind("bool", "toBoolean");
        }
        if (p instanceof StringArrayParam) {
            return new Kind("List[str]", "toListString");
        }
        if (p instanceof IntArrayParam) {
            return new Kind("List[int]", "toListInt");
        }
        if (p instanceof DoubleArrayParam) {
            return new Kind("List[float]", "toListFloat");
        }
        Option<?> d = stage.getDefault(p);
        if (p.getClass() == Param.class && (d.isEmpty() || d.get() instanceof String)) {
            return new Kind("str", "toString");
        }
        throw new IllegalStateException(stage.getClass().getSimpleName() + "." + p.name() + ": no Python type for a "
                + p.getClass().getName() + (d.isDefined() ? " with default of " + d.get().getClass().getName() : "")
                + "; teach PythonParams.kind this kind of param");
    }

    private static final Set<String> PYTHON_KEYWORDS = Set.of("False", "None", "True", "and", "as", "assert", "async",
            "await", "break", "class", "continue", "def", "del", "elif", "else", "except", "finally", "for", "from",
            "global", "if", "import", "in", "is", "lambda", "nonlocal", "not", "or", "pass", "raise", "return", "try",
            "while", "with", "yield");

    private static String name(Param<?> p) {
        if (!p.name().matches("[A-Za-z_][A-Za-z0-9_]*") || PYTHON_KEYWORDS.contains(p.name())) {
            throw new IllegalStateException("param '" + p.name() + "' cannot be a Python keyword argument");
        }
        return p.name();
    }

    /** A Java default as a Python literal. */
    static String literal(Object v) {
        if (v instanceof String s) {
            return str(s);
        }
        if (v instanceof Boolean x) {
            return x ? "True" : "False";
        }
        if (v instanceof Integer || v instanceof Long) {
            return v.toString();
        }
        if (v instanceof Double || v instanceof Float) {
            double d = ((Number) v).doubleValue();
            if (Double.isNaN(d)) {
                return "float(\"nan\")";
            }
            if (Double.isInfinite(d)) {
                return d > 0 ? "float(\"inf\")" : "float(\"-inf\")";
            }
            return Double.toString(d);
        }
        if (v instanceof String[] a) {
            return java.util.Arrays.stream(a).map(PythonParams::str).collect(Collectors.joining(", ", "[", "]"));
        }
        if (v instanceof int[] a) {
            return java.util.Arrays.stream(a).mapToObj(Integer::toString).collect(Collectors.joining(", ", "[", "]"));
        }
        if (v instanceof double[] a) {
            return java.util.Arrays.stream(a).mapToObj(PythonParams::literal).collect(Collectors.joining(", ", "[", "]"));
        }
        throw new IllegalStateException("no Python literal for a default of " + v.getClass().getName());
    }

    /** A double-quoted Python string literal. */
    static String str(String s) {
        return "\"" + escape(s) + "\"";
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** A doc string's text: escaped, ending with a full stop. */
    private static String docText(String doc) {
        String d = escape(doc);
        return d.endsWith(".") ? d : d + ".";
    }
}
