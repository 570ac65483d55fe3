package dev.sindiff.run;

import dev.sindiff.InvalidValue;
import dev.sindiff.diffusion.DiffusionConfig;
import dev.sindiff.model.UNetConfig;

/**
 * Everything needed to rebuild a run: written once as {@code config.json} when training starts
 * (and rewritten only when a resume extends the step count).
 *
 * @param formatVersion {@link #FORMAT_VERSION} when written by this build
 * @param model the network
 * @param diffusion the forward process and what the network predicts
 * @param training the training options
 * @param image the training image's source and training size
 * @throws InvalidValue if a part is missing
 */
public record RunConfig(
        int formatVersion, UNetConfig model, DiffusionConfig diffusion, TrainConfig training, SourceImage image) {

    public RunConfig {
        String missing = model == null ? "model" : diffusion == null ? "diffusion" : training == null ? "training"
                : image == null ? "image" : null;
        if (missing != null) {
            throw new InvalidValue(RunConfig.class, missing, "must be given");
        }
    }

    /** Version of the run-directory layout and checkpoint format this build reads and writes. */
    public static final int FORMAT_VERSION = 1;
}
