package dev.sindiff.run;

import dev.sindiff.InvalidValue;

/**
 * Training options, as recorded in a run's {@code config.json}. Defaults follow SinDiffusion:
 * AdamW with lr 5e-4 and no weight decay, EMA 0.9999, the image's long side at most 250 px, each
 * step a random resize of H and W independently in U(0.75, 1.25) floored to a multiple of 4.
 * Build one with {@link #builder()}, which starts from those defaults:
 *
 * <pre>{@code
 * TrainConfig t = TrainConfig.builder().steps(800).batch(16).learningRate(1e-3).crop(64).build();
 * }</pre>
 *
 * @param steps total optimisation steps of the run (≥ 1)
 * @param batch images per step (copies of the resized image with different t and noise, ≥ 1)
 * @param learningRate AdamW learning rate, in (0, 1)
 * @param emaDecay EMA decay in [0, 1); the effective decay is min(decay, (1+n)/(10+n)) at update n
 * @param gradClip maximum global L2 norm of the gradient (0 disables clipping)
 * @param maxSize long side of the training image in pixels (≥ 16)
 * @param minScale smallest random resize factor per axis (&gt; 0)
 * @param maxScale largest random resize factor per axis (≥ minScale)
 * @param seed seed of every random choice (resizes, timesteps, noise, initial weights)
 * @param checkpointEvery steps between checkpoints (≥ 1)
 * @param previewEvery steps between preview grids (0: none)
 * @param warmupSteps steps of linear learning-rate warm-up (0: none)
 * @param lrSchedule constant (SinDiffusion) or cosine decay; null in older runs means constant
 * @param crop side of the random square crop each sample is trained on, after the resize
 *     (0: the whole image, as SinDiffusion); at least the network's receptive field
 * @param minSnrGamma γ of the min-SNR loss weighting (0: none, as SinDiffusion)
 * @param wholeImageFraction share of {@code steps}, at the end of the run, trained on the whole
 *     image instead of crops: the <em>whole-image phase</em>, in [0, 1) (0: none; no effect
 *     without crops). The weights from before it are kept beside the checkpoint until the run
 *     has measured which are better ({@code dev.sindiff.eval.WholeImagePhase})
 * @param wholeImageBatch images per step in the whole-image phase (0: {@code batch}); fewer
 *     whole images than crops hold about the crops' pixels per step
 * @throws InvalidValue naming the first component out of its range
 */
