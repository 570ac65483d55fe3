package dev.sindiff.metric;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.sindiff.UserError;
import java.util.List;

/**
 * SinGAN's diversity score: the grey value (0.299 R + 0.587 G + 0.114 B) of each sample; the
 * std across the samples at each pixel; its mean over the pixels; divided by the (population)
 * std of the training image's grey values. 0 when all samples are identical.
 *
 * <p>The std across samples is the sample std (divided by N - 1, Bessel's correction), which
 * estimates the spread of the model's distribution whatever N is. SinGAN measured it over 100
 * samples, where the two definitions agree; over the 8 samples used here the population std
 * (divided by N) would be biased low by the factor sqrt(7/8) = 0.935.
 */
public final class Diversity {
    private Diversity() {}

    /**
     * Grey-value variance at or below which the training image counts as one flat colour: float
     * rounding leaves about 1e-15 on a flat image; one pixel of 10^6 one 8-bit step off gives 6e-11.
     */
    static final double FLAT_VARIANCE = 1e-12;

    /**
     * The diversity of {@code samples} (at least two, all of one size, which need not be the
     * training size) relative to {@code train}.
     *
     * @throws UserError with a one-line reason when it is not defined
     */
    public static double of(List<NDArray> samples, NDArray train) {
        if (samples.size() < 2) {
            throw new UserError("diversity needs at least 2 samples, got " + samples.size());
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDList batch = new NDList(samples.size());
            Shape first = null;
            for (NDArray s : samples) {
                NDArray b = Ops.asBatch(s, "sample");
                if (first == null) {
                    first = b.getShape();
                } else if (!first.equals(b.getShape())) {
                    throw new UserError(
                            "diversity needs samples of one size, got " + Ops.width(b) + "x" + Ops.height(b)
                                    + " and " + first.get(3) + "x" + first.get(2));
                }
                batch.add(b);
            }
            NDArray g = Ops.grey(NDArrays.concat(batch, 0)); // (N, H, W)
            NDArray perPixel = g.sub(g.mean(new int[] {0}, true)).square().sum(new int[] {0}).div(samples.size() - 1f).sqrt();
            double spread = perPixel.mean().getFloat();
            double trainStd = Ops.std(Ops.grey(Ops.asBatch(train, "training image")));
            if (!(trainStd * trainStd > FLAT_VARIANCE)) {
                throw new UserError("diversity is undefined: the training image is one flat colour");
            }
            return spread / trainStd;
        }
    }

    /**
     * The most diversity {@code n} samples at the training image's size can have when they keep
     * its layout row by row: when every row of every sample holds the grey values of the same row
     * of {@code train}, in any order (content moved only sideways). It is
     * sqrt(n / (n − 1) · W / V), W the mean over the rows of the (population) variance of the grey
     * values within a row, V the variance of all of them. Proof: at a pixel of row y the sample
     * variance across the n samples is at most Σ_k (s_k − m_y)² / (n − 1), m_y the row's mean grey
     * value, whose mean over the row is n / (n − 1) · W_y when the row holds the image's values;
     * and the mean of the per-pixel std is at most the square root of the mean variance (Jensen).
     *
     * <p>About 1 for a texture, whose rows vary as much as the whole image; low for a scene whose
     * rows are each mostly one thing (fog above, a jetty below): diversity above it needs content
     * moved between rows, that is, a changed layout. Eight copies of the image rolled sideways
     * keep every row and stay under it.
     *
     * @param train (1, 3, H, W) or (3, H, W) in [-1, 1]
     * @param n the number of samples, at least 2 (the bound grows as n falls, like the Bessel-corrected std)
     * @return the ceiling, ≥ 0 (at most sqrt(n / (n − 1)))
     * @throws UserError when n is below 2 or the image is one flat colour
     */
    public static double rowKeptCeiling(NDArray train, int n) {
        if (n < 2) {
            throw new UserError("diversity needs at least 2 samples, got " + n);
        }
        double[] wv = rowVariances(train);
        if (!(wv[1] > FLAT_VARIANCE)) {
            throw new UserError("diversity is undefined: the training image is one flat colour");
        }
        return Math.sqrt(n / (n - 1.0) * wv[0] / wv[1]);
    }

    /**
     * The share of an image's grey-value variance that lies within its rows: W / V, W the mean over
     * the rows of the (population) variance within a row, V the variance of all the grey values;
     * 1 − W / V is the share the row means explain (the vertical layout). Near 1 for a texture,
     * whose rows vary as much as the whole image; low for a scene whose rows are each mostly one
     * thing. 1 for a flat image, which has no layout either.
     *
     * @param image (1, 3, H, W) or (3, H, W) in [-1, 1]
     * @return W / V in [0, 1]
     */
    public static double withinRowShare(NDArray image) {
        double[] wv = rowVariances(image);
        return wv[1] > FLAT_VARIANCE ? Math.min(1, wv[0] / wv[1]) : 1;
    }

    /** {W, V}: the mean within-row variance of the grey values, and their variance. */
    private static double[] rowVariances(NDArray image) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray g = Ops.grey(Ops.asBatch(image, "training image")); // (1, H, W)
            return new double[] {g.sub(g.mean(new int[] {2}, true)).square().mean().getFloat(),
                g.sub(g.mean()).square().mean().getFloat()};
        }
    }
}
