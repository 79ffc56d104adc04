package dev.lmql.backend.local;

/**
 * The matrix product of a batch of activations (prompt processing): rows are decoded {@link #TILE} at a time into
 * floats, once per batch, and each token's activation is multiplied with the whole tile in one pass, so every
 * load of x feeds {@link #TILE} multiply-adds (a row-at-a-time dot reloads x, 64 tokens of which do not fit in L1).
 * The vector path takes tokens in pairs: six loads feed eight FMAs. Measured on 1280-wide rows, 64 tokens, AVX-512:
 * 14 GMAC/s row at a time, 31 with 4-row tiles, 41 with 4-row tiles and token pairs.
 */
final class BatchedRows {
    /** Rows decoded and multiplied together. */
    static final int TILE = 4;

    private BatchedRows() {
    }

    /** {@code out[t*rows + r] = row r . x[t*cols ..]} for rows {@code [start, end)} and tokens {@code [0, n)}. */
    static void multiply(WeightMatrix m, int start, int end, float[] x, int n, float[] out) {
        int rows = m.rows();
        int cols = m.cols();
        float[] tile = new float[TILE * cols];
        int r = start;
        for (; r + TILE <= end; r += TILE) {
            m.dequantizeRows(r, TILE, tile);
            int t = 0;
            if (SimdDot.ENABLED) {
                for (; t + 1 < n; t += 2) {
                    SimdDot.dot4x2(tile, cols, x, t * cols, (t + 1) * cols, out, t * rows + r, (t + 1) * rows + r);
                }
                if (t < n) {
                    SimdDot.dot4(tile, cols, x, t * cols, out, t * rows + r);
                }
            } else {
                for (; t < n; t++) {
                    scalarDot4(tile, cols, x, t * cols, out, t * rows + r);
                }
            }
        }
        for (; r < end; r++) {
            m.dequantizeRows(r, 1, tile);
            for (int t = 0; t < n; t++) {
                out[t * rows + r] = VectorMath.dot(tile, 0, x, t * cols, cols);
            }
        }
    }

    /** {@code out[oo + k] = w[k*n .. (k+1)*n) . x[xo ..]} for k = 0..3: four independent chains share each x load. */
    static void scalarDot4(float[] w, int n, float[] x, int xo, float[] out, int oo) {
        float s0 = 0;
        float s1 = 0;
        float s2 = 0;
        float s3 = 0;
        for (int i = 0; i < n; i++) {
            float xi = x[xo + i];
            s0 += w[i] * xi;
            s1 += w[n + i] * xi;
            s2 += w[2 * n + i] * xi;
            s3 += w[3 * n + i] * xi;
        }
        out[oo] = s0;
        out[oo + 1] = s1;
        out[oo + 2] = s2;
        out[oo + 3] = s3;
    }
}
