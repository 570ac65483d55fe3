package dev.sindiff.diffusion;

import ai.djl.ndarray.NDArray;

/**
 * A per-step intervention in a sampling run: every solver calls its hooks at every step, so
 * applications are a start point, hooks and a canvas, never a new loop (the table of applications
 * is in the {@linkplain dev.sindiff.edit edit package's documentation}). Both methods return their
 * input when the hook has nothing to do at that level.
 */
public interface StepHook {
    /**
     * Corrects x̂_0, the clean image predicted from x_t at timestep t, before the solver forms
     * its update from it: gradient guidance.
     */
    default NDArray onX0(NDArray x0, NDArray xt, int t) {
        return x0;
    }

    /**
     * Projects x just after a step to {@code level} (a timestep, or -1 for the clean image):
     * known-region replacement, low-pass consistency.
     *
     * @param noise the run's noise source, for forward-noising a reference to {@code level}
     */
    default NDArray onStep(NDArray x, int level, NoiseSource noise) {
        return x;
    }

    /**
     * This hook for the same canvas scaled to {@code height} x {@code width} (a coarser level of a
     * coarse-to-fine run), or null when it has no meaning there: it is then left out at that level.
     */
    default StepHook scaledTo(int height, int width) {
        return null;
    }
}
