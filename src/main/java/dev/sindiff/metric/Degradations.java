package dev.sindiff.metric;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.sindiff.tensor.Filters;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Calibration references for the metrics: degraded versions of the training image, each a pure
 * function of the image (and a seed). Inputs are (1, 3, H, W) in [-1, 1]; each result has the
 * input's shape and lives on the input's manager (the caller closes it).
 */
public final class Degradations {
    private Degradations() {}

    /** Default blur of {@link #blurred(NDArray)}. */
    public static final double DEFAULT_SIGMA = 2.0;

    /** Default block side of {@link #blockShuffled(NDArray, long)}. */
    public static final int DEFAULT_BLOCK = 16;

    /** The image translated by (H/4, W/4) with wrap-around (torch.roll). */
    public static NDArray shifted(NDArray train) {
        return keep(() -> {
            NDArray t = Ops.asBatch(train, "training image");
            return Ops.roll(t, Ops.height(t) / 4, Ops.width(t) / 4);
        });
    }

    /** The image upside down: every patch kept, the layout inverted. */
    public static NDArray flippedUpsideDown(NDArray train) {
        return keep(() -> Ops.asBatch(train, "training image").flip(2));
    }

    /** Gaussian blur with sigma {@link #DEFAULT_SIGMA}. */
    public static NDArray blurred(NDArray train) {
        return blurred(train, DEFAULT_SIGMA);
    }

    /** Gaussian blur of std {@code sigma} px (kernel radius ceil(3 sigma), reflect padded). */
    public static NDArray blurred(NDArray train, double sigma) {
        if (!(sigma > 0)) {
            throw new IllegalArgumentException("blur sigma must be > 0, got " + sigma);
        }
        return keep(() -> Filters.separable(Ops.asBatch(train, "training image"), Filters.gaussian(sigma)));
    }

    /** {@link #blockShuffled(NDArray, int, long)} with 16-px blocks. */
    public static NDArray blockShuffled(NDArray train, long seed) {
        return blockShuffled(train, DEFAULT_BLOCK, seed);
    }

    /**
     * The image cut into {@code block x block} tiles that are randomly permuted (seeded). Rows and
     * columns beyond the last whole block stay in place.
     */
    public static NDArray blockShuffled(NDArray train, int block, long seed) {
        if (block < 1) {
            throw new IllegalArgumentException("block must be >= 1, got " + block);
        }
        return keep(() -> {
            NDArray t = Ops.asBatch(train, "training image");
            int h = Ops.height(t);
            int w = Ops.width(t);
            int bh = h / block;
            int bw = w / block;
            if (bh * bw < 2) {
                return t.duplicate();
            }
            int hc = bh * block;
            int wc = bw * block;
            NDArray tiles = t.get(":, :, :{}, :{}", hc, wc)
                    .reshape(3, bh, block, bw, block)
                    .transpose(1, 3, 0, 2, 4) // (bh, bw, 3, block, block)
                    .reshape(bh * bw, 3, block, block);
            int[] perm = permutation(bh * bw, new SplittableRandom(seed));
            long[] idx = new long[perm.length];
            for (int i = 0; i < perm.length; i++) {
                idx[i] = perm[i];
            }
            NDManager m = t.getManager();
            NDArray core = tiles.get("{}, :, :, :", m.create(idx))
                    .reshape(bh, bw, 3, block, block)
                    .transpose(2, 0, 3, 1, 4) // (3, bh, block, bw, block)
                    .reshape(1, 3, hc, wc);
            NDArray out = core;
            if (wc < w) {
                out = out.concat(t.get(":, :, :{}, {}:", hc, wc), 3);
            }
            if (hc < h) {
                out = out.concat(t.get(":, :, {}:, :", hc), 2);
            }
            return out;
        });
    }

    /**
     * Independent Gaussian noise with the image's per-channel mean and std, clipped to [-1, 1]
     * (drawn with {@link SplittableRandom}, so a pure function of the seed).
     */
    public static NDArray noise(NDArray train, long seed) {
        return keep(() -> {
            NDArray t = Ops.asBatch(train, "training image");
            int h = Ops.height(t);
            int w = Ops.width(t);
            NDArray mean = Ops.channelMean(t);
            NDArray std = Ops.channelStd(t);
            SplittableRandom r = new SplittableRandom(seed);
            float[] z = new float[3 * h * w];
            for (int i = 0; i < z.length; i++) {
                z[i] = (float) r.nextGaussian();
            }
            return t.getManager().create(z, new Shape(1, 3, h, w)).mul(std).add(mean).clip(-1f, 1f);
        });
    }

    /** A uniformly random permutation of [0, n) (Fisher-Yates). */
    static int[] permutation(int n, SplittableRandom r) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int tmp = p[i];
            p[i] = p[j];
            p[j] = tmp;
        }
        return p;
    }

    /** Runs {@code f} in a scope that closes every temporary but the result (which the caller owns). */
    private static NDArray keep(Supplier<NDArray> f) {
        NDArray out;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            out = f.get();
            NDScope.unregister(out);
        }
        NDScope.register(out); // hand it to the caller's scope, if any
        return out;
    }
}
