package dev.sindiff.run;

import dev.sindiff.diffusion.DiffusionConfig;
import dev.sindiff.model.UNetConfig;

/**
 * Everything needed to rebuild a run: written once as {@code config.json} when training starts
 * (and rewritten only when a resume extends the step count).
 */
public record RunConfig(
        int formatVersion, UNetConfig model, DiffusionConfig diffusion, TrainConfig training, SourceImage image) {

    /** Version of the run-directory layout and checkpoint format this build reads and writes. */
    public static final int FORMAT_VERSION = 1;
}
