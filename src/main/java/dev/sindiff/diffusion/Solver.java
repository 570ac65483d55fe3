package dev.sindiff.diffusion;

import ai.djl.ndarray.NDArray;

/**
 * The step rule of a reverse-diffusion algorithm (DDPM, DDIM, DPM-Solver++, Heun) over its
 * timesteps: takes x at the noise level of its first timestep and returns x_0. The first timestep
 * is T-1 for unconditional sampling, lower for image-to-image. Every solver has this one contract
 * (as in k-diffusion), so callers swap them freely.
 */
public interface Solver {
    /**
     * @param denoiser the ε-predictor
     * @param x start: pure noise for unconditional sampling (it is not closed)
     * @param noise source of the fresh noise stochastic samplers add at each step
     * @param progress told after each step, in denoiser evaluations per image; may be {@link Progress#NONE}
     * @return x_0, on x's manager
     */
    default NDArray sample(Denoiser denoiser, NDArray x, NoiseSource noise, Progress progress) {
        return sample(denoiser, x, noise, Hooks.NONE, progress);
    }

    /**
     * Sampling with hooks: guidance on every x̂_0 and projections after every step.
     *
     * @param hooks the run's hooks and resampling count
     */
    NDArray sample(Denoiser denoiser, NDArray x, NoiseSource noise, Hooks hooks, Progress progress);

    /** Denoiser evaluations per image, without resampling. */
    int evaluations();
}
