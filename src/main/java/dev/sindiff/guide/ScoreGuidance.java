package dev.sindiff.guide;

import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import dev.sindiff.InvalidValue;
import dev.sindiff.diffusion.NoiseSchedule;
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
    /** The largest scale: ten times the whole [-1, 1] range per step is already far past any use. */
    public static final double MAX_SCALE = 10;

    /**
     * The noise levels guided, as fractions of the schedule (1 = noisiest, 0 = clean).
     *
     * @param from the noisiest level guided
     * @param to the cleanest level guided
     */
    public record Window(double from, double to) {
        /** From the noisiest level down to 0.2 of the schedule. */
        public static final Window DEFAULT = new Window(1, 0.2);

        /** @throws InvalidValue unless 1 ≥ from ≥ to ≥ 0 */
        public Window {
            if (!(from <= 1 && from >= to && to >= 0)) {
                throw new InvalidValue("guidance window", "{guidance window} must satisfy 1 >= from >= to >= 0, got " + from + ", " + to);
            }
        }

        /** The noisiest timestep guided (inclusive) on {@code schedule}. */
        public int fromLevel(NoiseSchedule schedule) {
            return from == 0 ? 0 : schedule.startTimestep(from);
        }

        /** The cleanest timestep guided (inclusive) on {@code schedule}. */
        public int toLevel(NoiseSchedule schedule) {
            return (int) Math.floor(to * (schedule.steps() - 1));
        }

        /** "FROM:TO", e.g. "1.0:0.2". */
        @Override
        public String toString() {
            return from + ":" + to;
        }
    }

    private final Score score;
    private final double scale;
    private final int fromLevel;
    private final int toLevel;

    /**
     * @param scale RMS step of x̂_0 per solver step, in [0, {@value #MAX_SCALE}] (e.g. 0.05)
     * @param window the noise levels guided
     * @throws InvalidValue if the scale is out of range
     */
    public ScoreGuidance(Score score, double scale, Window window, NoiseSchedule schedule) {
        this.score = score;
        this.scale = requireScale(scale);
        this.fromLevel = window.fromLevel(schedule);
        this.toLevel = window.toLevel(schedule);
    }

    /**
     * The rule of the scale, for checking it before there is a score.
     *
     * @return {@code scale}
     * @throws InvalidValue unless it is in [0, {@value #MAX_SCALE}]
     */
    public static double requireScale(double scale) {
        InvalidValue.require(scale >= 0 && scale <= MAX_SCALE, "guidance scale", "must be in [0, 10]", scale);
        return scale;
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
