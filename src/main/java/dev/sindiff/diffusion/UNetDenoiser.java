package dev.sindiff.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import dev.sindiff.model.UNet;

/**
 * The UNet as a {@link Denoiser} for any image size: pads H and W up to the network's multiple by
 * reflection (so the padded border looks like image content, not a wall), evaluates, and crops
 * the prediction back.
 */
public final class UNetDenoiser implements Denoiser {
    private final UNet unet;
    private final Prediction prediction;
    private final NoiseSchedule schedule;

    /** An ε-network. */
    public UNetDenoiser(UNet unet) {
        this(unet, Prediction.EPS, null);
    }

    /** A network trained to predict {@code prediction} on {@code schedule}; its output is turned into ε. */
    public UNetDenoiser(UNet unet, Prediction prediction, NoiseSchedule schedule) {
        if (prediction != Prediction.EPS && schedule == null) {
            throw new IllegalArgumentException("a " + prediction + "-network needs its noise schedule");
        }
        this.unet = unet;
        this.prediction = prediction;
        this.schedule = schedule;
    }

    public UNet unet() {
        return unet;
    }

    @Override
    public NDArray predictNoise(NDArray x, NDArray t) {
        Shape s = x.getShape();
        long h = s.get(2);
        long w = s.get(3);
        int m = unet.config().sizeMultiple();
        long ph = (m - h % m) % m;
        long pw = (m - w % m) % m;
        NDArray out = ph == 0 && pw == 0 ? unet.predict(x, t)
                : unet.predict(padEnd(padEnd(x, 2, ph), 3, pw), t).get(":, :, :" + h + ", :" + w);
        return prediction.toEps(out, x, t, schedule);
    }

    /** Appends {@code n} rows (axis 2) or columns (axis 3) mirrored about the last one. */
    static NDArray padEnd(NDArray x, int axis, long n) {
        if (n == 0) {
            return x;
        }
        long size = x.getShape().get(axis);
        NDArray tail;
        if (size > n) {
            // reflect: indices size-2, size-3, ..., size-1-n
            tail = slice(x, axis, size - 1 - n, size - 1).flip(axis);
        } else {
            tail = slice(x, axis, size - 1, size).repeat(axis, n); // too small to mirror: replicate
        }
        return NDArrays.concat(new NDList(x, tail), axis);
    }

    private static NDArray slice(NDArray x, int axis, long from, long to) {
        return axis == 2 ? x.get(":, :, " + from + ":" + to) : x.get(":, :, :, " + from + ":" + to);
    }
}
