package io.sparkgrad.spark.output;

/**
 * Test-only pauses that let the reliability suite kill a real driver JVM at an exact instant:
 * the system property {@code sparkgrad.fault} = {@code checkpoint:N} stops the run forever while
 * checkpoint N is half written (its files there, its manifest not), after printing
 * {@code sparkgrad-fault: paused in checkpoint N} on stderr; {@code iteration:N} likewise after
 * iteration N, and {@code crash-after:N} throws there. With {@code sparkgrad.fault.release} naming a file, the pause ends once that
 * file exists. Unset (always, outside those tests), it does nothing.
 */
public final class FaultInjection {
    private static final String PROPERTY = "sparkgrad.fault";

    private FaultInjection() {}

    static void checkpointWritten(int iteration) {
        String fault = System.getProperty(PROPERTY);
        if (fault != null && fault.equals("checkpoint:" + iteration)) {
            pause("paused in checkpoint " + iteration);
        }
    }

    /**
     * {@code iteration:N}: pauses after iteration N (its checkpoint written);
     * {@code crash-after:N}: throws there instead, a crash of the driver inside a test's JVM.
     */
    public static void iterationDone(int iteration) {
        String fault = System.getProperty(PROPERTY);
        if (fault != null && fault.equals("iteration:" + iteration)) {
            pause("paused after iteration " + iteration);
        }
        if (fault != null && fault.equals("crash-after:" + iteration)) {
            throw new IllegalStateException("sparkgrad-fault: crashed after iteration " + iteration);
        }
    }

    private static void pause(String what) {
        System.err.println("sparkgrad-fault: " + what);
        System.err.flush();
        String release = System.getProperty(PROPERTY + ".release");
        while (release == null || !new java.io.File(release).exists()) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        System.err.println("sparkgrad-fault: released");
    }
}
