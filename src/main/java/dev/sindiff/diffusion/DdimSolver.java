package dev.sindiff.diffusion;

import ai.djl.ndarray.NDArray;

/**
 * DDIM (Song et al. 2021, eq. 12) on an evenly spaced subset of K timesteps:
 * x_{prev} = √ᾱ_prev x̂_0 + √(1 - ᾱ_prev - σ²) ε + σ z, with
 * σ = η √((1-ᾱ_prev)/(1-ᾱ_t)) √(1 - ᾱ_t/ᾱ_prev). η = 0 is deterministic; η = 1 on the full
 * schedule is DDPM with the posterior variance β̃_t.
 */
public final class DdimSolver extends TimestepSolver {
    private final double eta;

    public DdimSolver(NoiseSchedule schedule, int steps, double eta) {
        this(schedule, steps, eta, Spacing.UNIFORM);
    }

    public DdimSolver(NoiseSchedule schedule, int steps, double eta, Spacing spacing) {
        this(schedule, spacing.timesteps(schedule, steps), eta);
    }

    /** DDIM visiting exactly {@code timesteps} (descending, ending at 0). */
    public DdimSolver(NoiseSchedule schedule, int[] timesteps, double eta) {
        super(schedule, timesteps);
        if (!(eta >= 0)) {
            throw new IllegalArgumentException("eta must be >= 0, got " + eta);
        }
        this.eta = eta;
    }

    @Override
    protected Step step(Model model, NDArray x, int i, NDArray previousX0, NoiseSource noise) {
        int t = timesteps[i];
        int prev = target(i);
        NDArray x0 = model.x0(x, t);
        NDArray e = epsFromX0(x, x0, t);
        double ab = schedule.alphaCumprod(t);
        double abPrev = schedule.alphaCumprodOrOne(prev);
        double sigma = eta * Math.sqrt((1 - abPrev) / (1 - ab)) * Math.sqrt(1 - ab / abPrev);
        NDArray out = x0.mul((float) Math.sqrt(abPrev))
                .add(e.mul((float) Math.sqrt(Math.max(0, 1 - abPrev - sigma * sigma))));
        if (sigma > 0 && prev >= 0) {
            out = out.add(noise.next(x.getManager(), x.getShape()).mul((float) sigma));
        }
        return new Step(out, x0);
    }
}
