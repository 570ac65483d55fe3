package dev.sindiff.cli;

import ai.djl.Device;
import dev.sindiff.UserError;
import dev.sindiff.sample.ImageModel;
import dev.sindiff.sample.Model;
import dev.sindiff.sample.TrainedModel;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The model argument of the commands that sample or describe a model: a run directory written by
 * 'sindiff train', or an image file, whose training-free closed-form patch model is used instead
 * ({@link ImageModel}, worked at --max-size). Options that only a network has are refused with an
 * image file, and --max-size with a run directory.
 */
final class ModelSource {
    @Parameters(index = "0", paramLabel = "RUN_DIR|IMAGE",
            description = "A run directory written by 'sindiff train' (or a model in models/), or an image file: its training-free closed-form patch model, with no training.")
    Path path;

    @Option(names = "--max-size", paramLabel = "PX",
            description = "With an image file: the long side it is worked at; a larger image is scaled down (area resampling), never up (default: " + ImageModel.DEFAULT_MAX_SIZE + ").")
    Integer maxSize;

    @Spec(Spec.Target.MIXEE) CommandSpec command;

    /**
     * Whether the argument is an image file rather than a run directory.
     *
     * @throws UserError if the path does not exist
     */
    boolean isImage() {
        if (Files.isDirectory(path)) {
            return false;
        }
        if (!Files.exists(path)) {
            throw new UserError("'" + path + "' does not exist (give a run directory written by 'sindiff train', or an image file)");
        }
        return true;
    }

    /**
     * Checks the options against the kind of argument: --max-size only with an image file, and
     * with an image file none of {@code networkOnly} given on the command line.
     *
     * @throws UserError naming the first option refused
     */
    void check(String... networkOnly) {
        if (!isImage()) {
            if (maxSize != null) {
                throw new UserError("--max-size applies to an image file; '" + path + "' is a run directory, which works at its training size");
            }
            return;
        }
        if (maxSize != null) {
            ImageModel.requireWorkingSize(maxSize);
        }
        for (String option : networkOnly) {
            if (command.commandLine().getParseResult().hasMatchedOption(option)) {
                throw new UserError(option + " applies to a trained network; '" + path + "' is an image file, sampled with its"
                        + " closed-form patch denoiser (give a run directory to use " + option + ")");
            }
        }
    }

    /** --max-size, or its default. */
    int maxSize() {
        return maxSize != null ? maxSize : ImageModel.DEFAULT_MAX_SIZE;
    }

    /**
     * Loads the model: the run (its EMA or raw weights as {@code ema} says) or the image's
     * training-free model. Call {@link #check} first.
     */
    Model load(Device device, boolean ema) {
        return isImage() ? ImageModel.load(path, device, maxSize()) : TrainedModel.load(path, device, ema);
    }

    @Override
    public String toString() {
        return String.valueOf(path);
    }
}
