package dev.lmql.backend.local;

/** IEEE half-precision and bfloat16 conversions (Java 17 has no Float.float16ToFloat). */
final class Float16 {
    /** All 65536 half-precision values, decoded once: a table lookup beats bit fiddling in the hot loops. */
    private static final float[] HALF_TO_FLOAT = new float[1 << 16];

    static {
        for (int i = 0; i < HALF_TO_FLOAT.length; i++) {
            HALF_TO_FLOAT[i] = decodeHalf((short) i);
        }
    }

    private Float16() {
    }

    static float toFloat(short half) {
        return HALF_TO_FLOAT[half & 0xFFFF];
    }

    static float bf16ToFloat(short bf16) {
        return Float.intBitsToFloat((bf16 & 0xFFFF) << 16);
    }

    private static float decodeHalf(short h) {
        int bits = h & 0xFFFF;
        int sign = (bits >>> 15) & 1;
        int exp = (bits >>> 10) & 0x1F;
        int mant = bits & 0x3FF;
        float value;
        if (exp == 0) {
            value = mant * 0x1p-24f; // subnormal: mant * 2^-14 * 2^-10
        } else if (exp == 0x1F) {
            value = mant == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
        } else {
            value = Float.intBitsToFloat(((exp - 15 + 127) << 23) | (mant << 13));
        }
        return sign == 1 ? -value : value;
    }

    /** Rounds to the nearest half-precision value (ties to even), as ggml's FP32→FP16 conversion does. */
    static short fromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        int sign = (bits >>> 16) & 0x8000;
        int abs = bits & 0x7FFFFFFF;
        if (abs >= 0x7F800000) { // inf or NaN
            return (short) (sign | 0x7C00 | (abs > 0x7F800000 ? 0x200 : 0));
        }
        if (abs >= 0x477FF000) { // rounds to >= 65520: overflow to infinity
            return (short) (sign | 0x7C00);
        }
        if (abs < 0x38800000) { // below the smallest normal half: subnormal or zero
            if (abs < 0x33000000) { // below 2^-25: rounds to zero
                return (short) sign;
            }
            // the value in units of 2^-24 (the subnormal step) is mant * 2^(e - 126): shift, round to even
            int shift = 126 - (abs >>> 23);
            int mant = (abs & 0x7FFFFF) | 0x800000;
            int m = mant >>> shift;
            int rest = mant & ((1 << shift) - 1);
            int halfway = 1 << (shift - 1);
            if (rest > halfway || (rest == halfway && (m & 1) == 1)) {
                m++; // may become the smallest normal, which is the correct rounding
            }
            return (short) (sign | m);
        }
        int exp = ((abs >>> 23) - 127 + 15);
        int mant = abs & 0x7FFFFF;
        int half = (exp << 10) | (mant >>> 13);
        int rest = mant & 0x1FFF;
        if (rest > 0x1000 || (rest == 0x1000 && (half & 1) == 1)) {
            half++; // may carry into the exponent, which is the correct rounding
        }
        return (short) (sign | half);
    }

    /** Rounds to bfloat16 (nearest, ties to even), as ggml does. */
    static short bf16FromFloat(float f) {
        int bits = Float.floatToRawIntBits(f);
        if ((bits & 0x7FFFFFFF) > 0x7F800000) {
            return (short) ((bits >>> 16) | 64); // quiet NaN
        }
        return (short) ((bits + (0x7FFF + ((bits >>> 16) & 1))) >>> 16);
    }
}
