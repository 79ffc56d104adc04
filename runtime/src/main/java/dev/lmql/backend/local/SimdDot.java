package dev.lmql.backend.local;

/**
 * Switches the float kernels and the quantized dot products to the Java Vector API when the JVM runs with
 * {@code --add-modules jdk.incubator.vector} (and {@code -Dlmql.local.vector=false} does not turn it off).
 * This class never names a vector type, so it loads on every JVM; {@link VectorKernels} and
 * {@link QuantizedVectorKernels} are only touched when the module is present.
 */
final class SimdDot {
    /** Whether the Vector API float kernels are in use. */
    static final boolean ENABLED = detect();
    /**
     * Whether the quantized dot products use the Vector API: needs {@link #ENABLED} and 8 or 16 float lanes
     * (AVX2 / AVX-512); elsewhere the scalar kernels run.
     */
    static final boolean QUANTIZED = ENABLED && detectQuantized();

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

    private static boolean detectQuantized() {
        try {
            return QuantizedVectorKernels.supported();
        } catch (LinkageError e) {
            return false;
        }
    }

    static float dot(float[] a, int ao, float[] b, int bo, int n) {
        return VectorKernels.dot(a, ao, b, bo, n);
    }

    /** Four dot products of consecutive rows {@code w[k*n ..]} with {@code x[xo ..]} into {@code out[oo + k]}. */
    static void dot4(float[] w, int n, float[] x, int xo, float[] out, int oo) {
        VectorKernels.dot4(w, n, x, xo, out, oo);
    }

    /** {@link #dot4} of two tokens: {@code x[xa ..]} into {@code out[oa + k]}, {@code x[xb ..]} into {@code out[ob + k]}. */
    static void dot4x2(float[] w, int n, float[] x, int xa, int xb, float[] out, int oa, int ob) {
        VectorKernels.dot4x2(w, n, x, xa, xb, out, oa, ob);
    }
}
