package dev.sindiff.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * Whole-tensor image operations shared by the metrics. Images are (1, 3, H, W) float tensors;
 * every function returns a new array and leaves its input alone.
 */
public final class Ops {
    private Ops() {}

    /** A (3, H, W) or (1, 3, H, W) tensor as (1, 3, H, W); anything else is rejected. */
    static NDArray asBatch(NDArray x, String what) {
        Shape s = x.getShape();
        NDArray b = s.dimension() == 3 ? x.expandDims(0) : x;
        Shape bs = b.getShape();
        if (bs.dimension() != 4 || bs.get(0) != 1 || bs.get(1) != 3) {
            throw new IllegalArgumentException(
                    what + " must be a (1, 3, H, W) or (3, H, W) RGB tensor, got " + s);
        }
        return b;
    }

    static int height(NDArray x) {
        return (int) x.getShape().get(x.getShape().dimension() - 2);
    }

    static int width(NDArray x) {
        return (int) x.getShape().get(x.getShape().dimension() - 1);
    }

    /**
     * Indices {@code -pad .. n+pad-1} mirrored into {@code [0, n)} like torch's "reflect" padding
     * (edge pixel not repeated), folding again as often as needed when {@code pad >= n}.
     */
    static long[] reflectIndex(int n, int pad) {
        long[] idx = new long[n + 2 * pad];
        int period = 2 * (n - 1);
        for (int i = 0; i < idx.length; i++) {
            int j = i - pad;
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

    /** Reflect padding of the two spatial axes (by index selection, so any size works). */
    static NDArray padReflect(NDArray x, int padH, int padW) {
        NDManager m = x.getManager();
        NDArray out = x;
        if (padH > 0) {
            long[] ih = reflectIndex(height(x), padH);
            out = out.get(":, :, {}, :", m.create(ih));
        }
        if (padW > 0) {
            long[] iw = reflectIndex(width(x), padW);
            out = out.get(":, :, :, {}", m.create(iw));
        }
        return out;
    }

    /** Separable filtering of each channel by the odd-length 1-D kernel {@code k}, reflect padded. */
    public static NDArray separable(NDArray x, float[] k) {
        int r = k.length / 2;
        int c = (int) x.getShape().get(1);
        NDManager m = x.getManager();
        float[] taps = new float[c * k.length];
        for (int ch = 0; ch < c; ch++) {
            System.arraycopy(k, 0, taps, ch * k.length, k.length);
        }
        NDArray kv = m.create(taps, new Shape(c, 1, k.length, 1));
        NDArray kh = m.create(taps, new Shape(c, 1, 1, k.length));
        NDArray p = padReflect(x, r, r);
        NDArray v = conv(p, kv, c);
        return conv(v, kh, c);
    }

    /** Valid (unpadded) stride-1 convolution with {@code groups}. */
    static NDArray conv(NDArray x, NDArray weight, int groups) {
        return Conv2d.conv2d(
                        x,
                        weight,
                        null,
                        new Shape(1, 1),
                        new Shape(0, 0),
                        new Shape(1, 1),
                        groups)
                .singletonOrThrow();
    }

    /** A normalised Gaussian of standard deviation {@code sigma}, radius ceil(3 sigma). */
    public static float[] gaussian(double sigma) {
        int r = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] k = new float[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            sum += Math.exp(-0.5 * i * i / (sigma * sigma));
        }
        for (int i = -r; i <= r; i++) {
            k[i + r] = (float) (Math.exp(-0.5 * i * i / (sigma * sigma)) / sum);
        }
        return k;
    }

    /** Bilinear resize (align_corners = false) to exactly {@code h x w}. */
    static NDArray resizeBilinear(NDArray x, long h, long w) {
        return x.getNDArrayInternal().interpolation(new long[] {h, w}, 1, false);
    }

    /** 2x2 area (box) downsampling; an odd last row/column is dropped. */
    static NDArray areaDown2(NDArray x) {
        return x.getNDArrayInternal()
                .avgPool(new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false, true);
    }

    /** torch.roll over the spatial axes: pixel (y, x) moves to ((y + dy) mod H, (x + dx) mod W). */
    static NDArray roll(NDArray x, int dy, int dx) {
        int h = height(x);
        int w = width(x);
        int sy = Math.floorMod(dy, h);
        int sx = Math.floorMod(dx, w);
        NDArray out = x;
        if (sy != 0) {
            out = out.get(":, :, {}:, :", h - sy).concat(out.get(":, :, :{}, :", h - sy), 2);
        }
        if (sx != 0) {
            out = out.get(":, :, :, {}:", w - sx).concat(out.get(":, :, :, :{}", w - sx), 3);
        }
        return out;
    }

    /** Grey value 0.299 R + 0.587 G + 0.114 B of an (N, 3, H, W) batch, as (N, H, W). */
    static NDArray grey(NDArray x) {
        NDArray wts = x.getManager().create(new float[] {0.299f, 0.587f, 0.114f}, new Shape(1, 3, 1, 1));
        return x.mul(wts).sum(new int[] {1});
    }

    /** Per-channel mean of a (1, C, H, W) image as (1, C, 1, 1) (DJL's mean takes one axis only). */
    static NDArray channelMean(NDArray x) {
        long c = x.getShape().get(1);
        return x.reshape(c, -1).mean(new int[] {1}, true).reshape(1, c, 1, 1);
    }

    /** Per-channel population std of a (1, C, H, W) image as (1, C, 1, 1). */
    static NDArray channelStd(NDArray x) {
        return x.sub(channelMean(x)).square().reshape(x.getShape().get(1), -1)
                .mean(new int[] {1}, true).sqrt().reshape(1, x.getShape().get(1), 1, 1);
    }

    /** Population standard deviation of all elements. */
    static double std(NDArray x) {
        return x.sub(x.mean()).square().mean().sqrt().getFloat();
    }
}
