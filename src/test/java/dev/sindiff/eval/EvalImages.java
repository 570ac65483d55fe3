package dev.sindiff.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sindiff.image.ImageFiles;
import dev.sindiff.image.ImageTensors;
import java.nio.file.Path;

/** Real test images, area-resized small, as (1, 3, H, W) tensors in [-1, 1]. */
final class EvalImages {
    private EvalImages() {}

    static final Path GRAVEL = Path.of("samples/gravel.png");
    static final Path HUBBLE = Path.of("samples/hubble_deep_field.jpg");
    static final Path COFFEE = Path.of("samples/coffee.png");
    static final Path CHELSEA = Path.of("samples/chelsea.png");
    static final Path HUBBLE_TRAIN = Path.of("models/hubble/train-image.png");

    /** The image at {@code path}, area-resized to {@code h x w}. */
    static NDArray load(NDManager m, Path path, int h, int w) {
        NDArray full = ImageTensors.toTensor(m, ImageFiles.readRgb(path));
        NDArray out = full.getNDArrayInternal().interpolation(new long[] {h, w}, 2, false);
        full.close();
        return out;
    }

    /**
     * The top-left 2x-size crop of samples/gravel.png, area-halved to {@code side x side}: gravel
     * with some structure left (the whole 512 px image at 64 px is nearly white noise).
     */
    static NDArray gravelCrop(NDManager m, int side) {
        NDArray full = ImageTensors.toTensor(m, ImageFiles.readRgb(GRAVEL));
        NDArray out = full.get(":, :, :{}, :{}", 2 * side, 2 * side)
                .getNDArrayInternal()
                .interpolation(new long[] {side, side}, 2, false);
        full.close();
        return out;
    }

    /** The image at {@code path} at its own size. */
    static NDArray load(NDManager m, Path path) {
        return ImageTensors.toTensor(m, ImageFiles.readRgb(path));
    }
}
