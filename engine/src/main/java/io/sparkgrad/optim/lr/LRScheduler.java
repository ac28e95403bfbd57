package io.sparkgrad.optim.lr;

import io.sparkgrad.optim.Optimizer;

/**
 * Changes an optimizer's learning rate once per epoch, as {@code torch.optim.lr_scheduler}'s
 * schedulers: the constructor records the optimizer's current lr as the base lr and takes the
 * initial step to epoch 0 (which leaves the lr unchanged); each {@link #step()}, called after
 * the optimizer's step, advances one epoch and sets the new lr. The update is PyTorch's chainable
 * (recursive) form, computed from the optimizer's current lr, so the values agree with PyTorch's
 * to rounding; like PyTorch's they also compose with changes made to the lr from outside.
 *
 * <p>{@link #state()} and {@link #loadState} export and restore the epoch counter; restore the
 * optimizer's state (which holds the current lr) too, and the schedule continues exactly.
 */
public abstract class LRScheduler {
    private final Optimizer optimizer;
    private double baseLr;
    private int lastEpoch;
    private double lastLr;

    LRScheduler(Optimizer optimizer) {
        if (optimizer == null) {
            throw new IllegalArgumentException("scheduler needs an optimizer, got null");
        }
        this.optimizer = optimizer;
        this.baseLr = optimizer.lr();
        this.lastEpoch = -1;
        step();
    }

    /** Advances one epoch and sets the optimizer's lr to the schedule's value for it. */
    public void step() {
        lastEpoch++;
        double lr = lastEpoch == 0 ? optimizer.lr() : nextLr(optimizer.lr(), baseLr, lastEpoch);
        optimizer.setLr(lr);
        lastLr = lr;
    }

    /** The lr this scheduler last set ({@code get_last_lr()[0]}). */
    public double lastLr() {
        return lastLr;
    }

    /** The epoch the last {@link #step()} moved to; 0 right after construction ({@code last_epoch}). */
    public int lastEpoch() {
        return lastEpoch;
    }

    /** The optimizer's lr when the scheduler was created ({@code initial_lr}). */
    public double baseLr() {
        return baseLr;
    }

    /** The optimizer this scheduler drives. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** The epoch counter and lrs, to restore with {@link #loadState}. */
    public SchedulerState state() {
        return new SchedulerState(kind(), baseLr, lastEpoch, lastLr, settings());
    }

    /**
     * Rebuilds the scheduler {@code state} describes, with its saved settings, over
     * {@code optimizer} and continues its epoch count: a resumed run gets the schedule it was
     * started with, whatever its own configuration would derive.
     *
     * @throws IllegalArgumentException for an unknown kind or a state without its settings
     */
    public static LRScheduler restore(Optimizer optimizer, SchedulerState state) {
        LRScheduler s = switch (state.kind()) {
            case "StepLR" -> new StepLR(optimizer, (int) state.setting("step_size"), state.setting("gamma"));
            case "ExponentialLR" -> new ExponentialLR(optimizer, state.setting("gamma"));
            case "CosineAnnealingLR" -> new CosineAnnealingLR(optimizer, (int) state.setting("T_max"),
                    state.setting("eta_min"));
            case "InverseSqrtLR" -> new InverseSqrtLR(optimizer);
            default -> throw new IllegalArgumentException("unknown scheduler kind '" + state.kind()
                    + "' (known: StepLR, ExponentialLR, CosineAnnealingLR, InverseSqrtLR)");
        };
        s.loadState(state);
        return s;
    }

    /**
     * Restores the epoch counter and base lr of a scheduler of the same kind (its own settings,
     * such as step size or gamma, are this scheduler's). Does not touch the optimizer's lr: that
     * is part of the optimizer's state.
     */
    public void loadState(SchedulerState state) {
        if (!state.kind().equals(kind())) {
            throw new IllegalArgumentException("cannot load a " + state.kind() + " scheduler state into " + kind());
        }
        if (state.lastEpoch() < 0) {
            throw new IllegalArgumentException(kind() + " state has a negative epoch " + state.lastEpoch());
        }
        this.baseLr = state.baseLr();
        this.lastEpoch = state.lastEpoch();
        this.lastLr = state.lastLr();
    }

    /** The class name written into {@link SchedulerState}. */
    abstract String kind();

    /** The constructor's settings by PyTorch's names, written into {@link SchedulerState}. */
    abstract java.util.Map<String, Double> settings();

    /** The lr for {@code epoch} (at least 1) given the lr in force at the previous epoch. */
    abstract double nextLr(double previousLr, double baseLr, int epoch);
}