public record TrainConfig(
        int steps,
        int batch,
        double learningRate,
        double emaDecay,
        double gradClip,
        int maxSize,
        double minScale,
        double maxScale,
        long seed,
        int checkpointEvery,
        int previewEvery,
        int warmupSteps,
        LearningRate lrSchedule,
        int crop,
        double minSnrGamma,
        double wholeImageFraction,
        int wholeImageBatch) {

    public TrainConfig {
        check(steps >= 1, "steps", "must be >= 1, got " + steps);
        check(batch >= 1, "batch", "must be >= 1, got " + batch);
        check(learningRate > 0 && learningRate < 1, "learningRate", "must be in (0, 1), got " + learningRate);
        check(emaDecay >= 0 && emaDecay < 1, "emaDecay", "must be in [0, 1), got " + emaDecay);
        check(gradClip >= 0, "gradClip", "must be >= 0, got " + gradClip);
        check(maxSize >= 16, "maxSize", "must be >= 16, got " + maxSize);
        check(minScale > 0 && minScale <= maxScale, "minScale", "must satisfy 0 < minScale <= maxScale, got " + minScale + ", " + maxScale);
        check(checkpointEvery >= 1, "checkpointEvery", "must be >= 1, got " + checkpointEvery);
        check(previewEvery >= 0, "previewEvery", "must be >= 0, got " + previewEvery);
        check(warmupSteps >= 0, "warmupSteps", "must be >= 0, got " + warmupSteps);
        check(crop >= 0, "crop", "must be >= 0 (0 = whole image), got " + crop);
        check(minSnrGamma >= 0, "minSnrGamma", "must be >= 0 (0 = off), got " + minSnrGamma);
        check(wholeImageFraction >= 0 && wholeImageFraction < 1, "wholeImageFraction",
                "must be in [0, 1) (0 = no whole-image phase), got " + wholeImageFraction);
        check(wholeImageBatch >= 0, "wholeImageBatch", "must be >= 0 (0 = the batch), got " + wholeImageBatch);
        lrSchedule = lrSchedule == null ? LearningRate.CONSTANT : lrSchedule;
    }

    private static void check(boolean ok, String component, String problem) {
        if (!ok) {
            throw new InvalidValue(TrainConfig.class, component, problem);
        }
    }

    /** The learning rate of update n (0-based). */
    public double learningRateAt(long n) {
        return lrSchedule.at(n, learningRate, warmupSteps, steps);
    }

    /**
     * The first update (0-based) of the whole-image phase, steps − round(fraction · steps): with
     * crops, updates before it train on crops and the rest on the whole image. Equals
     * {@code steps} when the fraction is too small to make one step.
     */
    public long wholeImageFrom() {
        return steps - Math.round(wholeImageFraction * steps);
    }

    /** Whether the run has a whole-image phase after at least one crop step. */
    public boolean hasWholeImagePhase() {
        long from = wholeImageFrom();
        return crop > 0 && from > 0 && from < steps;
    }

    /**
     * These options without the whole-image phase: the run ends after its crop steps
     * ({@link #wholeImageFrom} steps, the fraction 0). With a constant learning rate its weights
     * are those a run with the phase would have before the phase.
     */
    public TrainConfig withoutWholeImagePhase() {
        return toBuilder().steps(Math.toIntExact(wholeImageFrom())).wholeImageFraction(0).build();
    }

    /** Whether update {@code n} (0-based) trains on crops. */
    public boolean cropsAt(long n) {
        return crop > 0 && n < wholeImageFrom();
    }

    /** The images per step of update {@code n} (0-based): {@link #wholeImageBatch} in the whole-image phase. */
    public int batchAt(long n) {
        return hasWholeImagePhase() && n >= wholeImageFrom() && wholeImageBatch > 0 ? wholeImageBatch : batch;
    }

    /** SinDiffusion's options: 5000 steps of batch 8, seed 0 (the {@link #builder()}'s defaults). */
    public static TrainConfig sindiffusion() {
        return builder().build();
    }

    /** A builder holding SinDiffusion's options; set what differs, then {@link Builder#build()}. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding these options. */
    public Builder toBuilder() {
        return new Builder()
                .steps(steps)
                .batch(batch)
                .learningRate(learningRate)
                .emaDecay(emaDecay)
                .gradClip(gradClip)
                .maxSize(maxSize)
                .scales(minScale, maxScale)
                .seed(seed)
                .checkpointEvery(checkpointEvery)
                .previewEvery(previewEvery)
                .warmupSteps(warmupSteps)
                .lrSchedule(lrSchedule)
                .crop(crop)
                .minSnrGamma(minSnrGamma)
                .wholeImageFraction(wholeImageFraction)
                .wholeImageBatch(wholeImageBatch);
    }

    /** The same options with another step count (used by resume to extend a run). */
    public TrainConfig withSteps(int newSteps) {
        return toBuilder().steps(newSteps).build();
    }

    /**
     * Collects {@link TrainConfig}'s components by name; each setter documents nothing beyond the
     * component of the same name. Ranges are checked by {@link #build()}.
     */
    public static final class Builder {
        private int steps = 5000;
        private int batch = 8;
        private double learningRate = 5e-4;
        private double emaDecay = 0.9999;
        private double gradClip = 1.0;
        private int maxSize = 250;
        private double minScale = 0.75;
        private double maxScale = 1.25;
        private long seed;
        private int checkpointEvery = 500;
        private int previewEvery = 500;
        private int warmupSteps;
        private LearningRate lrSchedule = LearningRate.CONSTANT;
        private int crop;
        private double minSnrGamma;
        private double wholeImageFraction;
        private int wholeImageBatch;

        private Builder() {}

        public Builder steps(int v) {
            steps = v;
            return this;
        }

        public Builder batch(int v) {
            batch = v;
            return this;
        }

        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        public Builder emaDecay(double v) {
            emaDecay = v;
            return this;
        }

        public Builder gradClip(double v) {
            gradClip = v;
            return this;
        }

        public Builder maxSize(int v) {
            maxSize = v;
            return this;
        }

        /** The range of the random resize factor per axis. */
        public Builder scales(double min, double max) {
            minScale = min;
            maxScale = max;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder checkpointEvery(int v) {
            checkpointEvery = v;
            return this;
        }

        public Builder previewEvery(int v) {
            previewEvery = v;
            return this;
        }

        public Builder warmupSteps(int v) {
            warmupSteps = v;
            return this;
        }

        public Builder lrSchedule(LearningRate v) {
            lrSchedule = v;
            return this;
        }

        public Builder crop(int v) {
            crop = v;
            return this;
        }

        public Builder minSnrGamma(double v) {
            minSnrGamma = v;
            return this;
        }

        public Builder wholeImageFraction(double v) {
            wholeImageFraction = v;
            return this;
        }

        public Builder wholeImageBatch(int v) {
            wholeImageBatch = v;
            return this;
        }

        /**
         * The options.
         *
         * @throws InvalidValue naming the first component out of its range
         */
        public TrainConfig build() {
            return new TrainConfig(steps, batch, learningRate, emaDecay, gradClip, maxSize, minScale, maxScale, seed,
                    checkpointEvery, previewEvery, warmupSteps, lrSchedule, crop, minSnrGamma, wholeImageFraction,
                    wholeImageBatch);
        }
    }
}
