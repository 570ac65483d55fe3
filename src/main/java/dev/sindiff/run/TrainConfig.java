package dev.sindiff.run;

import dev.sindiff.UserError;

/**
 * Training options. Defaults follow SinDiffusion: AdamW with lr 5e-4 and no weight decay, EMA
 * 0.9999, the image's long side at most 250 px, each step a random resize of H and W
 * independently in U(0.75, 1.25) floored to a multiple of 4.
 *
 * @param steps total optimisation steps of the run
 * @param batch images per step (copies of the resized image with different t and noise)
 * @param learningRate AdamW learning rate
 * @param emaDecay EMA decay; the effective decay is min(decay, (1+n)/(10+n)) at update n
 * @param gradClip maximum global L2 norm of the gradient (0 disables clipping)
 * @param maxSize long side of the training image
 * @param minScale smallest random resize factor per axis
 * @param maxScale largest random resize factor per axis
 * @param seed seed of every random choice (resizes, timesteps, noise, initial weights)
 * @param checkpointEvery steps between checkpoints
 * @param previewEvery steps between preview grids (0: none)
 * @param warmupSteps steps of linear learning-rate warm-up (0: none)
 * @param lrSchedule constant (SinDiffusion) or cosine decay; null in older runs means constant
 * @param crop side of the random square crop each sample is trained on, after the resize
 *     (0: the whole image, as SinDiffusion); at least the network's receptive field
 * @param minSnrGamma γ of the min-SNR loss weighting (0: none, as SinDiffusion)
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
        double minSnrGamma) {

    public TrainConfig {
        if (steps < 1) throw new UserError("--steps must be >= 1, got " + steps);
        if (batch < 1) throw new UserError("--batch must be >= 1, got " + batch);
        if (!(learningRate > 0 && learningRate < 1)) throw new UserError("--lr must be in (0, 1), got " + learningRate);
        if (!(emaDecay >= 0 && emaDecay < 1)) throw new UserError("--ema must be in [0, 1), got " + emaDecay);
        if (!(gradClip >= 0)) throw new UserError("--grad-clip must be >= 0, got " + gradClip);
        if (maxSize < 16) throw new UserError("--max-size must be >= 16, got " + maxSize);
        if (!(minScale > 0 && minScale <= maxScale)) {
            throw new UserError("resize scales must satisfy 0 < min <= max, got " + minScale + ", " + maxScale);
        }
        if (checkpointEvery < 1) throw new UserError("--checkpoint-every must be >= 1, got " + checkpointEvery);
        if (previewEvery < 0) throw new UserError("--preview-every must be >= 0, got " + previewEvery);
        if (warmupSteps < 0) throw new UserError("--warmup must be >= 0, got " + warmupSteps);
        if (crop < 0) throw new UserError("--crop must be >= 0 (0 = whole image), got " + crop);
        if (!(minSnrGamma >= 0)) throw new UserError("--min-snr must be >= 0 (0 = off), got " + minSnrGamma);
        lrSchedule = lrSchedule == null ? LearningRate.CONSTANT : lrSchedule;
    }

    /** SinDiffusion's options: no warm-up, constant rate, whole image, unweighted loss. */
    public TrainConfig(int steps, int batch, double learningRate, double emaDecay, double gradClip, int maxSize,
            double minScale, double maxScale, long seed, int checkpointEvery, int previewEvery) {
        this(steps, batch, learningRate, emaDecay, gradClip, maxSize, minScale, maxScale, seed, checkpointEvery,
                previewEvery, 0, LearningRate.CONSTANT, 0, 0);
    }

    /** The learning rate of update n (0-based). */
    public double learningRateAt(long n) {
        return lrSchedule.at(n, learningRate, warmupSteps, steps);
    }

    /** SinDiffusion's recipe with a given step count, batch and seed. */
    public static TrainConfig sindiffusion(int steps, int batch, long seed) {
        return new TrainConfig(steps, batch, 5e-4, 0.9999, 1.0, 250, 0.75, 1.25, seed, 500, 500);
    }

    /** The same options with another step count (used by resume to extend a run). */
    public TrainConfig withSteps(int newSteps) {
        return new TrainConfig(newSteps, batch, learningRate, emaDecay, gradClip, maxSize, minScale, maxScale,
                seed, checkpointEvery, previewEvery, warmupSteps, lrSchedule, crop, minSnrGamma);
    }

    /** The same options with another long-side limit for the training image. */
    public TrainConfig withMaxSize(int newMaxSize) {
        return new TrainConfig(steps, batch, learningRate, emaDecay, gradClip, newMaxSize, minScale, maxScale,
                seed, checkpointEvery, previewEvery, warmupSteps, lrSchedule, crop, minSnrGamma);
    }
}
