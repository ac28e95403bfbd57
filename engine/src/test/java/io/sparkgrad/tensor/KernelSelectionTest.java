package io.sparkgrad.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/**
 * Without {@code --add-modules jdk.incubator.vector} the scalar kernels are chosen and the vector
 * class is never even loaded (loading it would fail to link). Maven runs this in its
 * {@code kernels-without-vector-module} execution; where the module is present it is skipped.
 */
class KernelSelectionTest {

    @Test
    void withoutTheVectorModuleTheScalarKernelsRunAndTheVectorClassIsNeverLoaded() throws Exception {
        assumeTrue(ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty(), "the vector module is present");
        Tensor a = Tensor.randn(new Generator(1), 40, 30);
        double[] product = a.matmul(a.t()).toArray();
        assertEquals(1600, product.length);
        assertFalse(Kernels.vectorized());
        assertEquals("scalar", Kernels.implementation());
        Method findLoaded = ClassLoader.class.getDeclaredMethod("findLoadedClass", String.class);
        findLoaded.setAccessible(true);
        assertNull(findLoaded.invoke(Kernels.class.getClassLoader(), "io.sparkgrad.tensor.VectorBackend"));
    }
}
