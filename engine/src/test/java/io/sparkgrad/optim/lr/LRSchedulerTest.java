package io.sparkgrad.optim.lr;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.sparkgrad.optim.Adam;
import io.sparkgrad.optim.Optimizer;
import io.sparkgrad.optim.OptimizerFixtures;
import io.sparkgrad.optim.SGD;
import io.sparkgrad.tensor.Tensor;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The schedulers against the 30-epoch lr sequences torch 1.13 recorded in {@code optimizers.json}. */
class LRSchedulerTest {
    /**
     * PyTorch's recursion is reproduced operation for operation, and on the JDK this was written
     * with the sequences agree bit for bit; the tolerance only allows Math.cos and glibc's cos to
     * differ in the last bit on another platform.
     */
    static final double TOLERANCE = 1e-15;

    static Stream<Arguments> schedulers() {
        return OptimizerFixtures.schedulers().stream().map(s -> Arguments.of(s.get("name").asText(), s));
    }

    static LRScheduler create(JsonNode s, Optimizer opt) {
        JsonNode kw = s.get("kwargs");
        switch (s.get("scheduler").asText()) {
            case "StepLR":
                return new StepLR(opt, kw.get("step_size").asInt(), kw.get("gamma").asDouble());
            case "ExponentialLR":
                return new ExponentialLR(opt, kw.get("gamma").asDouble());
            case "CosineAnnealingLR":
                return new CosineAnnealingLR(opt, kw.get("T_max").asInt(), kw.path("eta_min").asDouble(0.0));
            default:
                throw new IllegalArgumentException("unknown scheduler " + s.get("scheduler"));
        }
    }

    static SGD sgd(double lr) {
        return new SGD(List.of(Tensor.zeros(2).requiresGrad_(true)), lr);
    }

    @ParameterizedTest(name = "{0} gives PyTorch's lr at each of 30 epochs")
    @MethodSource("schedulers")
    void matchesPyTorchLrSequence(String name, JsonNode s) {
        SGD opt = sgd(s.get("base_lr").asDouble());
        LRScheduler sched = create(s, opt);
        double[] lrs = OptimizerFixtures.doubles(s.get("lrs"));
        for (int epoch = 0; epoch < lrs.length; epoch++) {
            assertEquals(epoch, sched.lastEpoch());
            assertEquals(lrs[epoch], opt.lr(), TOLERANCE, name + " at epoch " + epoch);
            assertEquals(opt.lr(), sched.lastLr());
            opt.step();
            sched.step();
        }
    }

    @Test
    void stepLrHalvesEverySevenEpochsExactly() {
        SGD opt = sgd(0.1);
        StepLR sched = new StepLR(opt, 7, 0.5);
        for (int i = 0; i < 14; i++) {
            sched.step();
        }
        assertEquals(0.025, opt.lr());
    }

    @Test
    void cosineReachesEtaMinAtTMaxAndComesBack() {
        SGD opt = sgd(0.1);
        CosineAnnealingLR sched = new CosineAnnealingLR(opt, 10, 0.001);
        for (int i = 0; i < 10; i++) {
            sched.step();
        }
        assertEquals(0.001, opt.lr(), 1e-17);
        for (int i = 0; i < 10; i++) {
            sched.step();
        }
        assertEquals(0.1, opt.lr(), 1e-15);
    }

    @Test
    void restoredSchedulerContinuesIdentically() {
        for (JsonNode s : OptimizerFixtures.schedulers()) {
            SGD a = sgd(0.1);
            LRScheduler sa = create(s, a);
            for (int i = 0; i < 13; i++) {
                sa.step();
            }
            SchedulerState saved = sa.state();
            double savedLr = a.lr();

            SGD b = sgd(0.5);
            LRScheduler sb = create(s, b);
            b.setLr(savedLr);  // part of the optimizer's state
            sb.loadState(saved);
            assertEquals(sa.lastEpoch(), sb.lastEpoch());
            for (int i = 0; i < 17; i++) {
                sa.step();
                sb.step();
                assertEquals(a.lr(), b.lr(), s.get("name").asText() + " after resume, step " + i);
            }
        }
    }

    @Test
    void restoreRebuildsTheScheduleFromItsStateAloneBitForBit() {
        for (JsonNode s : OptimizerFixtures.schedulers()) {
            SGD a = sgd(0.1);
            LRScheduler sa = create(s, a);
            for (int i = 0; i < 13; i++) {
                sa.step();
            }
            SchedulerState saved = sa.state();
            SGD b = sgd(0.1);
            b.setLr(a.lr());  // part of the optimizer's state
            LRScheduler sb = LRScheduler.restore(b, saved);
            assertEquals(sa.getClass(), sb.getClass());
            assertEquals(saved, sb.state());
            for (int i = 0; i < 40; i++) {
                sa.step();
                sb.step();
                assertEquals(Double.doubleToRawLongBits(a.lr()), Double.doubleToRawLongBits(b.lr()),
                        s.get("name").asText() + " after restore, step " + i);
            }
        }
    }

    @Test
    void cosineStateKeepsItsTMax() {
        SGD opt = sgd(0.1);
        SchedulerState state = new CosineAnnealingLR(opt, 10, 0.001).state();
        assertEquals(10.0, state.setting("T_max"));
        assertEquals(0.001, state.setting("eta_min"));
        assertEquals(java.util.Map.of("step_size", 3.0, "gamma", 0.5), new StepLR(sgd(0.1), 3, 0.5).state().settings());
        var e = assertThrows(IllegalArgumentException.class,
                () -> LRScheduler.restore(sgd(0.1), new SchedulerState("CosineAnnealingLR", 0.1, 3, 0.05)));
        assertTrue(e.getMessage().contains("no setting 'T_max'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> LRScheduler.restore(sgd(0.1), new SchedulerState("OneCycleLR", 0.1, 3, 0.05)));
        assertTrue(e.getMessage().contains("unknown scheduler kind 'OneCycleLR'"), e.getMessage());
    }

    @Test
    void loadingAnotherKindOfSchedulerIsRejected() {
        SchedulerState state = new StepLR(sgd(0.1), 3).state();
        var e = assertThrows(IllegalArgumentException.class, () -> new ExponentialLR(sgd(0.1), 0.9).loadState(state));
        assertTrue(e.getMessage().contains("StepLR") && e.getMessage().contains("ExponentialLR"), e.getMessage());
    }

    @Test
    void invalidSettingsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new StepLR(sgd(0.1), 0, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new CosineAnnealingLR(sgd(0.1), 0));
    }

    @Test
    void schedulerDrivesAdamToo() {
        Adam opt = new Adam(List.of(Tensor.zeros(1).requiresGrad_(true)), 0.01);
        ExponentialLR sched = new ExponentialLR(opt, 0.5);
        sched.step();
        assertEquals(0.005, opt.lr());
        assertEquals(0.01, sched.baseLr());
    }
}
