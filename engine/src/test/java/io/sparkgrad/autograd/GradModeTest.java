package io.sparkgrad.autograd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sparkgrad.tensor.Tensor;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** noGrad / enableGrad scopes: nesting, restoring, and one thread's mode never leaking into another's. */
class GradModeTest {

    @Test
    void noGradResultsDoNotRequireGrad() {
        Tensor x = Tensor.scalar(2).requiresGrad_(true);
        Tensor y;
        try (var off = GradMode.noGrad()) {
            assertFalse(GradMode.isEnabled());
            y = x.mul(x);
        }
        assertTrue(GradMode.isEnabled());
        assertFalse(y.requiresGrad());
        assertNull(y.gradFn());
        assertTrue(x.mul(x).requiresGrad());
    }

    @Test
    void scopesNestAndRestoreTheOuterMode() {
        Tensor x = Tensor.scalar(2).requiresGrad_(true);
        try (var off = GradMode.noGrad()) {
            try (var on = GradMode.enableGrad()) {
                assertTrue(GradMode.isEnabled());
                assertTrue(x.mul(2.0).requiresGrad());
                try (var offAgain = GradMode.noGrad()) {
                    assertFalse(x.mul(2.0).requiresGrad());
                }
                assertTrue(GradMode.isEnabled());
            }
            assertFalse(GradMode.isEnabled());
        }
        assertTrue(GradMode.isEnabled());
    }

    @Test
    void gradModeIsPerThread() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(1);
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch checked = new CountDownLatch(1);
        try {
            Future<Boolean> other;
            try (var off = GradMode.noGrad()) {
                other = pool.submit(() -> {
                    inside.countDown();
                    // this thread was never switched off, although the main thread is inside noGrad
                    boolean recorded = Tensor.scalar(1).requiresGrad_(true).mul(2.0).requiresGrad();
                    try (var off2 = GradMode.noGrad()) {
                        checked.await(10, TimeUnit.SECONDS);
                    }
                    return recorded && GradMode.isEnabled();
                });
                assertTrue(inside.await(10, TimeUnit.SECONDS));
                assertFalse(GradMode.isEnabled());
            }
            // the other thread is now inside its own noGrad; ours is back on
            assertTrue(GradMode.isEnabled());
            assertTrue(Tensor.scalar(1).requiresGrad_(true).mul(2.0).requiresGrad());
            checked.countDown();
            assertTrue(other.get(10, TimeUnit.SECONDS));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void backwardInsideNoGradStillComputesGradients() {
        Tensor x = Tensor.scalar(3).requiresGrad_(true);
        Tensor y = x.mul(x);
        try (var off = GradMode.noGrad()) {
            y.backward();
        }
        assertEquals(6.0, x.grad().item());
    }
}
