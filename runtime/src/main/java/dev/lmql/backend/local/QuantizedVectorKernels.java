package dev.lmql.backend.local;

import java.nio.ByteOrder;
import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.ShortVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

/**
 * Vector API dot products of block-quantized (and F16/BF16) rows with a float activation: bytes are loaded, unpacked and
 * widened to floats in vector registers, then multiplied with x; the block scales are applied once per block (per
 * sub-block for the K-quants). Each kernel equals its type's scalar kernel up to float rounding. Loaded only
 * through {@link SimdDot} after it checked the module; needs 8 or 16 float lanes (AVX2 or AVX-512), otherwise
 * {@link #supported()} is false and the scalar kernels run.
 */
final class QuantizedVectorKernels {
    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    private static final int L = F.length();
    /** As many byte lanes as float lanes: one byte load widens into one float vector. */
    private static final VectorSpecies<Byte> B =
            VectorSpecies.of(byte.class, VectorShape.forBitSize(L == 8 || L == 16 ? L * 8 : 64));
    /** As many 16-bit lanes as float lanes, for F16/BF16 weights. */
    private static final VectorSpecies<Short> H =
            VectorSpecies.of(short.class, VectorShape.forBitSize(L == 8 || L == 16 ? L * 16 : 128));
    private static final VectorSpecies<Integer> I = VectorSpecies.of(int.class, F.vectorShape());

    private QuantizedVectorKernels() {
    }

    static boolean supported() {
        return L == 8 || L == 16;
    }

    private static FloatVector widen(ByteVector v) {
        return (FloatVector) v.convertShape(VectorOperators.B2F, F, 0);
    }

    /**
     * {@code v >>> n} per byte lane, for the nibble and bit-pair masks applied after it: shifted as int lanes
     * (bits that cross from a neighbouring byte are masked off by the caller), because x86 has no byte shift and
     * the Vector API's byte-lane shifts compile to a slow sequence.
     */
    private static ByteVector shiftRight(ByteVector v, int n) {
        return v.reinterpretAsInts().lanewise(VectorOperators.LSHR, n).reinterpretAsBytes();
    }

    /** {@code v << n} per byte lane, as int lanes (see {@link #shiftRight}); callers mask the result. */
    private static ByteVector shiftLeft(ByteVector v, int n) {
        return v.reinterpretAsInts().lanewise(VectorOperators.LSHL, n).reinterpretAsBytes();
    }

    private static FloatVector xAt(float[] x, int i) {
        return FloatVector.fromArray(F, x, i);
    }

    /** Q8_0: {@code blocks} blocks of (F16 d, 32 signed bytes) at {@code w[p]}. */
    static float q8_0(byte[] w, int p, int blocks, float[] x, int xo) {
        FloatVector acc0 = FloatVector.zero(F);
        FloatVector acc1 = FloatVector.zero(F);
        int blk = 0;
        for (; blk + 1 < blocks; blk += 2, p += 2 * Q8_0Matrix.BLOCK_BYTES, xo += 64) { // two chains side by side
            acc0 = q8_0Block(w, p, x, xo).fma(FloatVector.broadcast(F, BlockQuantizedMatrix.half(w, p)), acc0);
            int p1 = p + Q8_0Matrix.BLOCK_BYTES;
            acc1 = q8_0Block(w, p1, x, xo + 32).fma(FloatVector.broadcast(F, BlockQuantizedMatrix.half(w, p1)), acc1);
        }
        if (blk < blocks) {
            acc0 = q8_0Block(w, p, x, xo).fma(FloatVector.broadcast(F, BlockQuantizedMatrix.half(w, p)), acc0);
        }
        return acc0.add(acc1).reduceLanes(VectorOperators.ADD);
    }

    /** The unscaled products of one Q8_0 block's 32 bytes with x, lane-wise. */
    private static FloatVector q8_0Block(byte[] w, int p, float[] x, int xo) {
        FloatVector s = widen(ByteVector.fromArray(B, w, p + 2)).mul(xAt(x, xo));
        for (int j = L; j < 32; j += L) {
            s = widen(ByteVector.fromArray(B, w, p + 2 + j)).fma(xAt(x, xo + j), s);
        }
        return s;
    }

