package dev.sindiff.cli;

import dev.sindiff.edit.Edits;
import dev.sindiff.sample.CanvasPlan;
import dev.sindiff.sample.Model;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sindiff img2img}: SDEdit image-to-image and paint-to-image. */
@Command(name = "img2img", mixinStandardHelpOptions = true,
        description = "Image-to-image and paint-to-image (SDEdit): noise an image or a rough colour sketch to --strength, then denoise it with the model.")
final class ImageToImageCommand extends ApplicationCommand {
    @Option(names = "--input", required = true, paramLabel = "IMAGE", description = "The image or sketch to start from.") Path inputFile;
    @Option(names = "--strength", defaultValue = "0.45", description = "0 returns the input, 1 ignores it (default: ${DEFAULT-VALUE}).") double strength;

    @Override
    void validate() {
        CanvasPlan.requireStrength(strength);
    }

    @Override
    Job job(Model model) {
        BufferedImage in = input(inputFile, model);
        return new Job(Edits.imageToImage(tensor(model, in), strength), List.of(in), "img2img at strength " + strength);
    }
}
