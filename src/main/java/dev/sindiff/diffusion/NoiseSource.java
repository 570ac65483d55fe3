package dev.sindiff.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

/** Where the Gaussian noise of a sampler comes from; passed in so runs are reproducible. */
@FunctionalInterface
public interface NoiseSource {
    /** Draws standard normal noise of {@code shape} on {@code manager}'s device. */
    NDArray next(NDManager manager, Shape shape);
}
