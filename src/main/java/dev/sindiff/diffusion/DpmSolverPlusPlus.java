package dev.sindiff.diffusion;

import ai.djl.ndarray.NDArray;

/**
 * DPM-Solver++(2M) (Lu et al. 2022, Algorithm 2): a deterministic second-order multistep solver
 * of the probability-flow ODE in data prediction, one denoiser evaluation per step.
 *
 * <p>With α_t = √ᾱ_t, σ_t = √(1-ᾱ_t), λ_t = log(α_t/σ_t) and h = λ_next - λ_t, a step is
 * x_next = (σ_next/σ_t) x_t - α_next (e^(-h) - 1) D, where D = x̂_0 at the first step and
 * D = (1 + 1/(2r)) x̂_0 - 1/(2r) x̂_0,prev with r = h_prev/h afterwards. The last step, to the
 * clean image (λ = ∞), returns x̂_0 itself. x̂_0 is clipped to [-1, 1] at every step.
 */
public final class DpmSolverPlusPlus extends TimestepSolver {
    public DpmSolverPlusPlus(NoiseSchedule schedule, int steps, Spacing spacing) {
        this(schedule, spacing.timesteps(schedule, steps));
    }

    /** The solver visiting exactly {@code timesteps} (descending, ending at 0). */
    public DpmSolverPlusPlus(NoiseSchedule schedule, int[] timesteps) {
        super(schedule, timesteps);
    }

    @Override
    protected Step step(Model model, NDArray x, int i, NDArray previousX0, NoiseSource noise) {
        int t = timesteps[i];
        int next = target(i);
        NDArray x0 = model.x0(x, t);
        if (next < 0) {
            return new Step(x0, x0);
        }
        double h = lambda(next) - lambda(t);
        NDArray d = x0;
        if (previousX0 != null) {
            double r = (lambda(t) - lambda(timesteps[i - 1])) / h;
            d = x0.mul((float) (1 + 1 / (2 * r))).sub(previousX0.mul((float) (1 / (2 * r))));
        }
        double sigmaRatio = Math.sqrt((1 - schedule.alphaCumprod(next)) / (1 - schedule.alphaCumprod(t)));
        double coefD = -schedule.sqrtAlphaCumprod(next) * Math.expm1(-h);
        return new Step(x.mul((float) sigmaRatio).add(d.mul((float) coefD)), x0);
    }

    /** λ_t = log(α_t / σ_t), the half log-SNR. */
    private double lambda(int t) {
        double ab = schedule.alphaCumprod(t);
        return 0.5 * Math.log(ab / (1 - ab));
    }
}
