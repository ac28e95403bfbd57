package io.sparkgrad.optim.lr;

/**
 * What a {@link LRScheduler} needs to continue where it stopped, PyTorch's
 * {@code scheduler.state_dict()} minus the settings the constructor already takes.
 *
 * @param kind the scheduler's class name, e.g. {@code "StepLR"}
 * @param baseLr the optimizer's lr when the schedule started ({@code initial_lr})
 * @param lastEpoch the epoch of the last step ({@code last_epoch})
 * @param lastLr the lr the last step set ({@code get_last_lr()[0]})
 */
public record SchedulerState(String kind, double baseLr, int lastEpoch, double lastLr) {
}
