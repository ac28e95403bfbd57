package io.sparkgrad.spark.train;

import io.sparkgrad.spark.state.ParameterVector;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * How the passes of one run get θ to the executors: per pass (each pass ships θ and frees it when
 * done), or kept per θ — the last shipment stays on the cluster until a pass needs another θ, so
 * the passes of one iteration that read the same parameters share one broadcast. After a step, the
 * validation pass at θ_{t+1} and the next iteration's training pass at θ_{t+1} are such passes, and
 * so are the final training and validation evaluations; without this each shipped θ again.
 *
 * <p>Kept shipments are freed when θ changes and by {@link #close}. Driver-side only.
 */
public final class ParameterShipments implements AutoCloseable {
    private final JavaSparkContext sc;
    private final boolean keep;
    private ParameterVector keptTheta;
    private ParameterShipment kept;
    private long shipped;
    private long broadcasts;

    private ParameterShipments(JavaSparkContext sc, boolean keep) {
        this.sc = sc;
        this.keep = keep;
    }

    /** Each pass ships θ and frees it when done. */
    public static ParameterShipments perPass(JavaSparkContext sc) {
        return new ParameterShipments(sc, false);
    }

    /** Passes at the same θ (the same layout and bits) share one shipment, kept until θ changes or {@link #close}. */
    public static ParameterShipments keptPerTheta(JavaSparkContext sc) {
        return new ParameterShipments(sc, true);
    }

    /** θ on the cluster for one pass; hand it back with {@link #done} when the pass is over. */
    synchronized ParameterShipment ship(ParameterVector theta) {
        if (keep && kept != null) {
            if (theta == keptTheta || theta.sameAs(keptTheta)) {
                return kept;
            }
            release();
        }
        ParameterShipment s = ParameterShipment.of(sc, theta);
        shipped++;
        broadcasts += s.isBroadcast() ? 1 : 0;
        if (keep) {
            kept = s;
            keptTheta = theta;
        }
        return s;
    }

    /** The pass that got {@code s} from {@link #ship} is over. */
    synchronized void done(ParameterShipment s) {
        if (!keep) {
            s.release();
        }
    }

    /** Times θ was shipped (in a task or as a broadcast). */
    public synchronized long shipped() {
        return shipped;
    }

    /** Of those, the shipments that were broadcasts of their own (θ above {@link ParameterShipment#IN_TASK_MAX_VALUES}). */
    public synchronized long broadcasts() {
        return broadcasts;
    }

    private void release() {
        if (kept != null) {
            kept.release();
        }
        kept = null;
        keptTheta = null;
    }

    /** Frees a kept shipment. */
    @Override
    public synchronized void close() {
        release();
    }
}