    /** Q4_0: blocks of (F16 d, 16 bytes: weight j in the low nibble of byte j, weight j+16 in its high nibble). */
    static float q4_0(byte[] w, int p, int blocks, float[] x, int xo) {
        FloatVector acc = FloatVector.zero(F);
        for (int blk = 0; blk < blocks; blk++, p += Q4_0Matrix.BLOCK_BYTES, xo += 32) {
            FloatVector s = FloatVector.zero(F);
            for (int j = 0; j < 16; j += L) {
                ByteVector q = ByteVector.fromArray(B, w, p + 2 + j);
                ByteVector lo = q.and((byte) 0xF).sub((byte) 8);
                ByteVector hi = shiftRight(q, 4).and((byte) 0xF).sub((byte) 8);
                s = widen(lo).fma(xAt(x, xo + j), s);
                s = widen(hi).fma(xAt(x, xo + 16 + j), s);
            }
            acc = s.fma(FloatVector.broadcast(F, BlockQuantizedMatrix.half(w, p)), acc);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /**
     * Q4_K: super-blocks of 256 (see {@link Q4KMatrix}). {@code xSums[g]} is the sum of x's 32 values of group
     * {@code g} counted from {@code xo}: the mins contribute {@code dmin * m * sum(x)} per sub-block, so the inner
     * loop only multiplies nibbles with x.
     */
    static float q4K(byte[] w, int p, int blocks, float[] x, int xo, float[] xSums) {
        FloatVector accLo = FloatVector.zero(F);
        FloatVector accHi = FloatVector.zero(F);
        float mins = 0;
        for (int blk = 0; blk < blocks; blk++, p += Q4KMatrix.BLOCK_BYTES, xo += 256) {
            float d = BlockQuantizedMatrix.half(w, p);
            float dmin = BlockQuantizedMatrix.half(w, p + 2);
            int g = blk * 8;
            for (int c = 0; c < 4; c++) {
                int q = p + 16 + 32 * c;
                int xc = xo + 64 * c;
                FloatVector lo = FloatVector.zero(F);
                FloatVector hi = FloatVector.zero(F);
                for (int j = 0; j < 32; j += L) {
                    ByteVector v = ByteVector.fromArray(B, w, q + j);
                    lo = widen(v.and((byte) 0xF)).fma(xAt(x, xc + j), lo);
                    hi = widen(shiftRight(v, 4).and((byte) 0xF)).fma(xAt(x, xc + 32 + j), hi);
                }
                accLo = lo.fma(FloatVector.broadcast(F, d * Q4KMatrix.scale(w, p, 2 * c)), accLo);
                accHi = hi.fma(FloatVector.broadcast(F, d * Q4KMatrix.scale(w, p, 2 * c + 1)), accHi);
                mins += dmin * (Q4KMatrix.min(w, p, 2 * c) * xSums[g + 2 * c]
                        + Q4KMatrix.min(w, p, 2 * c + 1) * xSums[g + 2 * c + 1]);
            }
        }
        return accLo.add(accHi).reduceLanes(VectorOperators.ADD) - mins;
    }

    /** Q6_K: super-blocks of 256 (see {@link Q6KMatrix}): 4 low bits + 2 high bits, minus 32, one scale per 16. */
    static float q6K(byte[] w, int p, int blocks, float[] x, int xo) {
        float sum = 0;
        for (int blk = 0; blk < blocks; blk++, p += Q6KMatrix.BLOCK_BYTES, xo += 256) {
            float s = 0;
            for (int k = 0; k < 4; k++) { // per half: the quarter pair (0, 2), then (1, 3)
                int half = k >>> 1;
                int pair = k & 1;
                s += q6KPair(w, p + 64 * half + 32 * pair, p + 128 + 32 * half, 2 * pair, p + 192 + 8 * half + 2 * pair,
                        x, xo + 128 * half + 32 * pair);
            }
            sum += BlockQuantizedMatrix.half(w, p + 208) * s;
        }
        return sum;
    }

    /**
     * Two quarters of a Q6_K half (64 weights), without d: the low and the high nibbles of {@code w[ql ..]} (32
     * bytes), the high bit pairs from {@code w[qh ..]} after shifting it right {@code hShift} (0 for quarters 0 and
     * 2, 2 for quarters 1 and 3). Called from one site and returning a float: a whole super-block in one method
     * outgrows C2's inlining budget (vector calls then stay calls and box their vectors).
     */
    private static float q6KPair(byte[] w, int ql, int qh, int hShift, int sc, float[] x, int xb) {
        FloatVector lowAcc = FloatVector.zero(F);
        FloatVector highAcc = FloatVector.zero(F);
        for (int l = 0; l < 32; l += L) {
            ByteVector a = ByteVector.fromArray(B, w, ql + l);
            ByteVector h = shiftRight(ByteVector.fromArray(B, w, qh + l), hShift);
            ByteVector low = a.and((byte) 0xF).or(shiftLeft(h, 4).and((byte) 0x30)).sub((byte) 32);
            ByteVector high = shiftRight(a, 4).and((byte) 0xF).or(h.and((byte) 0x30)).sub((byte) 32);
            int is = sc + (l >>> 4);
            lowAcc = widen(low).mul(xAt(x, xb + l)).fma(FloatVector.broadcast(F, w[is]), lowAcc);
            highAcc = widen(high).mul(xAt(x, xb + 64 + l)).fma(FloatVector.broadcast(F, w[is + 4]), highAcc);
        }
        return lowAcc.add(highAcc).reduceLanes(VectorOperators.ADD);
    }

    /**
     * F16: {@code n} little-endian halves at {@code w[p]}. Java 17's Vector API cannot convert halves, so the bits
     * are moved into place: exponent and mantissa shifted up 13 and scaled by 2^112 (exact for normal and
     * subnormal halves), infinities and NaNs patched to the float exponent 255, then the sign.
     */
    static float f16(byte[] w, int p, int n, float[] x, int xo) {
        FloatVector acc = FloatVector.zero(F);
        int upper = n - n % L;
        int i = 0;
        for (; i < upper; i += L) {
            IntVector h = halves(w, p + 2 * i);
            IntVector magnitude = h.and(0x7FFF);
            IntVector shifted = magnitude.lanewise(VectorOperators.LSHL, 13);
            IntVector finite = shifted.reinterpretAsFloats().mul(0x1p112f).reinterpretAsInts();
            IntVector bits = finite.blend(shifted.or(0x7F800000), magnitude.compare(VectorOperators.GE, 0x7C00))
                    .or(h.and(0x8000).lanewise(VectorOperators.LSHL, 16));
            acc = bits.reinterpretAsFloats().fma(xAt(x, xo + i), acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += BlockQuantizedMatrix.half(w, p + 2 * i) * x[xo + i];
        }
        return sum;
    }

    /** BF16: {@code n} little-endian bfloat16 values at {@code w[p]}, each the upper 16 bits of a float. */
    static float bf16(byte[] w, int p, int n, float[] x, int xo) {
        FloatVector acc = FloatVector.zero(F);
        int upper = n - n % L;
        int i = 0;
        for (; i < upper; i += L) {
            acc = halves(w, p + 2 * i).lanewise(VectorOperators.LSHL, 16).reinterpretAsFloats()
                    .fma(xAt(x, xo + i), acc);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (; i < n; i++) {
            sum += Float.intBitsToFloat(((w[p + 2 * i] & 0xFF) | ((w[p + 2 * i + 1] & 0xFF) << 8)) << 16) * x[xo + i];
        }
        return sum;
    }

    /** {@code L} little-endian 16-bit values at {@code w[p]}, sign-extended into int lanes. */
    private static IntVector halves(byte[] w, int p) {
        return (IntVector) ShortVector.fromByteArray(H, w, p, ByteOrder.LITTLE_ENDIAN)
                .convertShape(VectorOperators.S2I, I, 0);
    }

    /** Decodes {@code blocks} Q8_0 blocks at {@code w[p]} into {@code out[o ..]} (d * q, as the scalar decoder). */
    static void dequantizeQ8_0(byte[] w, int p, int blocks, float[] out, int o) {
        for (int blk = 0; blk < blocks; blk++, p += Q8_0Matrix.BLOCK_BYTES, o += 32) {
            float d = BlockQuantizedMatrix.half(w, p);
            for (int j = 0; j < 32; j += L) {
                widen(ByteVector.fromArray(B, w, p + 2 + j)).mul(d).intoArray(out, o + j);
            }
        }
    }

    /** Decodes {@code blocks} Q4_0 blocks at {@code w[p]} into {@code out[o ..]} (d * (q - 8)). */
    static void dequantizeQ4_0(byte[] w, int p, int blocks, float[] out, int o) {
        for (int blk = 0; blk < blocks; blk++, p += Q4_0Matrix.BLOCK_BYTES, o += 32) {
            float d = BlockQuantizedMatrix.half(w, p);
            for (int j = 0; j < 16; j += L) {
                ByteVector q = ByteVector.fromArray(B, w, p + 2 + j);
                widen(q.and((byte) 0xF).sub((byte) 8)).mul(d).intoArray(out, o + j);
                widen(shiftRight(q, 4).and((byte) 0xF).sub((byte) 8)).mul(d).intoArray(out, o + 16 + j);
            }
        }
    }

    /** Decodes {@code blocks} Q4_K super-blocks at {@code w[p]} into {@code out[o ..]} (d*sc*q - dmin*m). */
    static void dequantizeQ4K(byte[] w, int p, int blocks, float[] out, int o) {
        for (int blk = 0; blk < blocks; blk++, p += Q4KMatrix.BLOCK_BYTES, o += 256) {
            float d = BlockQuantizedMatrix.half(w, p);
            float dmin = BlockQuantizedMatrix.half(w, p + 2);
            for (int c = 0; c < 4; c++) {
                float d1 = d * Q4KMatrix.scale(w, p, 2 * c);
                float m1 = dmin * Q4KMatrix.min(w, p, 2 * c);
                float d2 = d * Q4KMatrix.scale(w, p, 2 * c + 1);
                float m2 = dmin * Q4KMatrix.min(w, p, 2 * c + 1);
                int q = p + 16 + 32 * c;
                int oc = o + 64 * c;
                for (int j = 0; j < 32; j += L) {
                    ByteVector v = ByteVector.fromArray(B, w, q + j);
                    widen(v.and((byte) 0xF)).mul(d1).sub(m1).intoArray(out, oc + j);
                    widen(shiftRight(v, 4).and((byte) 0xF)).mul(d2).sub(m2).intoArray(out, oc + 32 + j);
                }
            }
        }
    }
}
