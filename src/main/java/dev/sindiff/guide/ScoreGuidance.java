package dev.sindiff.guide;

import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import dev.sindiff.diffusion.StepHook;

/**
 * Gradient guidance on the predicted clean image, the hook SinDiffusion's code carries: at every
 * step inside the time window, x̂_0 moves against the gradient of a {@link Score},
 * x̂_0 ← x̂_0 - scale · g / rms(g), g = ∇_{x̂_0} score. The gradient is normalised per image, so
 * the scale is the RMS change of x̂_0 per step in [-1, 1] units whatever the score's magnitude
 * (a pixel distance and a CLIP similarity differ by orders of magnitude). The sampler then forms
 * its update from the moved x̂_0.
 */
public final class ScoreGuidance implements StepHook {
    private final Score score;
    private final double scale;
    private final int fromLevel;
    private final int toLevel;

    /**
     * @param scale RMS step of x̂_0 per sampler step (e.g. 0.05)
     * @param fromLevel the noisiest timestep guided (inclusive)
     * @param toLevel the least noisy timestep guided (inclusive)
     */
    public ScoreGuidance(Score score, double scale, int fromLevel, int toLevel) {
        if (!(scale >= 0)) {
            throw new IllegalArgumentException("guidance scale must be >= 0, got " + scale);
        }
        if (toLevel > fromLevel) {
            throw new IllegalArgumentException("guidance window must run from a noisier level to a cleaner one");
        }
        this.score = score;
        this.scale = scale;
        this.fromLevel = fromLevel;
        this.toLevel = toLevel;
    }

    @Override
    public NDArray onX0(NDArray x0, NDArray xt, int t) {
        if (t > fromLevel || t < toLevel || scale == 0) {
            return x0;
        }
        NDArray g = gradient(score, x0);
        long n = g.getShape().get(0);
        NDArray rms = g.square().reshape(n, -1).mean(new int[] {1}).sqrt().add(1e-12f).reshape(n, 1, 1, 1);
        return x0.sub(g.div(rms).mul((float) scale));
    }

    /** ∇_x Σ_i score(x)_i, on x's manager (autograd through the score, whatever grad mode is set). */
    public static NDArray gradient(Score score, NDArray x) {
        try (GradientCollector collector = x.getManager().getEngine().newGradientCollector()) {
            NDArray leaf = x.duplicate();
            leaf.setRequiresGradient(true);
            NDArray values = score.of(leaf);
            if (values.getShape().dimension() != 1 || values.getShape().get(0) != x.getShape().get(0)) {
                throw new IllegalArgumentException("a score must give one value per image, got shape " + values.getShape());
            }
            collector.backward(values.sum());
            NDArray grad = leaf.getGradient();
            NDArray copy = grad.duplicate(); // getGradient hands out a new handle each call
            grad.close();
            return copy;
        }
    }
}
