package io.sparkgrad.optim.lr;

import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a {@link LRScheduler} needs to continue where it stopped: PyTorch's
 * {@code scheduler.state_dict()}, settings included, so that {@link LRScheduler#restore} can
 * rebuild the very schedule from it alone (a run resumed with other settings, or with
 * {@code T_max} derived from a different iteration count, still continues the saved schedule).
 *
 * @param kind the scheduler's class name, e.g. {@code "StepLR"}
 * @param baseLr the optimizer's lr when the schedule started ({@code initial_lr})
 * @param lastEpoch the epoch of the last step ({@code last_epoch})
 * @param lastLr the lr the last step set ({@code get_last_lr()[0]})
 * @param settings the constructor's settings by PyTorch's names: {@code step_size} and
 *     {@code gamma} for StepLR, {@code gamma} for ExponentialLR, {@code T_max} and
 *     {@code eta_min} for CosineAnnealingLR; empty in states written before settings were saved
 */
public record SchedulerState(String kind, double baseLr, int lastEpoch, double lastLr, Map<String, Double> settings) {
    public SchedulerState {
        settings = Map.copyOf(new TreeMap<>(settings));
    }

    /** A state without settings: {@link LRScheduler#loadState} accepts it, {@link LRScheduler#restore} does not. */
    public SchedulerState(String kind, double baseLr, int lastEpoch, double lastLr) {
        this(kind, baseLr, lastEpoch, lastLr, Map.of());
    }

    /** A setting by PyTorch's name; an {@link IllegalArgumentException} naming it when absent. */
    public double setting(String name) {
        Double v = settings.get(name);
        if (v == null) {
            throw new IllegalArgumentException(kind + " state has no setting '" + name + "' (saved settings: "
                    + new TreeMap<>(settings).keySet() + ")");
        }
        return v;
    }
}
