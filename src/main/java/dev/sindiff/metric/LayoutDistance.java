package dev.sindiff.metric;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import dev.sindiff.image.TensorResize;

/**
 * How far a sample's layout is from the training image's: the root mean square difference of the
 * mean colour of each of {@link #BANDS} horizontal bands, over bands and colour channels, in pixel
 * values of [-1, 1]. Both images are area-resized to {@link #BANDS} rows first (fewer when the
 * training image is shorter), so a panorama or a taller canvas is compared at the same relative
 * heights (the horizon must stay at its relative height), and a thin line a few pixels off its
 * place, which a rearranged sample is free to do, costs little. 0 for the training image and for
 * any rearrangement within rows; large when sky and ground trade places (a flipped image) or mix
 * (a block-shuffled one).
 *
 * <p>Columns are left out on purpose: a good sample of a scene moves its content sideways, and a
 * panorama has other columns than the image.
 */
public final class LayoutDistance {
    private LayoutDistance() {}

    /** Horizontal bands compared: 1/16 of the height each. */
    public static final int BANDS = 16;

    /**
     * @param sample (1, 3, H', W') in [-1, 1]
     * @param train (1, 3, H, W) in [-1, 1]
     * @return the row-profile distance, ≥ 0 (at most 2)
     */
    public static double of(NDArray sample, NDArray train) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray s = Ops.asBatch(sample, "sample");
            NDArray t = Ops.asBatch(train, "training image");
            int bands = Math.min(BANDS, Ops.height(t));
            NDArray diff = rowProfile(TensorResize.resize(s, bands, Ops.width(s), TensorResize.Mode.AREA))
                    .sub(rowProfile(TensorResize.resize(t, bands, Ops.width(t), TensorResize.Mode.AREA)));
            return Math.sqrt(diff.square().mean().getFloat());
        }
    }

    /** The mean colour of each row, (1, 3, H). */
    static NDArray rowProfile(NDArray x) {
        return x.mean(new int[] {3});
    }
}
