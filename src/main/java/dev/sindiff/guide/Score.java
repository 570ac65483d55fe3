package dev.sindiff.guide;

import ai.djl.ndarray.NDArray;

/**
 * A differentiable quantity of a clean image that guidance lowers (a distance, or a negated
 * similarity). Built from NDArray operations only, so that autograd can take its gradient with
 * respect to the image.
 */
@FunctionalInterface
public interface Score {
    /**
     * @param x0 predicted clean images (N, 3, H, W) in [-1, 1]
     * @return one value per image, shape (N), lower is better
     */
    NDArray of(NDArray x0);
}
