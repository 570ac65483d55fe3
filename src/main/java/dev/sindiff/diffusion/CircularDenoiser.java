package dev.sindiff.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Seamless textures: the canvas is treated as a torus. The input is padded with wrap-around
 * copies of itself (at least half the receptive field on each side), the inner denoiser runs on
 * that, and the centre is cropped back, so every pixel near an edge sees the opposite edge as
 * its neighbour. The sampled image then tiles without a seam.
 */
public final class CircularDenoiser implements Denoiser {
    private final Denoiser inner;
    private final int pad;

    /** @param pad wrap-around pixels added on each side (half the receptive field or more) */
    public CircularDenoiser(Denoiser inner, int pad) {
        if (pad < 1) {
            throw new IllegalArgumentException("pad must be >= 1, got " + pad);
        }
        this.inner = inner;
        this.pad = pad;
    }

    /** The padding for a network: half its receptive field, rounded up to its size multiple. */
    public static int padFor(int receptiveField, int sizeMultiple) {
        int half = (receptiveField + 1) / 2;
        return (half + sizeMultiple - 1) / sizeMultiple * sizeMultiple;
    }

    @Override
    public NDArray predictNoise(NDArray x, NDArray t) {
        Shape s = x.getShape();
        long h = s.get(2);
        long w = s.get(3);
        NDArray wrapped = wrap(x, pad);
        NDArray eps = inner.predictNoise(wrapped, t);
        return eps.get(":, :, {}:{}, {}:{}", pad, pad + h, pad, pad + w);
    }

    /** x extended periodically by {@code pad} pixels on every side. */
    static NDArray wrap(NDArray x, int pad) {
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        if (pad <= h && pad <= w) { // the usual case: one copy of each border strip
            NDArray rows = ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(
                    x.get(":, :, {}:, :", h - pad), x, x.get(":, :, :{}, :", pad)), 2);
            return ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(
                    rows.get(":, :, :, {}:", w - pad), rows, rows.get(":, :, :, :{}", pad)), 3);
        }
        long ry = 2 * ((pad + h - 1) / h) + 1; // copies needed in each direction, odd
        long rx = 2 * ((pad + w - 1) / w) + 1;
        NDArray tiled = x.tile(new long[] {1, 1, ry, rx});
        long y0 = (ry / 2) * h - pad;
        long x0 = (rx / 2) * w - pad;
        return tiled.get(":, :, {}:{}, {}:{}", y0, y0 + h + 2 * pad, x0, x0 + w + 2 * pad);
    }
}
