package dev.sindiff.metric;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sindiff.image.ImageFiles;
import dev.sindiff.image.ImageTensors;
import java.nio.file.Path;

/** Real test images, area-resized small, as (1, 3, H, W) tensors in [-1, 1]. */
public final class EvalImages {
    private EvalImages() {}

    public static final Path GRAVEL = Path.of("samples/gravel.png");
    public static final Path HUBBLE = Path.of("samples/hubble_deep_field.jpg");
    public static final Path COFFEE = Path.of("samples/coffee.png");
    public static final Path CHELSEA = Path.of("samples/chelsea.png");
    public static final Path HUBBLE_TRAIN = Path.of("models/hubble/train-image.png");

    /** The image at {@code path}, area-resized to {@code h x w}. */
    public static NDArray load(NDManager m, Path path, int h, int w) {
        NDArray full = ImageTensors.toTensor(m, ImageFiles.readRgb(path));
        NDArray out = full.getNDArrayInternal().interpolation(new long[] {h, w}, 2, false);
        full.close();
        return out;
    }

    /**
     * The top-left 2x-size crop of samples/gravel.png, area-halved to {@code side x side}: gravel
     * with some structure left (the whole 512 px image at 64 px is nearly white noise).
     */
    public static NDArray gravelCrop(NDManager m, int side) {
        NDArray full = ImageTensors.toTensor(m, ImageFiles.readRgb(GRAVEL));
        NDArray out = full.get(":, :, :{}, :{}", 2 * side, 2 * side)
                .getNDArrayInternal()
                .interpolation(new long[] {side, side}, 2, false);
        full.close();
        return out;
    }

    /** The image at {@code path} at its own size. */
    public static NDArray load(NDManager m, Path path) {
        return ImageTensors.toTensor(m, ImageFiles.readRgb(path));
    }
}
