package dev.sindiff.patch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * P×P patches of a batch of images and back (torch's unfold and fold), from whole-tensor slices:
 * P² shifted views, never a per-pixel loop. A patch is flattened channel first, then row, then
 * column, so element {@code c·P² + i·P + j} of the patch with top-left corner (y, x) is pixel
 * (c, y + i, x + j). Patches are ordered by image, then row-major by corner.
 */
public final class Patches {
    private Patches() {}

    /** Every P×P patch at stride 1 of a (1, C, H, W) image, (N, C·P²); see {@link #unfold(NDArray, int, int)}. */
    public static NDArray unfold(NDArray image, int p) {
        return unfold(image, p, 1);
    }

    /** Patch corners along a side of {@code side} pixels at {@code stride}: (side - P) / stride + 1. */
    public static long corners(long side, int p, int stride) {
        return (side - p) / stride + 1;
    }

    /**
     * The P×P patches whose corners lie on a grid of {@code stride} pixels.
     *
     * @param images (n, C, H, W) with H, W ≥ P; with stride > 1, H - P and W - P should be
     *     multiples of the stride, or the last rows and columns are in no patch
     * @return (n·hq·wq, C·P²) with hq = corners(H), wq = corners(W)
     * @throws IllegalArgumentException if an image is smaller than a patch
     */
    public static NDArray unfold(NDArray images, int p, int stride) {
        Shape s = images.getShape();
        long n = s.get(0);
        long c = s.get(1);
        if (s.get(2) < p || s.get(3) < p) {
            throw new IllegalArgumentException("image " + s.get(2) + "x" + s.get(3) + " is smaller than a " + p + "-px patch");
        }
        long hq = corners(s.get(2), p, stride);
        long wq = corners(s.get(3), p, stride);
        // separable: P row shifts, then P column shifts of the result (2P slices, not P²)
        NDList rows = new NDList(p);
        for (int i = 0; i < p; i++) {
            rows.add(images.get(":, :, {}:{}:{}, :", i, i + (hq - 1) * stride + 1, stride));
        }
        NDArray byRow = NDArrays.stack(rows, 2); // (n, C, P_i, hq, W)
        NDList cols = new NDList(p);
        for (int j = 0; j < p; j++) {
            cols.add(byRow.get(":, :, :, :, {}:{}:{}", j, j + (wq - 1) * stride + 1, stride));
        }
        // (n, C, P_i, hq, P_j, wq) -> (n, hq, wq, C, P_i, P_j)
        return NDArrays.stack(cols, 4).transpose(0, 3, 5, 1, 2, 4).reshape(n * hq * wq, c * p * p);
    }

    /** The adjoint of {@link #unfold(NDArray, int)} for one image, (1, C, H, W). */
    public static NDArray fold(NDArray patches, int channels, int height, int width, int p) {
        return fold(patches, 1, channels, height, width, p, 1);
    }

    /**
     * Sums patches back into images: the adjoint of {@link #unfold(NDArray, int, int)}. Pixel
     * (c, y, x) receives element (c, i, j) of every patch whose corner is (y - i, x - j).
     *
     * @param patches (n·hq·wq, C·P²) as {@link #unfold(NDArray, int, int)} orders them
     * @return (n, C, H, W)
     */
    public static NDArray fold(NDArray patches, int n, int channels, int height, int width, int p, int stride) {
        long hq = corners(height, p, stride);
        long wq = corners(width, p, stride);
        NDArray cols = patches.reshape(n, hq * wq, (long) channels * p * p).transpose(0, 2, 1)
                .reshape(n, channels, (long) p * p, hq, wq);
        long hs = (hq - 1) * stride + 1;
        long ws = (wq - 1) * stride + 1;
        // separable: the P column offsets summed into (n, C, P_i, hq, W), then the P row offsets
        // into (n, C, H, W); with a stride, corners are first put back on the pixel grid, zeros between
        cols = interleave(cols, stride, false);
        NDArray byRow = null;
        for (int j = 0; j < p; j++) {
            // torch pad order: (left, right) of the last axis
            NDArray placed = cols.get(":, :, {}:{}:{}", j, p * p, p).pad(new Shape(j, width - ws - j), 0);
            byRow = byRow == null ? placed : byRow.addi(placed);
        }
        byRow = interleave(byRow, stride, true);
        NDArray out = null;
        for (int i = 0; i < p; i++) {
            NDArray placed = byRow.get(":, :, {}", i).pad(new Shape(0, 0, i, height - hs - i), 0);
            out = out == null ? placed : out.addi(placed);
        }
        return out;
    }

    /** {@code stride - 1} zeros after each entry of the last axis (or the second last), the trailing ones dropped. */
    private static NDArray interleave(NDArray x, int stride, boolean rows) {
        if (stride == 1) {
            return x;
        }
        Shape s = x.getShape();
        int d = s.dimension();
        long len = s.get(rows ? d - 2 : d - 1);
        long[] withPhase = new long[d + 1];
        long[] merged = s.getShape().clone();
        for (int k = 0, m = 0; k < d; k++) {
            withPhase[m++] = s.get(k);
            if (k == (rows ? d - 2 : d - 1)) {
                withPhase[m++] = 1;
            }
        }
        merged[rows ? d - 2 : d - 1] = len * stride;
        NDArray spread = x.reshape(withPhase).pad(rows ? new Shape(0, 0, 0, stride - 1) : new Shape(0, stride - 1), 0).reshape(merged);
        return rows ? spread.get(":, :, :, :{}, :", (len - 1) * stride + 1) : spread.get(":, :, :, :, :{}", (len - 1) * stride + 1);
    }
}
