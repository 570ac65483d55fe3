package dev.sindiff.diffusion;

import ai.djl.ndarray.NDArray;

/**
 * Ancestral sampling (Ho et al. 2020, Algorithm 2) over all T steps:
 * x_{t-1} = μ̃_t(x_t, x̂_0) + σ_t z with μ̃ the posterior mean (eq. 7) and x̂_0 clipped.
 */
public final class DdpmSolver extends TimestepSolver {
    /** The reverse-process variance σ_t². */
    public enum Variance {
        /** β_t, SinDiffusion's choice (guided-diffusion's FIXED_LARGE). */
        LARGE,
        /** β̃_t, the true posterior variance (FIXED_SMALL). */
        SMALL
    }

    private final Variance variance;

    public DdpmSolver(NoiseSchedule schedule, Variance variance) {
        this(schedule, variance, schedule.steps() - 1);
    }

    /** Ancestral sampling from level {@code start} (image-to-image) down through every step. */
    public DdpmSolver(NoiseSchedule schedule, Variance variance, int start) {
        super(schedule, Spacing.UNIFORM.timesteps(schedule, start + 1, start));
        this.variance = variance;
    }

    @Override
    protected Step step(Model model, NDArray x, int i, NDArray previousX0, NoiseSource noise) {
        int t = timesteps[i];
        NDArray x0 = model.x0(x, t);
        NDArray mean = x0.mul((float) schedule.posteriorMeanCoefX0(t))
                .add(x.mul((float) schedule.posteriorMeanCoefXt(t)));
        if (t == 0) {
            return new Step(mean, x0);
        }
        double var = variance == Variance.LARGE ? schedule.largeVariance(t) : schedule.posteriorVariance(t);
        return new Step(mean.add(noise.next(x.getManager(), x.getShape()).mul((float) Math.sqrt(var))), x0);
    }
}
