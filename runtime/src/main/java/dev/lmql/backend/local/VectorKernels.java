package dev.lmql.backend.local;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/** Vector API kernels; loaded only through {@link SimdDot} after it checked that the module is present. */
final class VectorKernels {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private VectorKernels() {
    }

    static boolean selfTest() {
        float[] a = new float[37];
        float[] b = new float[37];
        for (int i = 0; i < a.length; i++) {
            a[i] = i;
            b[i] = 2;
        }
        return dot(a, 0, b, 0, a.length) == 36 * 37;
    }

    static float dot(float[] a, int ao, float[] b, int bo, int n) {
        int width = SPECIES.length();
        int upper = n - n % width;
        FloatVector acc = FloatVector.zero(SPECIES);
        int i = 0;
        for (; i < upper; i += width) {
            FloatVector va = FloatVector.fromArray(SPECIES, a, ao + i);
            FloatVector vb = FloatVector.fromArray(SPECIES, b, bo + i);
            acc = va.fma(vb, acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += a[ao + i] * b[bo + i];
        }
        return sum;
    }
}
