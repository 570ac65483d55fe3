package dev.sindiff.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;

/**
 * Evaluates a denoiser on overlapping tiles and blends them, so that the memory of a network
 * evaluation depends on the tile, not the canvas. Tiles of side {@code tile} overlap by
 * {@code overlap} pixels; in an overlap the two predictions are mixed with linear ramps, so the
 * result is continuous. A patch model with a receptive field smaller than the overlap sees the
 * same pixels in a tile as in the whole canvas, except through GroupNorm, whose statistics are
 * per tile (docs/canvases.md measures the difference).
 */
public final class TiledDenoiser implements Denoiser {
    private final Denoiser inner;
    private final int tile;
    private final int overlap;
    private final int align;

    /**
     * @param tiling the tiles ({@link Tiling#tiled()})
     * @param align tile offsets are multiples of this (the network's size multiple), so that
     *     every tile sees the same downsampling phase as the whole canvas
     */
    public TiledDenoiser(Denoiser inner, Tiling tiling, int align) {
        if (!tiling.tiled() || align < 1) {
            throw new IllegalArgumentException("need tiles and align >= 1, got " + tiling + ", align " + align);
        }
        this.inner = inner;
        this.tile = tiling.tile();
        this.overlap = tiling.overlap();
        this.align = align;
    }

    /** Start offsets of the tiles along an axis of {@code length} pixels: first 0, last length - tile. */
    public static int[] starts(int length, int tile, int overlap, int align) {
        if (length <= tile) {
            return new int[] {0};
        }
        int n = (int) Math.ceil((double) (length - overlap) / (tile - overlap));
        int[] s = new int[n];
        for (int i = 0; i < n; i++) {
            int ideal = (int) Math.round((double) i * (length - tile) / (n - 1));
            s[i] = Math.min(length - tile, ideal / align * align);
        }
        s[n - 1] = length - tile;
        return s;
    }

    /**
     * Blending weight along one axis of a tile at {@code start} of {@code size} pixels: a ramp
     * rising over the overlap with the previous tile and falling over the overlap with the next,
     * 1 elsewhere (and at the canvas edges).
     */
    static float[] ramp(int start, int size, int prevEnd, int nextStart) {
        float[] w = new float[size];
        for (int i = 0; i < size; i++) {
            int p = start + i;
            double a = p < prevEnd ? (p - start + 1.0) / (prevEnd - start + 1.0) : 1.0;
            double b = p >= nextStart ? (start + size - p) / (start + size - nextStart + 1.0) : 1.0;
            w[i] = (float) Math.min(a, b);
        }
        return w;
    }

    @Override
    public NDArray predictNoise(NDArray x, NDArray t) {
        Shape s = x.getShape();
        int h = (int) s.get(2);
        int w = (int) s.get(3);
        if (h <= tile && w <= tile) {
            return inner.predictNoise(x, t);
        }
        int th = Math.min(tile, h);
        int tw = Math.min(tile, w);
        int[] ys = starts(h, th, overlap, align);
        int[] xs = starts(w, tw, overlap, align);
        NDManager m = x.getManager();
        NDArray out = m.zeros(s);
        NDArray weight = m.zeros(new Shape(1, 1, h, w));
        for (int i = 0; i < ys.length; i++) {
            float[] wy = ramp(ys[i], th, i > 0 ? ys[i - 1] + th : 0, i + 1 < ys.length ? ys[i + 1] : h);
            for (int j = 0; j < xs.length; j++) {
                float[] wx = ramp(xs[j], tw, j > 0 ? xs[j - 1] + tw : 0, j + 1 < xs.length ? xs[j + 1] : w);
                NDIndex at = new NDIndex(":, :, {}:{}, {}:{}", ys[i], ys[i] + th, xs[j], xs[j] + tw);
                try (NDScope scope = new NDScope()) { // one tile's temporaries at a time
                    scope.suppressNotUsedWarning();
                    NDArray wt = m.create(wy, new Shape(1, 1, th, 1)).mul(m.create(wx, new Shape(1, 1, 1, tw)));
                    NDArray eps = inner.predictNoise(x.get(at), t);
                    out.set(at, out.get(at).add(eps.mul(wt)));
                    weight.set(at, weight.get(at).add(wt));
                }
            }
        }
        return out.div(weight);
    }
}
