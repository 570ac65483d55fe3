package dev.sindiff.diffusion;

/**
 * Every closed-form quantity of the forward process q(x_t | x_0) = N(√ᾱ_t x_0, (1-ᾱ_t) I), in
 * double precision, computed once and named after what it is (as guided-diffusion's
 * gaussian_diffusion.py does). Index t runs over 0..T-1; t = 0 is the least noisy step.
 */
public final class NoiseSchedule {
    private final ScheduleKind kind;
    private final double[] betas;
    private final double[] alphasCumprod;
    private final double[] alphasCumprodPrev;
    private final double[] posteriorVariance;

    private NoiseSchedule(ScheduleKind kind, double[] betas) {
        this.kind = kind;
        this.betas = betas;
        int n = betas.length;
        alphasCumprod = new double[n];
        alphasCumprodPrev = new double[n];
        posteriorVariance = new double[n];
        double prod = 1.0;
        for (int t = 0; t < n; t++) {
            alphasCumprodPrev[t] = prod;
            prod *= 1.0 - betas[t];
            alphasCumprod[t] = prod;
            // Ho et al. 2020, eq. 7: β̃_t = β_t (1 - ᾱ_{t-1}) / (1 - ᾱ_t)
            posteriorVariance[t] = betas[t] * (1.0 - alphasCumprodPrev[t]) / (1.0 - prod);
        }
    }

    /** The schedule of the given kind with {@code steps} diffusion steps. */
    public static NoiseSchedule of(ScheduleKind kind, int steps) {
        if (steps < 2) {
            throw new IllegalArgumentException("diffusion steps must be >= 2, got " + steps);
        }
        return new NoiseSchedule(kind, kind == ScheduleKind.LINEAR ? linearBetas(steps) : cosineBetas(steps));
    }

    /** SinDiffusion's schedule: linear, T = 1000. */
    public static NoiseSchedule sindiffusion() {
        return of(ScheduleKind.LINEAR, 1000);
    }

    /** β linear from 1e-4 to 0.02, rescaled so that other T keep the same overall noise. */
    static double[] linearBetas(int steps) {
        double scale = 1000.0 / steps;
        double start = scale * 1e-4;
        double end = scale * 0.02;
        double[] b = new double[steps];
        for (int i = 0; i < steps; i++) {
            b[i] = steps == 1 ? start : start + (end - start) * i / (steps - 1);
        }
        return b;
    }

    /** β_t = min(1 - ᾱ(t+1)/ᾱ(t), 0.999), ᾱ(t) = cos²(((t/T)+s)/(1+s)·π/2), s = 0.008. */
    static double[] cosineBetas(int steps) {
        double[] b = new double[steps];
        for (int i = 0; i < steps; i++) {
            b[i] = Math.min(1.0 - cosineAlphaBar((i + 1.0) / steps) / cosineAlphaBar((double) i / steps), 0.999);
        }
        return b;
    }

    private static double cosineAlphaBar(double u) {
        double c = Math.cos((u + 0.008) / 1.008 * Math.PI / 2);
        return c * c;
    }

    public ScheduleKind kind() {
        return kind;
    }

    /** T, the number of diffusion steps. */
    public int steps() {
        return betas.length;
    }

    public double beta(int t) {
        return betas[t];
    }

    /** ᾱ_t = Π_{s≤t} (1 - β_s). */
    public double alphaCumprod(int t) {
        return alphasCumprod[t];
    }

    /** ᾱ_{t-1}, with ᾱ_{-1} = 1. */
    public double alphaCumprodPrev(int t) {
        return alphasCumprodPrev[t];
    }

    /** ᾱ at an index that may be -1 (meaning "no noise"). */
    public double alphaCumprodOrOne(int t) {
        return t < 0 ? 1.0 : alphasCumprod[t];
    }

    /** √ᾱ_t: the signal coefficient of q(x_t | x_0). */
    public double sqrtAlphaCumprod(int t) {
        return Math.sqrt(alphasCumprod[t]);
    }

    /** √(1-ᾱ_t): the noise coefficient of q(x_t | x_0). */
    public double sqrtOneMinusAlphaCumprod(int t) {
        return Math.sqrt(1.0 - alphasCumprod[t]);
    }

    /** √(1/ᾱ_t), to predict x_0 from ε: x̂_0 = √(1/ᾱ_t) x_t - √(1/ᾱ_t - 1) ε. */
    public double sqrtRecipAlphaCumprod(int t) {
        return Math.sqrt(1.0 / alphasCumprod[t]);
    }

    /** √(1/ᾱ_t - 1). */
    public double sqrtRecipm1AlphaCumprod(int t) {
        return Math.sqrt(1.0 / alphasCumprod[t] - 1.0);
    }

    /** β̃_t, the variance of q(x_{t-1} | x_t, x_0) (Ho et al. 2020, eq. 7). */
    public double posteriorVariance(int t) {
        return posteriorVariance[t];
    }

    /** Coefficient of x_0 in the posterior mean: β_t √ᾱ_{t-1} / (1 - ᾱ_t). */
    public double posteriorMeanCoefX0(int t) {
        return betas[t] * Math.sqrt(alphasCumprodPrev[t]) / (1.0 - alphasCumprod[t]);
    }

    /** Coefficient of x_t in the posterior mean: (1 - ᾱ_{t-1}) √α_t / (1 - ᾱ_t). */
    public double posteriorMeanCoefXt(int t) {
        return (1.0 - alphasCumprodPrev[t]) * Math.sqrt(1.0 - betas[t]) / (1.0 - alphasCumprod[t]);
    }

    /**
     * The "fixed large" reverse variance used by SinDiffusion/guided-diffusion when σ is not
     * learned: β_t, except at t = 0 where β̃_1 is used (β̃_0 is 0).
     */
    public double largeVariance(int t) {
        return t == 0 ? posteriorVariance[Math.min(1, betas.length - 1)] : betas[t];
    }

    /**
     * The level an image-to-image run of strength s starts from (SDEdit's t0 = sT): ⌈sT⌉ - 1, so
     * that s = 1 is the noisiest level and any s > 0 noises at least one step.
     */
    public int startTimestep(double strength) {
        if (!(strength > 0 && strength <= 1)) {
            throw new IllegalArgumentException("strength must be in (0, 1], got " + strength);
        }
        return Math.max(0, Math.min(steps() - 1, (int) Math.ceil(strength * steps() - 1e-9) - 1));
    }

    /** Signal-to-noise ratio ᾱ_t / (1 - ᾱ_t). */
    public double snr(int t) {
        return alphasCumprod[t] / (1.0 - alphasCumprod[t]);
    }
}
