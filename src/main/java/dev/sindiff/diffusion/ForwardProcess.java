package dev.sindiff.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * The forward process q(x_t | x_0) = N(√ᾱ_t x_0, (1-ᾱ_t) I) (Ho et al. 2020, eq. 4), so
 * x_t = √ᾱ_t x_0 + √(1-ᾱ_t) ε, and its step between two levels, q(x_t | x_s) =
 * N(√(ᾱ_t/ᾱ_s) x_s, (1-ᾱ_t/ᾱ_s) I) for s < t. Level -1 is the clean image (ᾱ = 1). Every place
 * that noises an image calls one of these.
 */
public final class ForwardProcess {
    private ForwardProcess() {}

    /**
     * x_t = √ᾱ_t x_0 + √(1-ᾱ_t) ε at one level {@code t} for the whole batch; x_0 broadcasts
     * against ε (e.g. (1, 3, H, W) against (N, 3, H, W)).
     */
    public static NDArray noised(NoiseSchedule schedule, NDArray x0, int t, NDArray eps) {
        return combine(x0, schedule.sqrtAlphaCumprod(t), eps, schedule.sqrtOneMinusAlphaCumprod(t));
    }

    /**
     * x_t as {@link #noised(NoiseSchedule, NDArray, int, NDArray)}, with each sample's own
     * (integer-valued) level {@code timesteps[i]}; x_0 and ε are (N, C, H, W).
     */
    public static NDArray noised(NoiseSchedule schedule, NDArray x0, float[] timesteps, NDArray eps) {
        NDManager m = x0.getManager();
        return x0.mul(signalScales(m, timesteps, schedule)).add(eps.mul(noiseScales(m, timesteps, schedule)));
    }

    /**
     * x_0 noised to {@code level} with fresh noise of {@code like}'s shape, on {@code like}'s
     * manager (x_0 broadcasts over the batch); level -1 (the clean image) returns x_0 itself.
     */
    public static NDArray noised(NoiseSchedule schedule, NDArray x0, int level, NoiseSource noise, NDArray like) {
        if (level < 0) {
            return x0;
        }
        return noised(schedule, x0, level, noise.next(like.getManager(), like.getShape()));
    }

    /**
     * q(x_to | x_from): {@code x} at level {@code from} (-1: clean) noised on to the noisier level
     * {@code to}, √(ᾱ_to/ᾱ_from) x + √(1 - ᾱ_to/ᾱ_from) ε with fresh noise of x's shape.
     */
    public static NDArray renoised(NoiseSchedule schedule, NDArray x, int from, int to, NoiseSource noise) {
        double ratio = schedule.alphaCumprod(to) / schedule.alphaCumprodOrOne(from);
        return combine(x, Math.sqrt(ratio), noise.next(x.getManager(), x.getShape()), Math.sqrt(1 - ratio));
    }

    /** √ᾱ_t (the signal scale) of each sample's level, shaped (N, 1, 1, 1) for broadcasting. */
    public static NDArray signalScales(NDManager m, float[] timesteps, NoiseSchedule schedule) {
        return perSample(m, timesteps, schedule, true);
    }

    /** √(1-ᾱ_t) (the noise scale) of each sample's level, shaped (N, 1, 1, 1) for broadcasting. */
    public static NDArray noiseScales(NDManager m, float[] timesteps, NoiseSchedule schedule) {
        return perSample(m, timesteps, schedule, false);
    }

    private static NDArray perSample(NDManager m, float[] timesteps, NoiseSchedule schedule, boolean signal) {
        float[] v = new float[timesteps.length];
        for (int i = 0; i < v.length; i++) {
            int t = Math.round(timesteps[i]);
            v[i] = (float) (signal ? schedule.sqrtAlphaCumprod(t) : schedule.sqrtOneMinusAlphaCumprod(t));
        }
        return m.create(v).reshape(v.length, 1, 1, 1);
    }

    private static NDArray combine(NDArray x, double signal, NDArray eps, double noise) {
        return x.mul((float) signal).add(eps.mul((float) noise));
    }
}
