package dev.sindiff.train;

import dev.sindiff.diffusion.Prediction;

/**
 * Min-SNR-γ loss weighting (Hang et al. 2023): every timestep's loss is weighted so that it
 * counts like an x₀-MSE weighted by min(SNR, γ). Low-noise steps, which are easy and whose
 * gradients conflict with the rest, then stop dominating.
 */
public final class LossWeighting {
    private LossWeighting() {}

    /**
     * The weight of a sample at signal-to-noise ratio {@code snr} = ᾱ/(1-ᾱ): min(snr, γ)/snr for an
     * ε-network (its MSE is the x₀-MSE times snr), min(snr, γ)/(snr + 1) for a v-network (times
     * snr + 1). γ = 0 disables the weighting (weight 1).
     */
    public static double minSnr(double snr, double gamma, Prediction prediction) {
        if (gamma <= 0) {
            return 1.0;
        }
        double clipped = Math.min(snr, gamma);
        return prediction == Prediction.EPS ? clipped / snr : clipped / (snr + 1);
    }
}
