package dev.sindiff.metric;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.sindiff.UserError;
import dev.sindiff.diffusion.SeededNoise;
import dev.sindiff.image.TensorResize;
import dev.sindiff.tensor.Filters;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Multi-scale patch sliced Wasserstein distance (SWD) between a sample and the training image: a
 * weight-free stand-in for SIFID. Lower is better; 0 for the training image itself.
 *
 * <p>Recipe: Laplacian pyramid of both images (5-tap binomial blur [1,4,6,4,1]/16, reflect padded,
 * then keep every other pixel; each level is G_i minus G_{i+1} bilinearly upsampled to G_i's size;
 * the last level is the coarsest Gaussian). The level count is chosen on the training image (as
 * many as keep the coarsest level's smaller side at least 16 px, at most 5) and capped by the
 * sample. At each level, both levels are normalised per colour channel with the training level's
 * mean and std (one affine for both, so a colour shift still counts), every stride-1 7x7x3 patch
 * becomes a 147-D point (a seeded random subset of 16384 when there are more), the two point sets
 * are projected on 128 seeded random unit directions, each column is sorted, and the distance per
 * direction is the mean absolute difference of the sorted projections (1-D Wasserstein-1; when
 * the counts differ, the larger set is read at the quantiles (i + 0.5) N / n of the smaller). A
 * level's SWD is the mean over directions; the total is the mean over levels.
 */
public final class PatchSwd {
    private PatchSwd() {}

    /** Smallest side of the coarsest level that the automatic level count keeps. */
    public static final int MIN_LEVEL_SIDE = 16;

    /** Most levels the automatic level count uses. */
    public static final int MAX_AUTO_LEVELS = 5;

    private static final float MIN_STD = 1e-3f;

    /**
     * @param levels pyramid levels; 0 = automatic (see {@link PatchSwd}); any count is capped so
     *     that both images' coarsest level still holds a patch
     * @param patch patch side in pixels (odd or even, at least 1)
     * @param projections random directions per level
     * @param maxPatches most patches per image and level (a seeded random subset beyond that)
     * @param seed seed of the directions and of the subsets
     */
    public record Config(int levels, int patch, int projections, int maxPatches, long seed) {
        public static final Config DEFAULT = new Config(0, 7, 128, 16384, 0);

        public Config {
            if (levels < 0 || patch < 1 || projections < 1 || maxPatches < 1) {
                throw new IllegalArgumentException(
                        "bad SWD config: levels " + levels + ", patch " + patch + ", projections "
                                + projections + ", maxPatches " + maxPatches);
            }
        }

        public Config withSeed(long newSeed) {
            return new Config(levels, patch, projections, maxPatches, newSeed);
        }
    }

    /** Total SWD (mean over levels) and the SWD of each level, finest first. */
    public record Result(double total, double[] perLevel) {}

    /** The SWD between {@code sample} and {@code train}, both (1, 3, H, W) in [-1, 1]; sizes may differ. */
    public static Result distance(NDArray sample, NDArray train, Config c) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray s = Ops.asBatch(sample, "sample");
            NDArray t = Ops.asBatch(train, "training image");
            int levels = levelCount(t, s, c);
            List<NDArray> ps = laplacian(s, levels);
            List<NDArray> pt = laplacian(t, levels);
            double[] per = new double[levels];
            double sum = 0;
            for (int l = 0; l < levels; l++) {
                per[l] = levelDistance(ps.get(l), pt.get(l), c, l);
                sum += per[l];
            }
            return new Result(sum / levels, per);
        }
    }

    /** The SWD with {@link Config#DEFAULT}. */
    public static Result distance(NDArray sample, NDArray train) {
        return distance(sample, train, Config.DEFAULT);
    }

    /** Automatic level count for an image of {@code h x w}: coarsest smaller side >= 16, at most 5. */
    public static int autoLevels(long h, long w) {
        long side = Math.min(h, w);
        int levels = 1;
        while (levels < MAX_AUTO_LEVELS && (side + 1) / 2 >= MIN_LEVEL_SIDE) {
            side = (side + 1) / 2;
            levels++;
        }
        return levels;
    }

    /** Most levels whose coarsest smaller side still holds a patch. */
    private static int feasibleLevels(long h, long w, int patch) {
        long side = Math.min(h, w);
        int levels = 1;
        while ((side + 1) / 2 >= patch) {
            side = (side + 1) / 2;
            levels++;
        }
        return levels;
    }

    static int levelCount(NDArray train, NDArray sample, Config c) {
        int ht = Ops.height(train), wt = Ops.width(train);
        int hs = Ops.height(sample), ws = Ops.width(sample);
        if (Math.min(ht, wt) < c.patch() || Math.min(hs, ws) < c.patch()) {
            throw new UserError(
                    "SWD needs images of at least " + c.patch() + "x" + c.patch() + " px, got sample "
                            + ws + "x" + hs + " and training image " + wt + "x" + ht);
        }
        int levels = c.levels() > 0
                ? c.levels()
                : Math.min(autoLevels(ht, wt), autoLevels(hs, ws));
        return Math.min(levels, Math.min(feasibleLevels(ht, wt, c.patch()), feasibleLevels(hs, ws, c.patch())));
    }

    private static final float[] BINOMIAL = {1 / 16f, 4 / 16f, 6 / 16f, 4 / 16f, 1 / 16f};

    /** Laplacian pyramid, finest first; the last entry is the coarsest Gaussian level. */
    static List<NDArray> laplacian(NDArray x, int levels) {
        List<NDArray> out = new ArrayList<>(levels);
        NDArray g = x;
        for (int l = 0; l < levels - 1; l++) {
            NDArray next = Filters.separable(g, BINOMIAL).get(":, :, ::2, ::2");
            NDArray up = TensorResize.resize(next, Ops.height(g), Ops.width(g), TensorResize.Mode.BILINEAR);
            out.add(g.sub(up));
            g = next;
        }
        out.add(g);
        return out;
    }

    private static double levelDistance(NDArray ls, NDArray lt, Config c, int level) {
        NDArray mean = Ops.channelMean(lt);
        NDArray std = Ops.channelStd(lt).maximum(MIN_STD);
        NDArray ns = ls.sub(mean).div(std);
        NDArray nt = lt.sub(mean).div(std);
        NDArray a = patches(ns, c.patch(), c.maxPatches(), subsetRandom(c.seed(), level));
        NDArray b = patches(nt, c.patch(), c.maxPatches(), subsetRandom(c.seed(), level));
        NDArray dirs = directions(lt.getManager(), 3 * c.patch() * c.patch(), c.projections(), c.seed(), level);
        NDArray pa = a.matMul(dirs).sort(0);
        NDArray pb = b.matMul(dirs).sort(0);
        long na = pa.getShape().get(0);
        long nb = pb.getShape().get(0);
        if (na > nb) {
            pa = quantiles(pa, nb);
        } else if (nb > na) {
            pb = quantiles(pb, na);
        }
        return pa.sub(pb).abs().mean().getFloat();
    }

    /** Rows floor((i + 0.5) N / n), i < n, of a sorted (N, P) array. */
    static NDArray quantiles(NDArray sorted, long n) {
        long big = sorted.getShape().get(0);
        long[] idx = new long[(int) n];
        for (int i = 0; i < n; i++) {
            idx[i] = (long) Math.floor((i + 0.5) * big / n);
        }
        return sorted.get("{}, :", sorted.getManager().create(idx));
    }

    /**
     * All stride-1 {@code p x p x 3} patches of a (1, 3, H, W) image as rows of an (N, 3 p^2)
     * array (channel-major, then row, then column), or a random subset of {@code max} of them.
     */
    static NDArray patches(NDArray x, int p, int max, SplittableRandom random) {
        int h = Ops.height(x);
        int w = Ops.width(x);
        int oh = h - p + 1;
        int ow = w - p + 1;
        long n = (long) oh * ow;
        int d = 3 * p * p;
        NDManager m = x.getManager();
        if (n <= max) {
            // conv2d with a one-hot identity kernel: output channel k copies input (c, dy, dx)
            NDArray eye = m.eye(d).reshape(d, 3, p, p);
            return Filters.conv(x, eye, 1).reshape(d, n).transpose();
        }
        // memory-bounded path: read only the chosen patches, by flat index into the image
        int[] pick = sample((int) n, max, random);
        long[] base = new long[max];
        for (int i = 0; i < max; i++) {
            base[i] = (long) (pick[i] / ow) * w + (pick[i] % ow);
        }
        long[] offset = new long[d];
        for (int ch = 0, k = 0; ch < 3; ch++) {
            for (int dy = 0; dy < p; dy++) {
                for (int dx = 0; dx < p; dx++, k++) {
                    offset[k] = (long) ch * h * w + (long) dy * w + dx;
                }
            }
        }
        NDArray index = m.create(base, new Shape(max, 1)).add(m.create(offset, new Shape(1, d)));
        return x.take(m, index);
    }

    /** {@code k} distinct indices of [0, n) (partial Fisher-Yates), in ascending order. */
    static int[] sample(int n, int k, SplittableRandom random) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(n - i);
            int tmp = all[i];
            all[i] = all[j];
            all[j] = tmp;
        }
        int[] out = Arrays.copyOf(all, k);
        Arrays.sort(out);
        return out;
    }

    /** (d, count) matrix of random unit column vectors, a pure function of (seed, level). */
    static NDArray directions(NDManager m, int d, int count, long seed, int level) {
        SplittableRandom r = new SplittableRandom(mix(seed, level, 1));
        float[] v = new float[d * count];
        double[] norm = new double[count];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < count; j++) {
                double g = r.nextGaussian();
                v[i * count + j] = (float) g;
                norm[j] += g * g;
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < count; j++) {
                v[i * count + j] /= (float) Math.sqrt(norm[j]);
            }
        }
        return m.create(v, new Shape(d, count));
    }

    private static SplittableRandom subsetRandom(long seed, int level) {
        // the same stream for sample and training image, so equal-size images get the same subset
        return new SplittableRandom(mix(seed, level, 2));
    }

    private static long mix(long seed, int level, int stream) {
        return SeededNoise.sampleSeed(seed, level * 0xBF58476D1CE4E5B9L + stream * 0x94D049BB133111EBL);
    }
}
