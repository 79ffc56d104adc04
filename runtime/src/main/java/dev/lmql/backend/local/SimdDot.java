package dev.lmql.backend.local;

/**
 * Switches the float dot product to the Java Vector API when the JVM runs with
 * {@code --add-modules jdk.incubator.vector} (and {@code -Dlmql.local.vector=false} does not turn it off).
 * This class never names a vector type, so it loads on every JVM; {@link VectorKernels} is only touched
 * when the module is present.
 */
final class SimdDot {
    /** Whether the Vector API kernels are in use. */
    static final boolean ENABLED = detect();

    private SimdDot() {
    }

    private static boolean detect() {
        if ("false".equalsIgnoreCase(System.getProperty("lmql.local.vector", "true"))) {
            return false;
        }
        if (ModuleLayer.boot().findModule("jdk.incubator.vector").isEmpty()) {
            return false;
        }
        try {
            return VectorKernels.selfTest();
        } catch (LinkageError e) {
            return false;
        }
    }

    static float dot(float[] a, int ao, float[] b, int bo, int n) {
        return VectorKernels.dot(a, ao, b, bo, n);
    }
}
