package dev.sindiff.cli;

import dev.sindiff.edit.Edits;
import dev.sindiff.sample.CanvasPlan;
import dev.sindiff.sample.Model;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sindiff upscale}: super-resolution with low-pass consistency (ILVR). */
@Command(name = "upscale", mixinStandardHelpOptions = true,
        description = "Super-resolution by any factor: the input upsampled, noised to --strength and denoised while its low frequencies are held to the input (ILVR), so the model adds detail that downsamples back to the input.")
final class UpscaleCommand extends ApplicationCommand {
    @Option(names = "--input", paramLabel = "IMAGE", description = "The image to enlarge (default: the run's training image, or the image file at its working size).") Path inputFile;
    @Option(names = "--factor", defaultValue = "2", description = "Enlargement, e.g. 2 or 4 or 1.5 (default: ${DEFAULT-VALUE}).") double factor;
    @Option(names = "--strength", defaultValue = "0.5", description = "Noise level to start from, 0 to 1 (default: ${DEFAULT-VALUE}).") double strength;

    @Override
    void validate() {
        Edits.requireEnlargement(factor);
        CanvasPlan.requireStrength(strength);
    }

    @Override
    Job job(Model model) {
        BufferedImage in = input(inputFile, model);
        return new Job(Edits.superResolve(tensor(model, in), factor, strength, model.schedule()), List.of(in),
                String.format(Locale.ROOT, "upscale x%s at strength %s", factor, strength));
    }
}
