package dev.lmql.backend.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.FloatRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The float kernels: fast exp accuracy, SIMD and scalar dot products agree, softmax and RMSNorm. */
class VectorMathTest {

    @Property(tries = 500)
    void expIsWithinTwoUlpOfMathExp(@ForAll @FloatRange(min = -100f, max = 88f) float x) {
        double exact = Math.exp(x);
        float fast = VectorMath.exp(x);
        assertThat((double) fast).isCloseTo(exact, within(Math.max(2.5e-7 * exact, Float.MIN_NORMAL)));
    }

    @Test
    void expEdgeCases() {
        assertThat(VectorMath.exp(Float.NEGATIVE_INFINITY)).isEqualTo(0f);
        assertThat(VectorMath.exp(0f)).isEqualTo(1f);
        assertThat(VectorMath.exp(Float.POSITIVE_INFINITY)).isEqualTo(Float.POSITIVE_INFINITY);
        assertThat(VectorMath.exp(Float.NaN)).isNaN();
    }

    @Property(tries = 50)
    void dotAgreesWithTheScalarLoopAndDoubleSums(@ForAll @IntRange(min = 0, max = 300) int n, @ForAll long seed) {
        Random r = new Random(seed);
        float[] a = new float[n + 3];
        float[] b = new float[n + 5];
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) r.nextGaussian();
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = (float) r.nextGaussian();
        }
        double exact = 0;
        double scale = 0;
        for (int i = 0; i < n; i++) {
            exact += (double) a[3 + i] * b[5 + i];
            scale += Math.abs((double) a[3 + i] * b[5 + i]);
        }
        assertThat((double) VectorMath.dot(a, 3, b, 5, n)).isCloseTo(exact, within(scale * 1e-6 + 1e-9));
        assertThat((double) VectorMath.scalarDot(a, 3, b, 5, n)).isCloseTo(exact, within(scale * 1e-6 + 1e-9));
    }

    @Test
    void softmaxAndLogSoftmaxAreNormalised() {
        float[] x = {1f, 2f, 3f, -50f};
        float[] lp = VectorMath.logSoftmax(x, 0, 4);
        double total = 0;
        for (float v : lp) {
            total += Math.exp(v);
        }
        assertThat(total).isCloseTo(1.0, within(1e-6));
        assertThat(lp[2] - lp[1]).isCloseTo(1f, within(1e-6f));
        VectorMath.softmax(x, 4);
        assertThat(x[0] + x[1] + x[2] + x[3]).isCloseTo(1f, within(1e-6f));
    }

    @Test
    void longSoftmaxesMatchADoublePrecisionReference() {
        java.util.Random r = new java.util.Random(5);
        for (int n : new int[] {7, 33, 1000, 32000}) {
            float[] x = new float[n + 3];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) (r.nextGaussian() * 8);
            }
            double max = Double.NEGATIVE_INFINITY;
            for (int i = 3; i < n + 3; i++) {
                max = Math.max(max, x[i]);
            }
            double sum = 0;
            for (int i = 3; i < n + 3; i++) {
                sum += Math.exp(x[i] - max);
            }
            float[] lp = VectorMath.logSoftmax(x, 3, n);
            float[] p = java.util.Arrays.copyOfRange(x, 3, n + 3);
            VectorMath.softmax(p, n);
            for (int i = 0; i < n; i++) {
                double exact = x[i + 3] - max - Math.log(sum);
                assertThat((double) lp[i]).as("log-softmax n=%d i=%d", n, i).isCloseTo(exact, within(2e-5));
                assertThat((double) p[i]).as("softmax n=%d i=%d", n, i).isCloseTo(Math.exp(exact), within(1e-6));
            }
        }
    }

    @Test
    void rmsNormScalesToUnitRootMeanSquare() {
        float[] x = {3f, 4f};
        float[] out = new float[2];
        VectorMath.rmsNorm(out, 0, x, 0, new float[] {1f, 2f}, 2, 0f);
        double rms = Math.sqrt((9 + 16) / 2.0);
        assertThat(out[0]).isCloseTo((float) (3 / rms), within(1e-6f));
        assertThat(out[1]).isCloseTo((float) (2 * 4 / rms), within(1e-6f));
    }
}
