package dev.sindiff.cli;

import ai.djl.ndarray.NDArray;
import dev.sindiff.edit.Edits;
import dev.sindiff.edit.Masks;
import dev.sindiff.sample.CanvasPlan;
import dev.sindiff.sample.Model;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sindiff harmonize}: a pasted object takes the image's patch statistics. */
@Command(name = "harmonize", mixinStandardHelpOptions = true,
        description = "Blend an object pasted into the image: the region under --mask is noised to --strength and denoised so that it takes the image's colours and textures; the rest is kept exactly.")
final class HarmonizeCommand extends ApplicationCommand {
    @Option(names = "--input", required = true, paramLabel = "IMAGE", description = "The image with the pasted object.") Path inputFile;
    @Option(names = "--mask", required = true, paramLabel = "MASK", description = "White over the pasted object; black or transparent elsewhere (any format, grey or colour).") Path maskFile;
    @Option(names = "--strength", defaultValue = "0.5", description = "How much the object may change, 0 to 1 (default: ${DEFAULT-VALUE}).") double strength;

    @Override
    void validate() {
        CanvasPlan.requireStrength(strength);
    }

    @Override
    Job job(Model model) {
        BufferedImage in = input(inputFile, model);
        BufferedImage maskImage = Masks.read(maskFile);
        NDArray region = mask(model, maskFile, maskImage, in.getHeight(), in.getWidth());
        return new Job(Edits.rediffuse(tensor(model, in), region, strength, model.schedule()), List.of(in, maskImage),
                "harmonize at strength " + strength);
    }
}
