package dev.sindiff.guide;

import ai.djl.ndarray.NDArray;
import dev.sindiff.InvalidValue;
import dev.sindiff.image.TensorResize;
import dev.sindiff.image.TensorResize.Mode;
import dev.sindiff.tensor.Filters;
import java.util.Locale;

/**
 * Structure guidance: the distance between an image and a reference at a low resolution, where
 * only the layout shows. Both are blurred with a Gaussian of half a low-resolution pixel and
 * area-downsampled; the score is the mean absolute or squared difference. The blur makes the
 * gradient smooth: without it, the gradient of an area downsampling is constant over each block
 * and guidance paints visible rectangles.
 */
public final class LowResDistance implements Score {
    /** L1 or L2. */
    public enum Norm {
        L1, L2;

        /** The name on the command line: {@code l1} or {@code l2}. */
        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final NDArray referenceLow;
    private final int lowHeight;
    private final int lowWidth;
    private final Norm norm;
    private final float[] blur;

    /**
     * @param reference (1, 3, H, W) in [-1, 1] at the canvas size the score will see
     * @param lowHeight the resolution compared at (at most H)
     */
    public LowResDistance(NDArray reference, int lowHeight, int lowWidth, Norm norm) {
        long h = reference.getShape().get(2);
        long w = reference.getShape().get(3);
        double sigma = Math.min(0.5 * h / lowHeight, (Math.min(h, w) - 2) / 3.0);
        this.blur = sigma >= 0.5 ? Filters.gaussian(sigma) : null;
        this.lowHeight = lowHeight;
        this.lowWidth = lowWidth;
        this.norm = norm;
        this.referenceLow = low(reference);
    }

    /**
     * Structure guidance towards {@code reference} on a height × width canvas: the reference
     * resized (bicubic) to the canvas, both compared at a resolution {@code at} pixels high (at
     * most the canvas's height) with the canvas's aspect ratio.
     *
     * @param reference (1, 3, h, w) in [-1, 1], any size
     * @param at height of the comparison resolution in pixels, at least 1
     * @throws InvalidValue if {@code at} is below 1
     */
    public static LowResDistance toward(NDArray reference, int height, int width, int at, Norm norm) {
        int lowHeight = Math.min(requireComparisonHeight(at), height);
        int lowWidth = Math.max(1, (int) Math.round(lowHeight * (double) width / height));
        NDArray canvasReference = TensorResize.resize(reference, height, width, Mode.BICUBIC);
        return new LowResDistance(canvasReference, lowHeight, lowWidth, norm);
    }

    /**
     * The rule of {@link #toward}'s comparison height, for checking it before there is a reference.
     *
     * @return {@code at}
     * @throws InvalidValue if it is below 1
     */
    public static int requireComparisonHeight(int at) {
        InvalidValue.require(at >= 1, "comparison height", "must be >= 1 pixel", at);
        return at;
    }

    private NDArray low(NDArray x) {
        return TensorResize.resize(blur == null ? x : Filters.separable(x, blur), lowHeight, lowWidth, Mode.AREA);
    }

    @Override
    public NDArray of(NDArray x0) {
        NDArray d = low(x0).sub(referenceLow);
        NDArray per = norm == Norm.L1 ? d.abs() : d.square();
        return per.reshape(per.getShape().get(0), -1).mean(new int[] {1});
    }
}
