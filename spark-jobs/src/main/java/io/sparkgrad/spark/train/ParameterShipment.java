package io.sparkgrad.spark.train;

import io.sparkgrad.spark.state.ParameterVector;
import java.io.Serializable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;

/**
 * How θ reaches the executors for one job: inside the task itself when it is small (the task
 * binary is broadcast by Spark's scheduler anyway, so a separate broadcast only adds a block to
 * store, fetch and destroy), as a broadcast of its own when it is large (so it is not serialised
 * into the task binary, and fetched once per executor).
 */
abstract class ParameterShipment implements Serializable {
    private static final long serialVersionUID = 1L;
    /**
     * θ up to this many doubles (256 KiB) travels in the task. Measured with
     * {@code FixedCostBenchmark}: for 11 parameters the task form saves about 3 ms of an
     * iteration's fixed cost; at 10⁶ parameters the broadcast is faster.
     */
    static final int IN_TASK_MAX_VALUES = 1 << 15;

    abstract ParameterVector get();

    /** Frees what the shipment holds on the cluster, once the job is done. */
    abstract void release();

    /** Whether θ travels as a broadcast of its own (else inside the task). */
    abstract boolean isBroadcast();

    static ParameterShipment of(JavaSparkContext sc, ParameterVector theta) {
        return theta.size() <= IN_TASK_MAX_VALUES ? new InTask(theta) : new Broadcasted(sc.broadcast(theta));
    }

    private static final class InTask extends ParameterShipment {
        private static final long serialVersionUID = 1L;
        private final ParameterVector theta;

        InTask(ParameterVector theta) {
            this.theta = theta;
        }

        @Override
        ParameterVector get() {
            return theta;
        }

        @Override
        void release() {}

        @Override
        boolean isBroadcast() {
            return false;
        }
    }

    private static final class Broadcasted extends ParameterShipment {
        private static final long serialVersionUID = 1L;
        private final Broadcast<ParameterVector> theta;

        Broadcasted(Broadcast<ParameterVector> theta) {
            this.theta = theta;
        }

        @Override
        ParameterVector get() {
            return theta.value();
        }

        @Override
        void release() {
            theta.destroy();
        }

        @Override
        boolean isBroadcast() {
            return true;
        }
    }
}
