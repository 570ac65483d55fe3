package dev.sindiff.diffusion;

import ai.djl.ndarray.NDArray;

/**
 * A reverse-diffusion algorithm: takes x at the noise level of its first timestep and returns
 * x_0. Every sampler has this one contract (as in k-diffusion), so callers swap them freely.
 */
public interface Sampler {
    /**
     * @param denoiser the ε-predictor
     * @param x start: pure noise for unconditional sampling (it is not closed)
     * @param noise source of the fresh noise stochastic samplers add at each step
     * @param listener told after each step; may be {@link StepListener#NONE}
     * @return x_0, on x's manager
     */
    NDArray sample(Denoiser denoiser, NDArray x, NoiseSource noise, StepListener listener);

    /** Denoiser evaluations per image. */
    int evaluations();

    /** Progress callback of a sampling run. */
    @FunctionalInterface
    interface StepListener {
        StepListener NONE = (done, total) -> {};

        void onStep(int done, int total);
    }
}
