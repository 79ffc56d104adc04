package dev.lmql.backend.local;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The exponentials of a softmax, and the normaliser of a log-softmax, with the Vector API ({@code EXP} is a JIT
 * intrinsic on x86-64, within 1 ulp). Attention takes one exponential per cached position per head and the
 * log-softmax one per vocabulary entry, which made scalar {@code exp} the largest cost of a generated token.
 * Loaded only through {@link VectorMath} after {@link SimdDot} found the module.
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

    /** The sum of {@code exp(x[i] - max)} over {@code x[off .. off+n)}, leaving {@code x} as it is. */
    static double sumExpShifted(float[] x, int off, int n, float max) {
        int width = SPECIES.length();
        int upper = n - n % width;
        FloatVector sum = FloatVector.zero(SPECIES);
        int i = 0;
        for (; i < upper; i += width) {
            sum = sum.add(FloatVector.fromArray(SPECIES, x, off + i).sub(max).lanewise(VectorOperators.EXP));
        }
        double total = sum.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            total += Math.exp(x[off + i] - max);
        }
        return total;
    }
}
