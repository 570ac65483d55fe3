package dev.sindiff.metric;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.sindiff.UserError;
import dev.sindiff.tensor.Filters;

/**
 * Memorisation check: how close a sample comes to a translated copy of the training image.
 *
 * <p>{@code d = min over integer translations of RMS(sample - shifted train) over the overlap,
 * divided by the std of the training image} (one std over all its pixels and channels). It is 0
 * for an exact or translated copy and about 1.4 (= sqrt 2) for an independent image with the
 * same statistics. Every translation whose overlap covers at least half of the smaller image in
 * each axis is tried, all at once: with the larger image zero padded, sum(s t) over the overlap
 * is a cross-correlation with the smaller image as the kernel, and sum(s^2) and sum(t^2) over the
 * overlap are correlations with indicator masks, so {@code sum (s - t)^2 = sum s^2 - 2 sum s t +
 * sum t^2} for every shift in three cross-correlations, computed by FFT ({@link
 * Filters#crossCorrelation}); the best translation is then measured again
 * directly (the expansion cancels in float32), so an exact copy scores 0.
 *
 * <p>The images must also match in their detail (each image minus its Gaussian blur of std
 * {@link #DETAIL_SIGMA} px): the detail distance is {@code sqrt(2 (1 - rho))}, with rho the
 * largest normalised cross-correlation of the two detail maps over the same translations (0 for
 * a copy, about sqrt 2 for independent images, like the first), and the larger of the two
 * distances is returned. On an image dominated by a smooth gradient (a night sky) the first alone
 * is small for any sample that reproduces the gradient, whatever it puts on it. The detail term is
 * a correlation, not a difference scaled by the training image's detail, because a blurry sample
 * has little detail anywhere: its difference from a faint region of the training image (the sky)
 * is small although nothing in it was copied, while a copy, even blurred, still correlates.
 *
 * <p>Degenerate images keep to this definition: when the training image's detail map is flat
 * (std below {@link #FLAT_STD}: a flat or perfectly smooth image), there is no detail to
 * correlate and the first distance alone decides; when the training image itself is one flat
 * colour, a sample of that colour is a copy (0) and any other has no defined distance.
 *
 * <p>When (sample pixels) x (training pixels) exceeds {@link #MAX_PIXEL_PRODUCT}, both images are
 * downsampled by 2 (2x2 area average) until it does not, and the distance is measured at that
 * resolution (the std too): the limit dates from direct convolutions, whose cost was that
 * product, and is kept so that figures of large canvases stay comparable. With the FFTs a
 * 160x256 sample is measured in about 0.1 s (3 s by conv2d).
 */
public final class CopyDistance {
    private CopyDistance() {}

    /** Above this (sample pixels x training pixels) both images are halved (area) first. */
    public static final double MAX_PIXEL_PRODUCT = 2e9;

    /**
     * Distances below this flag a sample as a near-copy. Calibrated on the repository's images
     * (models/hubble/train-image.png, samples/rocket.jpg at 128x85, and coffee, chelsea and
     * gravel at 64 px): translated or cropped copies score 0; copies blurred with sigma 0.5 px
     * score 0.12 to 0.21, sigma 1 px 0.41 to 0.56, sigma 2 px 0.73 to 0.89; 16-px block shuffles
     * 1.05 to 1.32, per-channel noise 1.36 to 1.39, mirror images 1.01 to 1.33. 32 samples of the
     * {@code fast} model of rocket (a sky gradient) score 0.76 to 1.15, and 8 blurrier DDIM
     * (eta 1) samples of it 0.82 to 1.05 (the previous, difference-based detail term flagged
     * 2 of these 40 at 0.68 and 0.69). So 0.7 flags copies and lightly blurred copies but no
     * rearrangement of the image's content.
     */
    public static final double NEAR_COPY = 0.7;

    /**
     * Below this std (pixel values in [-1, 1]; an eighth of an 8-bit grey level, the floor
     * {@link PatchSwd} normalises by too) an image, or its detail map, holds no variation of its
     * own: float rounding of a flat colour is of this order, and nothing meaningful can be scaled
     * by it or correlated with it.
     */
    public static final double FLAT_STD = 1e-3;

    /** Std in pixels of the blur whose residual is the detail compared by {@link #of}. */
    public static final double DETAIL_SIGMA = 3;

    /** sqrt(min mean square over translations) / std(t): the distance on one pair of images. */
    static double distance(NDArray s, NDArray t) {
        return Math.sqrt(minMeanSquare(s, t)) / Ops.std(t);
    }

