package dev.sindiff.diffusion;

import ai.djl.ndarray.NDArray;

/**
 * Heun's second-order method on the probability-flow ODE in the EDM form (Karras et al. 2022,
 * Algorithm 1, deterministic): with x̃ = x_t/√ᾱ_t and σ = √((1-ᾱ_t)/ᾱ_t), dx̃/dσ = (x̃ - D(x̃; σ))/σ
 * where D is the clipped x̂_0. Each step takes an Euler step and corrects it with the slope at its
 * end; the last step, to σ = 0, is a plain Euler step. K levels cost 2K - 1 denoiser evaluations.
 */
public final class HeunSolver extends TimestepSolver {
    public HeunSolver(NoiseSchedule schedule, int steps, Spacing spacing) {
        this(schedule, spacing.timesteps(schedule, steps));
    }

    /** The solver visiting exactly {@code timesteps} (descending, ending at 0). */
    public HeunSolver(NoiseSchedule schedule, int[] timesteps) {
        super(schedule, timesteps);
    }

    @Override
    public int evaluations() {
        return 2 * timesteps.length - 1;
    }

    @Override
    protected Step step(Model model, NDArray x, int i, NDArray previousX0, NoiseSource noise) {
        int t = timesteps[i];
        int next = target(i);
        double sigma = Spacing.sigma(schedule, t);
        NDArray x0 = model.x0(x, t);
        if (next < 0) {
            return new Step(x0, x0); // Euler to σ = 0 lands on D
        }
        double sigmaNext = Spacing.sigma(schedule, next);
        NDArray xs = x.mul((float) schedule.sqrtRecipAlphaCumprod(t));
        NDArray slope = xs.sub(x0).div((float) sigma);
        NDArray euler = xs.add(slope.mul((float) (sigmaNext - sigma)));
        NDArray eulerX = euler.mul((float) schedule.sqrtAlphaCumprod(next));
        NDArray x0Next = model.x0(eulerX, next);
        NDArray slopeNext = euler.sub(x0Next).div((float) sigmaNext);
        NDArray corrected = xs.add(slope.add(slopeNext).mul((float) ((sigmaNext - sigma) / 2)));
        return new Step(corrected.mul((float) schedule.sqrtAlphaCumprod(next)), x0Next);
    }
}
