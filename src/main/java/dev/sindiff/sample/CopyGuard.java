package dev.sindiff.sample;

import dev.sindiff.InvalidValue;
import dev.sindiff.metric.CopyDistance;

/**
 * Re-draws random variations that come out as near-copies of the model's image. After each sample
 * of an unconditional plan ({@link CanvasPlan#isUnconditional}) whose canvas has at most {@link
 * #MAX_AREA_RATIO} times the image's pixels, its copy distance from the image is measured ({@link
 * CopyDistance#of}: 0 for a translated copy, about 1.4 for an independent image); below
 * {@code minDistance} the sample is drawn again from fresh noise, at most {@code redraws} times,
 * and the farthest of its draws is kept. The noise of a re-draw depends only on (seed, image
 * index, attempt), so results stay reproducible.
 *
 * <p>Why: at the coarsest level of a pyramid (24 px on the short side, P = 15) a patch spans most
 * of the image, and a deterministic sampler there often settles on one or two translated pieces of
 * the image; the finer levels then add the image's detail in place, and the sample is the image
 * again (5 of 8 samples of {@code samples/rocket.jpg} at 128 px). Which start noise leads there is
 * not predictable, but the result is cheap to recognise. The guard applies to canvases about the
 * image's size only: a wide panorama holds many images' worth of content, and re-drawing it
 * costs many samples.
 *
 * @param minDistance samples whose copy distance is below this are re-drawn (≥ 0; 0 = never);
 *     {@link #DEFAULT} uses {@link CopyDistance#NEAR_COPY} plus a margin
 * @param redraws re-draws per sample at most, 0 to {@link #MAX_REDRAWS} (0 = off)
 */
public record CopyGuard(double minDistance, int redraws) {
    /** The most re-draws a sample may get. */
    public static final int MAX_REDRAWS = 16;

    /** Canvases with more than this many times the image's pixels are not checked. */
    public static final double MAX_AREA_RATIO = 4;

    /**
     * Re-draw below 0.8, up to 4 times: eval's near-copy line ({@link CopyDistance#NEAR_COPY},
     * 0.7) with a margin, so that a re-drawn sample is clear of it; on the scenes of
     * docs/closed-form.md 0.8 also gave a lower patch SWD than 0.7.
     */
    public static final CopyGuard DEFAULT = new CopyGuard(CopyDistance.NEAR_COPY + 0.1, 4);

    /** Never re-draws. */
    public static final CopyGuard OFF = new CopyGuard(0, 0);

    /** @throws InvalidValue if a field is out of range */
    public CopyGuard {
        InvalidValue.require(minDistance >= 0 && minDistance <= 2, "copy guard distance", "must be in [0, 2]", minDistance);
        InvalidValue.require(redraws >= 0 && redraws <= MAX_REDRAWS, "copy guard redraws", "must be in [0, " + MAX_REDRAWS + "]",
                redraws);
    }

    /** Whether samples of an h×w canvas of {@code plan} are checked against an image of imageHeight × imageWidth. */
    public boolean checks(CanvasPlan plan, int imageHeight, int imageWidth) {
        return redraws > 0 && minDistance > 0 && plan.isUnconditional()
                && (double) plan.height() * plan.width() <= MAX_AREA_RATIO * imageHeight * imageWidth;
    }
}