    /**
     * sqrt(2 (1 - max correlation)) between two detail maps: 0 for a copy, about sqrt 2 (like
     * {@link #distance}) for independent images.
     */
    static double detailDistance(NDArray s, NDArray t) {
        return Math.sqrt(Math.max(0, 2 * (1 - maxCorrelation(s, t))));
    }

    /** Pixels dropped on each side of a detail map, where the blur saw the padding. */
    private static int detailBorder() {
        return (int) Math.ceil(3 * DETAIL_SIGMA);
    }

    /**
     * The image minus its Gaussian blur (edges and texture without the smooth shading), without
     * the border where the blur reached past the image, so that a crop's detail is the original's.
     */
    static NDArray detail(NDArray x) {
        int r = detailBorder();
        NDArray d = x.sub(Filters.separable(x, Filters.gaussian(DETAIL_SIGMA)));
        return d.get(":, :, {}:{}, {}:{}", r, Ops.height(x) - r, r, Ops.width(x) - r);
    }

    /** Whether a copy distance marks a near-copy of the training image. */
    public static boolean isNearCopy(double d) {
        return d < NEAR_COPY;
    }

    /** The copy distance of {@code sample} from {@code train}, both (1, 3, H, W); sizes may differ. */
    public static double of(NDArray sample, NDArray train) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray s = Ops.asBatch(sample, "sample");
            NDArray t = Ops.asBatch(train, "training image");
            while ((double) Ops.height(s) * Ops.width(s) * Ops.height(t) * Ops.width(t) > MAX_PIXEL_PRODUCT
                    && Math.min(Math.min(Ops.height(s), Ops.width(s)), Math.min(Ops.height(t), Ops.width(t))) >= 4) {
                s = Ops.areaDown2(s);
                t = Ops.areaDown2(t);
            }
            if (!(Ops.std(t) >= FLAT_STD)) {
                return flatDistance(s, t);
            }
            double whole = distance(s, t);
            int border = detailBorder();
            if (Math.min(Math.min(Ops.height(s), Ops.width(s)), Math.min(Ops.height(t), Ops.width(t))) < 2 * border + 8) {
                return whole; // too small to separate detail from shading
            }
            NDArray td = detail(t);
            // no detail to correlate (a flat or perfectly smooth image): the plain distance decides
            return Ops.std(td) >= FLAT_STD ? Math.max(whole, detailDistance(detail(s), td)) : whole;
        }
    }

    /**
     * The copy distance from a training image of one flat colour (std below {@link #FLAT_STD}),
     * which has no scale of its own to divide by: 0 when the sample is that colour too (within
     * {@link #FLAT_STD} RMS), as any copy of it is.
     *
     * @throws UserError for any other sample: its distance has no defined scale
     */
    private static double flatDistance(NDArray s, NDArray t) {
        if (Math.sqrt(minMeanSquare(s, t)) < FLAT_STD) {
            return 0;
        }
        throw new UserError("copy distance is undefined: the training image is one flat colour, so it has no contrast"
                + " to measure a sample of other colours against");
    }

    /**
     * Smallest mean squared difference (over the overlap and the channels) between {@code s} and
     * {@code t} over all translations with at least half overlap in each axis. Symmetric in its
     * arguments; the smaller image serves as the convolution kernel, which keeps the cost near
     * (larger pixels) x (smaller pixels) x 3 multiply-adds for the cross term.
     */
    static double minMeanSquare(NDArray s, NDArray t) {
        Overlaps o = Overlaps.of(s, t);
        NDArray msd = o.bb.sub(o.cross.mul(2f)).add(o.kk).maximum(0f).div(o.count);
        // the expansion loses float precision near 0 (a copy scores ~1e-3): measure the best
        // translation again directly on its overlap
        NDArray[] ab = o.at(msd.flatten().argMin().getLong());
        return ab[0].sub(ab[1]).square().mean().getFloat();
    }

    /**
     * Largest normalised cross-correlation {@code sum(s t) / sqrt(sum(s^2) sum(t^2))} over the
     * overlap, among the same translations as {@link #minMeanSquare}. 1 for a copy (whatever its
     * contrast), about 0 for independent images, whatever their energy: a blurry sample does not
     * correlate with the training image just because both are faint somewhere. Meant for maps
     * whose mean is about 0 (detail maps): both are centred by {@code t}'s mean only, not per
     * overlap.
     */
    static double maxCorrelation(NDArray s, NDArray t) {
        Overlaps o = Overlaps.of(s, t);
        NDArray ncc = o.cross.div(o.bb.mul(o.kk).sqrt().maximum(1e-12f));
        NDArray[] ab = o.at(ncc.flatten().argMax().getLong());
        double st = ab[0].mul(ab[1]).sum().getFloat();
        double norms = Math.sqrt((double) ab[0].square().sum().getFloat() * ab[1].square().sum().getFloat());
        return norms > 0 ? st / norms : 0;
    }

    /**
     * The sums over the overlap of every translation with at least half overlap in each axis, as
     * (U, V) maps: {@code cross} = sum(big small), {@code bb} = sum(big^2), {@code kk} =
     * sum(small^2) (all over the three channels, both images centred by one mean, the
     * training image's), and {@code count}, the number of values summed. With the larger image
     * zero padded these are three cross-correlations, the smaller image (or an indicator) as the kernel.
     */
    private record Overlaps(NDArray big, NDArray small, NDArray cross, NDArray bb, NDArray kk, NDArray count, int ph,
            int pw, int v) {
        static Overlaps of(NDArray s, NDArray t) {
            long ps = (long) Ops.height(s) * Ops.width(s);
            long pt = (long) Ops.height(t) * Ops.width(t);
            NDArray big = ps >= pt ? s : t;
            NDArray small = ps >= pt ? t : s;
            NDManager m = big.getManager();
            int hb = Ops.height(big), wb = Ops.width(big);
            int hk = Ops.height(small), wk = Ops.width(small);
            int oh = (Math.min(hb, hk) + 1) / 2; // least overlap: half the smaller side, rounded up
            int ow = (Math.min(wb, wk) + 1) / 2;
            int ph = hk - oh;
            int pw = wk - ow;
            // centring both by one mean changes no difference but keeps the float sums small
            NDArray mean = Ops.channelMean(t);
            NDArray bc = big.sub(mean);
            NDArray kc = small.sub(mean);
            Shape pad = new Shape(pw, pw, ph, ph); // torch order: last axis first
            NDArray bp = bc.pad(pad, 0);
            int u = hb + 2 * ph - hk + 1;
            int v = wb + 2 * pw - wk + 1;
            // correlations with kernels as large as the image: by FFT (the float rounding of a
            // sum of squares can dip below 0, hence the clamps)
            NDArray cross = Filters.crossCorrelation(bp, kc);
            NDArray bb = Filters.crossCorrelation(bp.square().sum(new int[] {1}, true), m.ones(new Shape(1, 1, hk, wk))).maximum(0f);
            NDArray mask = m.ones(new Shape(1, 1, hb, wb)).pad(pad, 0);
            NDArray kk = Filters.crossCorrelation(mask, kc.square().sum(new int[] {1}, true)).maximum(0f);
            float[] rows = overlaps(u, hb, hk, ph);
            float[] cols = overlaps(v, wb, wk, pw);
            NDArray count = m.create(rows, new Shape(u, 1)).matMul(m.create(cols, new Shape(1, v))).mul(3f);
            return new Overlaps(bc, kc, cross, bb, kk, count, ph, pw, v);
        }

        /** The two centred images' overlapping parts at translation number {@code index} (row-major). */
        NDArray[] at(long index) {
            int hb = Ops.height(big), wb = Ops.width(big);
            int hk = Ops.height(small), wk = Ops.width(small);
            int oy = (int) (index / v) - ph; // kernel row 0 sits on big row oy
            int ox = (int) (index % v) - pw;
            int y0 = Math.max(0, oy), y1 = Math.min(hb, oy + hk);
            int x0 = Math.max(0, ox), x1 = Math.min(wb, ox + wk);
            return new NDArray[] {big.get(":, :, {}:{}, {}:{}", y0, y1, x0, x1),
                    small.get(":, :, {}:{}, {}:{}", y0 - oy, y1 - oy, x0 - ox, x1 - ox)};
        }
    }

    /** Overlap length along one axis for each output offset of the padded cross-correlation. */
    private static float[] overlaps(int outputs, int paddedLen, int kernelLen, int pad) {
        float[] o = new float[outputs];
        for (int i = 0; i < outputs; i++) {
            int first = Math.max(i - pad, 0);
            int last = Math.min(i - pad + kernelLen - 1, paddedLen - 1);
            o[i] = last - first + 1;
        }
        return o;
    }
}
