package dev.sindiff.patch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;

/**
 * Stride-1 patches of an image and back (torch's unfold and fold), from whole-tensor slices: P²
 * shifted views, never a per-pixel loop. A patch is flattened channel first, then row, then
 * column, so element {@code c·P² + i·P + j} of patch (y, x) is pixel (c, y + i, x + j).
 */
public final class Patches {
    private Patches() {}

    /**
     * Every P×P patch of {@code image} at stride 1.
     *
     * @param image (1, C, H, W) with H, W ≥ P
     * @return (N, C·P²) with N = (H - P + 1)(W - P + 1), patches in row-major order of their top-left corner
     * @throws IllegalArgumentException if the image is smaller than a patch
     */
    public static NDArray unfold(NDArray image, int p) {
        Shape s = image.getShape();
        long c = s.get(1);
        long hq = s.get(2) - p + 1;
        long wq = s.get(3) - p + 1;
        if (hq < 1 || wq < 1) {
            throw new IllegalArgumentException("image " + s.get(2) + "x" + s.get(3) + " is smaller than a " + p + "-px patch");
        }
        NDList shifted = new NDList(p * p);
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                shifted.add(image.get(":, :, {}:{}, {}:{}", i, i + hq, j, j + wq));
            }
        }
        return NDArrays.stack(shifted, 2).reshape(c * p * p, hq * wq).transpose();
    }

    /**
     * Sums patches back into an image: the adjoint of {@link #unfold}. Pixel (c, y, x) receives
     * element (c, i, j) of every patch whose top-left corner is (y - i, x - j).
     *
     * @param patches (N, C·P²), N = (H - P + 1)(W - P + 1)
     * @return (1, C, H, W)
     */
    public static NDArray fold(NDArray patches, int channels, int height, int width, int p) {
        long hq = height - p + 1;
        long wq = width - p + 1;
        NDArray cols = patches.transpose().reshape(channels, (long) p * p, hq, wq);
        NDArray out = null;
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                // torch pad order: (left, right, top, bottom) of the last two axes
                NDArray placed = cols.get(":, {}", i * p + j)
                        .pad(new Shape(j, p - 1 - j, i, p - 1 - i), 0);
                out = out == null ? placed : out.addi(placed);
            }
        }
        return out.expandDims(0);
    }
}
