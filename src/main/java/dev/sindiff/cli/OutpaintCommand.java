package dev.sindiff.cli;

import dev.sindiff.diffusion.Hooks;
import dev.sindiff.edit.Edits;
import dev.sindiff.sample.Model;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sindiff outpaint}: extend the canvas, keeping the original pixels. */
@Command(name = "outpaint", mixinStandardHelpOptions = true,
        description = "Extend an image by margins on any side; the original pixels are kept exactly and the new content continues them (a long scroll: --right 512).")
final class OutpaintCommand extends ApplicationCommand {
    @Option(names = "--input", paramLabel = "IMAGE", description = "The image to extend (default: the run's training image, or the image file at its working size).") Path inputFile;
    @Option(names = "--top", defaultValue = "0", description = "Pixels added above (default: ${DEFAULT-VALUE}).") int top;
    @Option(names = "--bottom", defaultValue = "0", description = "Pixels added below (default: ${DEFAULT-VALUE}).") int bottom;
    @Option(names = "--left", defaultValue = "0", description = "Pixels added on the left (default: ${DEFAULT-VALUE}).") int left;
    @Option(names = "--right", defaultValue = "0", description = "Pixels added on the right (default: ${DEFAULT-VALUE}).") int right;
    @Option(names = "--resample", defaultValue = "2", description = "Times each step is taken, re-noising in between, to blend the seam (RePaint; default: ${DEFAULT-VALUE}).") int resample;

    private Edits.Margins margins;

    @Override
    void validate() {
        margins = new Edits.Margins(top, bottom, left, right);
        Hooks.NONE.withResample(resample);
    }

    @Override
    Job job(Model model) {
        BufferedImage in = input(inputFile, model);
        return new Job(Edits.outpaint(tensor(model, in), margins, model.schedule(), resample), List.of(in),
                String.format(Locale.ROOT, "outpaint (top %d, bottom %d, left %d, right %d)", top, bottom, left, right));
    }
}
