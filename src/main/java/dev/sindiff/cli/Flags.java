package dev.sindiff.cli;

import dev.sindiff.InvalidValue;
import java.util.Map;

/**
 * The flags that set the library's quantities: the library names a refused value by its quantity
 * ("strength must be in [0, 1]"), the command line by its flag ("--strength must be in [0, 1]").
 * This is the one place that maps the one to the other.
 */
final class Flags {
    static final Map<String, String> BY_QUANTITY = Map.ofEntries(
            Map.entry("strength", "--strength"),
            Map.entry("steps", "--steps"),
            Map.entry("eta", "--eta"),
            Map.entry("sampler", "--sampler"),
            Map.entry("count", "--count"),
            Map.entry("batch", "--batch"),
            Map.entry("tile", "--tile"),
            Map.entry("overlap", "--overlap"),
            Map.entry("memory budget", "--max-memory"),
            Map.entry("relay factor", "--relay factor"),
            Map.entry("relay strength", "--relay-strength"),
            Map.entry("block-noise mix", "--relay-block-mix"),
            Map.entry("resample", "--resample"),
            Map.entry("enlargement factor", "--factor"),
            Map.entry("top, bottom, left or right", "--top, --bottom, --left or --right"),
            Map.entry("guidance scale", "--scale"),
            Map.entry("guidance window", "--window"),
            Map.entry("comparison height", "--at"),
            Map.entry("working size", "--max-size"),
            Map.entry("results file", "--csv"),
            // train: the records it builds, named Record.component
            Map.entry("RunDir.dir", "--out"),
            Map.entry("UNetConfig.baseChannels", "--channels"),
            Map.entry("UNetConfig.channelMult", "--mult"),
            Map.entry("UNetConfig.resBlocks", "--res-blocks"),
            Map.entry("UNetConfig.groups", "--groups"),
            Map.entry("TrainConfig.steps", "--steps"),
            Map.entry("TrainConfig.batch", "--batch"),
            Map.entry("TrainConfig.learningRate", "--lr"),
            Map.entry("TrainConfig.emaDecay", "--ema"),
            Map.entry("TrainConfig.gradClip", "--grad-clip"),
            Map.entry("TrainConfig.maxSize", "--max-size"),
            Map.entry("TrainConfig.checkpointEvery", "--checkpoint-every"),
            Map.entry("TrainConfig.previewEvery", "--preview-every"),
            Map.entry("TrainConfig.warmupSteps", "--warmup"),
            Map.entry("TrainConfig.crop", "--crop"),
            Map.entry("TrainConfig.minSnrGamma", "--min-snr"),
            Map.entry("TrainConfig.wholeImageFraction", "--whole-image-fraction"),
            Map.entry("TrainConfig.wholeImageBatch", "--whole-image-batch"),
            Map.entry("DiffusionConfig.steps", "--diffusion-steps"));

    private Flags() {}

    /**
     * The flag that sets {@code quantity} (a sampling quantity, or a {@code Record.component} of
     * the records {@code train} builds), or the quantity itself when no flag does.
     */
    static String of(String quantity) {
        return BY_QUANTITY.getOrDefault(quantity, quantity);
    }

    /** {@code failure}'s message with each quantity named by its flag. */
    static String message(InvalidValue failure) {
        return failure.message(Flags::of);
    }
}
