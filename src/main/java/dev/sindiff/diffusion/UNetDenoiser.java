package dev.sindiff.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.sindiff.model.UNet;
import dev.sindiff.tensor.Padding;

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
        int ph = (int) ((m - h % m) % m);
        int pw = (int) ((m - w % m) % m);
        NDArray out = ph == 0 && pw == 0 ? unet.predict(x, t)
                : unet.predict(Padding.reflectEnd(Padding.reflectEnd(x, 2, ph), 3, pw), t).get(":, :, :" + h + ", :" + w);
        return prediction.toEps(out, x, t, schedule);
    }
}
