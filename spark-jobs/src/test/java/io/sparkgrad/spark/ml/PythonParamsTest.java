package io.sparkgrad.spark.ml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.ml.param.Param;
import org.apache.spark.ml.param.Params;
import org.junit.jupiter.api.Test;

/**
 * The Python package's params are the Java stages' own: {@code python/sparkgrad/_params.py} must
 * be what {@link PythonParams} generates from them now. With {@code SPARKGRAD_WRITE_PYTHON_PARAMS=1}
 * (what {@code python/regenerate-params.sh} sets) the test rewrites the file instead.
 */
class PythonParamsTest {

    @Test
    void theGeneratedPythonParamsAreUpToDateWithTheJavaStages() throws Exception {
        String expected = PythonParams.generate();
        Path file = PythonParams.FILE;
        if ("1".equals(System.getenv("SPARKGRAD_WRITE_PYTHON_PARAMS"))) {
            Files.writeString(file, expected);
        }
        String actual = Files.exists(file) ? Files.readString(file) : "";
        if (!actual.equals(expected)) {
            List<String> want = expected.lines().toList();
            List<String> have = actual.lines().toList();
            int i = 0;
            while (i < want.size() && i < have.size() && want.get(i).equals(have.get(i))) {
                i++;
            }
            fail(file + " is out of date with the Java params (first difference at line " + (i + 1) + ": expected '"
                    + (i < want.size() ? want.get(i) : "<end of file>") + "', found '"
                    + (i < have.size() ? have.get(i) : "<end of file>") + "'); run python/regenerate-params.sh");
        }
    }

    @Test
    void everyParamOfEveryStageIsInTheGeneratedFileWithItsDoc() {
        String text = PythonParams.generate();
        int count = 0;
        for (Params stage : PythonParams.stages()) {
            assertTrue(text.contains("class _" + stage.getClass().getSimpleName() + "Params(Params):"), stage.getClass().getName());
            for (Param<?> p : stage.params()) {
                assertTrue(text.contains("Params._dummy(), " + PythonParams.str(p.name()) + ", " + PythonParams.str(p.doc())),
                        stage.getClass().getSimpleName() + "." + p.name());
                count++;
            }
        }
        assertTrue(count > 60, "params seen: " + count);
    }

    @Test
    void javaDefaultsBecomePythonLiterals() {
        assertEquals("[64, 32]", PythonParams.literal(new int[] {64, 32}));
        assertEquals("[\"a\\\"b\"]", PythonParams.literal(new String[] {"a\"b"}));
        assertEquals("1.0E-4", PythonParams.literal(1e-4));
        assertEquals("float(\"-inf\")", PythonParams.literal(Double.NEGATIVE_INFINITY));
        assertEquals("True", PythonParams.literal(true));
        assertEquals("42", PythonParams.literal(42L));
    }
}
