package dev.sindiff.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Reflect padding of the spatial axes of (N, C, H, W) tensors, like torch's {@code "reflect"} mode
 * (the edge pixel is not repeated), by index selection so that any size works. Every function
 * returns a new array and leaves its input alone.
 */
public final class Padding {
    private Padding() {}

    /**
     * Indices {@code -pad .. n+pad-1} mirrored into {@code [0, n)}, folding again as often as needed
     * when {@code pad >= n}; all 0 when {@code n == 1}.
     */
    public static long[] reflectIndex(int n, int pad) {
        return reflectIndex(n, pad, pad);
    }

    /** Indices {@code -before .. n+after-1} mirrored into {@code [0, n)} (see {@link #reflectIndex(int, int)}). */
    public static long[] reflectIndex(int n, int before, int after) {
        long[] idx = new long[n + before + after];
        int period = 2 * (n - 1);
        for (int i = 0; i < idx.length; i++) {
            int j = i - before;
            if (period == 0) {
                j = 0;
            } else {
                j = Math.floorMod(j, period);
                if (j >= n) {
                    j = period - j;
                }
            }
            idx[i] = j;
        }
        return idx;
    }

    /** {@code x} with {@code padH} mirrored rows above and below and {@code padW} mirrored columns on each side. */
    public static NDArray reflect(NDArray x, int padH, int padW) {
        NDArray out = x;
        if (padH > 0) {
            out = select(out, 2, reflectIndex(side(x, 2), padH));
        }
        if (padW > 0) {
            out = select(out, 3, reflectIndex(side(x, 3), padW));
        }
        return out;
    }

    /**
     * {@code x} with {@code n} rows (axis 2) or columns (axis 3) appended, mirrored about the last
     * one; a side of at most {@code n} pixels, too short to mirror, repeats its last pixel instead.
     * Returns {@code x} itself when {@code n} is 0.
     */
    public static NDArray reflectEnd(NDArray x, int axis, int n) {
        if (n == 0) {
            return x;
        }
        int size = side(x, axis);
        if (size <= n) {
            NDArray last = axis == 2 ? x.get(":, :, {}:", size - 1) : x.get(":, :, :, {}:", size - 1);
            return x.concat(last.repeat(axis, n), axis);
        }
        return select(x, axis, reflectIndex(size, 0, n));
    }

    private static int side(NDArray x, int axis) {
        return (int) x.getShape().get(axis);
    }

    private static NDArray select(NDArray x, int axis, long[] index) {
        NDManager m = x.getManager();
        return axis == 2 ? x.get(":, :, {}, :", m.create(index)) : x.get(":, :, :, {}", m.create(index));
    }
}
