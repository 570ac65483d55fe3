package dev.sindiff.image;

import ai.djl.ndarray.NDArray;

/** Resizing of (N, C, H, W) tensors with libtorch's interpolate (differentiable). */
public final class TensorResize {
    private TensorResize() {}

    /** torch.nn.functional.interpolate's modes, numbered as DJL's {@code interpolation} expects them (Image.Interpolation's order). */
    public enum Mode {
        NEAREST(0), BILINEAR(1), AREA(2), BICUBIC(3);

        final int code;

        Mode(int code) {
            this.code = code;
        }
    }

    /** {@code x} resized to {@code height} x {@code width}; returns {@code x} itself when already that size. */
    public static NDArray resize(NDArray x, int height, int width, Mode mode) {
        if (x.getShape().get(2) == height && x.getShape().get(3) == width) {
            return x;
        }
        return x.getNDArrayInternal().interpolation(new long[] {height, width}, mode.code, false);
    }
}
