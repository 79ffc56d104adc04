package dev.lmql.backend.local;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The exponentials of a softmax with the Vector API ({@code EXP} is a JIT intrinsic on x86-64, within 1 ulp);
 * attention takes one exponential per cached position per head, which made scalar {@code exp} the largest cost of a
 * generated token. Loaded only through {@link VectorMath} after {@link SimdDot} found the module.
 */
final class VectorSoftmax {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;

    private VectorSoftmax() {
    }

    /** {@code x[i] = exp(x[i] - max)} over {@code x[0 .. n)}; returns their sum. */
    static double expShifted(float[] x, int n, float max) {
        int width = SPECIES.length();
        int upper = n - n % width;
        FloatVector sum = FloatVector.zero(SPECIES);
        int i = 0;
        for (; i < upper; i += width) {
            FloatVector e = FloatVector.fromArray(SPECIES, x, i).sub(max).lanewise(VectorOperators.EXP);
            e.intoArray(x, i);
            sum = sum.add(e);
        }
        double total = sum.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            x[i] = (float) Math.exp(x[i] - max);
            total += x[i];
        }
        return total;
    }
}
