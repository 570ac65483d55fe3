package dev.sindiff.diffusion;

import ai.djl.ndarray.NDArray;

/** Predicts the noise ε in x_t. Implementations accept any H and W. */
@FunctionalInterface
public interface Denoiser {
    /**
     * @param x noisy images (N, 3, H, W)
     * @param t timesteps (N) as floats in [0, T)
     * @return predicted ε, same shape as {@code x}
     */
    NDArray predictNoise(NDArray x, NDArray t);
}
