package dev.sindiff.diffusion;

import java.util.Locale;

/**
 * Which timesteps a K-step sampler visits. All return K distinct, descending integer timesteps
 * ending at 0 (the last update then goes from t = 0 to the clean image).
 */
public enum Spacing {
    /** t_i = ⌊i·T/K⌋: even steps in t (DDIM's "leading" spacing). */
    UNIFORM,
    /** t_i = round((i/(K-1))² (T-1)): denser near the clean end (DDIM's quadratic option). */
    QUADRATIC,
    /**
     * Karras et al. 2022 (EDM, ρ = 7): even in σ^(1/ρ) between σ(T-1) and σ(0), with
     * σ(t) = √((1-ᾱ_t)/ᾱ_t), each level mapped to the timestep nearest in log σ.
     */
    KARRAS;

    /** Karras et al.'s ρ. */
    static final double RHO = 7;

    /** The descending timesteps for {@code k} steps on {@code schedule}, from its noisiest level. */
    public int[] timesteps(NoiseSchedule schedule, int k) {
        return timesteps(schedule, k, schedule.steps() - 1);
    }

    /**
     * The descending timesteps for {@code k} steps from level {@code start} down to 0, spaced as
     * if {@code start} were the top of the schedule (image-to-image starts below T-1).
     */
    public int[] timesteps(NoiseSchedule schedule, int k, int start) {
        if (start < 0 || start >= schedule.steps()) {
            throw new IllegalArgumentException("start level must be in [0, " + (schedule.steps() - 1) + "], got " + start);
        }
        int total = start + 1;
        if (k < 1 || k > total) {
            throw new IllegalArgumentException("steps must be in [1, " + total + "], got " + k);
        }
        if (this == UNIFORM) {
            int[] ts = new int[k];
            for (int i = 0; i < k; i++) {
                ts[k - 1 - i] = (int) ((long) i * total / k);
            }
            return ts;
        }
        double[] target = new double[k]; // descending, fractional
        for (int i = 0; i < k; i++) {
            double u = k == 1 ? 0 : (double) (k - 1 - i) / (k - 1); // 1 … 0
            target[i] = this == QUADRATIC ? u * u * (total - 1) : karrasTimestep(schedule, u, start);
        }
        return distinctDescending(target, total);
    }

    /** The timestep whose log σ is nearest the Karras level at fraction u (1 = level {@code start}). */
    private static double karrasTimestep(NoiseSchedule schedule, double u, int start) {
        double lo = Math.pow(sigma(schedule, 0), 1 / RHO);
        double hi = Math.pow(sigma(schedule, start), 1 / RHO);
        double logSigma = Math.log(Math.pow(lo + u * (hi - lo), RHO));
        int best = 0;
        for (int t = 1; t <= start; t++) {
            if (Math.abs(Math.log(sigma(schedule, t)) - logSigma) < Math.abs(Math.log(sigma(schedule, best)) - logSigma)) {
                best = t;
            }
        }
        return best;
    }

    /** σ(t) = √((1-ᾱ_t)/ᾱ_t), the noise-to-signal ratio of level t. */
    static double sigma(NoiseSchedule schedule, int t) {
        double ab = schedule.alphaCumprod(t);
        return Math.sqrt((1 - ab) / ab);
    }

    /** Rounds and pushes colliding levels apart so that the result is strictly descending to 0. */
    private static int[] distinctDescending(double[] target, int total) {
        int k = target.length;
        int[] ts = new int[k];
        ts[k - 1] = 0;
        for (int i = k - 2; i >= 0; i--) {
            ts[i] = Math.max((int) Math.round(target[i]), ts[i + 1] + 1);
        }
        for (int i = 0; i < k; i++) { // clamp the top, keeping strict descent
            ts[i] = Math.min(ts[i], total - 1 - i);
        }
        return ts;
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
