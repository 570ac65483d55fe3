package dev.sindiff.cli;

import ai.djl.ndarray.NDArray;
import dev.sindiff.edit.Edits;
import dev.sindiff.edit.Masks;
import dev.sindiff.sample.CanvasPlan;
import dev.sindiff.sample.Model;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sindiff edit}: SinGAN-style editing of a rearranged image. */
@Command(name = "edit", mixinStandardHelpOptions = true,
        description = "SinGAN-style editing: rearrange parts of the image in any editor, then re-diffuse it from --strength so that the seams disappear; with --mask only the white region changes.")
final class EditingCommand extends ApplicationCommand {
    @Option(names = "--input", required = true, paramLabel = "IMAGE", description = "The edited image.") Path inputFile;
    @Option(names = "--mask", paramLabel = "MASK", description = "White where the image may change, black or transparent where it is kept (default: everywhere).") Path maskFile;
    @Option(names = "--strength", defaultValue = "0.4", description = "How much may change, 0 to 1 (default: ${DEFAULT-VALUE}).") double strength;

    @Override
    void validate() {
        CanvasPlan.requireStrength(strength);
    }

    @Override
    Job job(Model model) {
        BufferedImage in = input(inputFile, model);
        List<BufferedImage> before = new ArrayList<>(List.of(in));
        NDArray region = null;
        if (maskFile != null) {
            BufferedImage maskImage = Masks.read(maskFile);
            region = mask(model, maskFile, maskImage, in.getHeight(), in.getWidth());
            before.add(maskImage);
        }
        return new Job(Edits.rediffuse(tensor(model, in), region, strength, model.schedule()), before,
                "edit at strength " + strength);
    }
}
