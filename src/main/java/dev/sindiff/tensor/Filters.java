package dev.sindiff.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * Linear filters of (N, C, H, W) tensors: Gaussian kernels, separable filtering of each channel,
 * valid convolution. Every function returns a new array and leaves its input alone.
 */
public final class Filters {
    private Filters() {}

    /** A normalised Gaussian of standard deviation {@code sigma} pixels, radius ceil(3 sigma), at least 1. */
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

    /**
     * Each channel of {@code x} filtered by the odd-length 1-D kernel {@code k} along H, then W,
     * reflect padded ({@link Padding#reflect}), so the output has the input's shape.
     */
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
        NDArray p = Padding.reflect(x, r, r);
        NDArray v = conv(p, kv, c);
        return conv(v, kh, c);
    }

    /**
     * Valid (unpadded) stride-1 convolution of (N, C, H, W) {@code x} by {@code weight}, shaped
     * (C_out, C/groups, kH, kW), with {@code groups}: (N, C_out, H-kH+1, W-kW+1).
     */
    public static NDArray conv(NDArray x, NDArray weight, int groups) {
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
}
