package dev.sindiff.cli;

import ai.djl.ndarray.NDArray;
import dev.sindiff.edit.Masks;
import dev.sindiff.image.ImageFiles;
import dev.sindiff.image.ImageTensors;
import dev.sindiff.sample.Generation;
import dev.sindiff.sample.Model;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Locale;
import picocli.CommandLine.Option;

/**
 * The applications that start from images (img2img, inpaint, outpaint, harmonize, edit, upscale,
 * guide): a count of results, input images at the model's scale ({@link Model#atModelScale}),
 * masks fitted to them. A subclass checks its options ({@link #prepare}) and builds its plan
 * (see {@link dev.sindiff.edit.Edits}).
 */
abstract class ApplicationCommand extends GeneratingCommand {
    @Option(names = "--count", defaultValue = "4", description = "Number of results (default: ${DEFAULT-VALUE}).") int count;
    @Option(names = "--keep-size", description = "Use the input at its own size even when its shorter side is more than 4 times the model image's.") boolean keepSize;

    @Override
    int count() {
        return count;
    }

    /** Checks this command's own options; the request is the generation options' as they are. */
    abstract void validate();

    @Override
    Generation prepare(Generation request) {
        validate();
        return request;
    }

    /**
     * The input image, or the model's image (the run's training image, or the image file at its
     * working size) when {@code file} is null; at the model's scale ({@link Model#atModelScale})
     * unless --keep-size, with a note when it was scaled.
     */
    BufferedImage input(Path file, Model model) {
        if (file == null) {
            return model.image();
        }
        BufferedImage img = ImageFiles.readRgb(file);
        BufferedImage scaled = keepSize ? img : model.atModelScale(img);
        if (scaled != img) {
            err().printf(Locale.ROOT, "note: %s is %dx%d (WxH), far larger than the model's image"
                    + " (shorter side %d); scaled to %dx%d (use --keep-size to keep it)%n",
                    file, img.getWidth(), img.getHeight(), Math.min(model.height(), model.width()), scaled.getWidth(), scaled.getHeight());
        }
        return scaled;
    }

    NDArray tensor(Model model, BufferedImage img) {
        return ImageTensors.toTensor(model.manager(), img);
    }

    /**
     * A mask image fitted to h×w (resized when its aspect ratio agrees, with a note), with a
     * warning when it covers nearly the whole image.
     */
    NDArray mask(Model model, Path file, BufferedImage maskImage, int h, int w) {
        NDArray mask = Masks.fromImage(model.manager(), maskImage, h, w, String.valueOf(file));
        if (Masks.needsResize(maskImage.getHeight(), maskImage.getWidth(), h, w)) {
            err().printf(Locale.ROOT, "note: mask %s is %dx%d (WxH); resized to the image's %dx%d%n",
                    file, maskImage.getWidth(), maskImage.getHeight(), w, h);
        }
        double covered = Masks.coverage(mask);
        if (covered > Masks.MOSTLY_COVERED) {
            err().printf(Locale.ROOT, "warning: mask %s covers %.0f%% of the image, so nearly all of it changes"
                    + " (white = change; black or transparent = keep)%n", file, Math.floor(100 * covered));
        }
        return mask;
    }
}
