package dev.sindiff.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/** Draws from the forward process q(x_t | x_0) = N(√ᾱ_t x_0, (1-ᾱ_t) I). */
public final class ForwardProcess {
    private ForwardProcess() {}

    /**
     * x_0 noised to {@code level} with fresh noise of {@code shape} (x_0 broadcasts over the
     * batch), on {@code like}'s manager; level -1 (the clean image) returns x_0 itself.
     */
    public static NDArray noised(NoiseSchedule schedule, NDArray x0, int level, NoiseSource noise, NDArray like) {
        if (level < 0) {
            return x0;
        }
        Shape shape = like.getShape();
        return x0.mul((float) schedule.sqrtAlphaCumprod(level))
                .add(noise.next(like.getManager(), shape).mul((float) schedule.sqrtOneMinusAlphaCumprod(level)));
    }
}
