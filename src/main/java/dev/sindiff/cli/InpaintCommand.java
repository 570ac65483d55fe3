package dev.sindiff.cli;

import ai.djl.ndarray.NDArray;
import dev.sindiff.diffusion.Hooks;
import dev.sindiff.edit.Edits;
import dev.sindiff.edit.Masks;
import dev.sindiff.sample.Model;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sindiff inpaint}: fill a masked region, keeping every other pixel. */
@Command(name = "inpaint", mixinStandardHelpOptions = true,
        description = "Fill the white region of --mask with new content that continues the image (RePaint); pixels outside the mask are kept exactly.")
final class InpaintCommand extends ApplicationCommand {
    @Option(names = "--input", required = true, paramLabel = "IMAGE", description = "The image to complete.") Path inputFile;
    @Option(names = "--mask", required = true, paramLabel = "MASK", description = "Any image format, grey or colour; white = fill, black or transparent = keep. Resized to the input when the aspect ratio agrees.") Path maskFile;
    @Option(names = "--resample", defaultValue = "2", description = "Times each step is taken, re-noising in between, to blend the seam (RePaint; default: ${DEFAULT-VALUE}).") int resample;

    @Override
    void validate() {
        Hooks.NONE.withResample(resample);
    }

    @Override
    Job job(Model model) {
        BufferedImage in = input(inputFile, model);
        BufferedImage maskImage = Masks.read(maskFile);
        NDArray fill = mask(model, maskFile, maskImage, in.getHeight(), in.getWidth());
        return new Job(Edits.inpaint(tensor(model, in), fill, model.schedule(), resample), List.of(in, maskImage), "inpaint");
    }
}
