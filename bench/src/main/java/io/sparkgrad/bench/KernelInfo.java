package io.sparkgrad.bench;

import io.sparkgrad.tensor.Kernels;

/** Prints which kernels the engine runs in this JVM, for the header of compare.sh's report. */
public final class KernelInfo {
    private KernelInfo() {
    }

    public static void main(String[] args) {
        System.out.println("JVM " + System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version")
                + ", engine kernels " + Kernels.implementation() + ", " + Kernels.numThreads() + " thread");
    }
}
