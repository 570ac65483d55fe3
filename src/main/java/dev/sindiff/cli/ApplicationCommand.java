package dev.sindiff.cli;

import ai.djl.ndarray.NDArray;
import dev.sindiff.edit.Masks;
import dev.sindiff.image.ImageFiles;
import dev.sindiff.image.ImageTensors;
import dev.sindiff.sample.SolverChoice;
import dev.sindiff.sample.CanvasPlan;
import dev.sindiff.sample.Model;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * What the application commands share: a run directory or an image file ({@link ModelSource}), a count and the generation options; an
 * input image at the model's scale; masks fitted to it. A subclass checks its options and builds
 * its plan (see {@link dev.sindiff.edit.Edits}); this class loads, runs and writes.
 */
abstract class ApplicationCommand implements Callable<Integer> {
    @Mixin ModelSource source;

    @Option(names = "--count", defaultValue = "4", description = "Number of results (default: ${DEFAULT-VALUE}).") int count;
    @Option(names = "--keep-size", description = "Use the input at its own size even when its shorter side is more than 4 times the training image's.") boolean keepSize;
    @Mixin GenerationOptions gen;

    /** The plan and the pictures that show what went in (for comparison.png). */
    record Job(CanvasPlan plan, List<BufferedImage> before, String what) {}

    /** Checks this command's options before the model is loaded. */
    abstract void validate();

    abstract Job job(Model model);

    /** Says something about the results on stderr before they are written (nothing by default). */
    void report(Model model, List<BufferedImage> images) {}

    @Override
    public Integer call() throws Exception {
        gen.check(source);
        validate();
        gen.spec("dpm++2m"); // a bad sampler is refused before the model is loaded
        List<Path> targets = gen.targets(count);
        try (Model model = gen.load(source); SampleWriter writer = gen.writer(targets, count)) {
            SolverChoice spec = gen.spec(model, "dpm++2m");
            spec.create(model.schedule()); // validates steps against T before any work
            Job job = job(model);
            System.err.printf(Locale.ROOT, "%s: %d result(s) of %dx%d (HxW) with %s from %s (%s)%n",
                    job.what(), count, job.plan().height(), job.plan().width(), spec, source, model.description());
            GenerationOptions.Canvas canvas = gen.canvas(model, job.plan().height(), job.plan().width(), count);
            List<BufferedImage> images = GenerationOptions.withProgress(writer,
                    p -> model.generate(spec, job.plan(), canvas.tiling(), gen.coarse(model), count, gen.seed, canvas.batch(), p));
            report(model, images);
            gen.write(writer, images, targets, job.before());
        }
        return 0;
    }

    /**
     * The input image, or the model's image (the run's training image, or the image file at its
     * working size) when {@code file} is null. An input whose shorter side is more than four
     * times the model image's (a full-resolution photo, say) is scaled down to the model image's
     * shorter side, because the model's patches have that scale; --keep-size keeps it. Anything
     * smaller (a panorama made by sindiff, a sketch) is used as it is.
     */
    BufferedImage input(Path file, Model model) {
        if (file == null) {
            return model.image();
        }
        BufferedImage img = ImageFiles.readRgb(file);
        int trainShort = Math.min(model.height(), model.width());
        int inShort = Math.min(img.getHeight(), img.getWidth());
        if (!keepSize && inShort > 4 * trainShort) {
            double f = (double) trainShort / inShort;
            int h = Math.max(1, (int) Math.round(img.getHeight() * f));
            int w = Math.max(1, (int) Math.round(img.getWidth() * f));
            System.err.printf(Locale.ROOT, "note: %s is %dx%d (WxH), far larger than the model's image"
                    + " (shorter side %d); scaled to %dx%d (use --keep-size to keep it)%n",
                    file, img.getWidth(), img.getHeight(), trainShort, w, h);
            img = ImageTensors.toImage(dev.sindiff.image.TensorResize.resize(
                    ImageTensors.toTensor(model.manager(), img), h, w, dev.sindiff.image.TensorResize.Mode.AREA));
        }
        return img;
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
            System.err.printf(Locale.ROOT, "note: mask %s is %dx%d (WxH); resized to the image's %dx%d%n",
                    file, maskImage.getWidth(), maskImage.getHeight(), w, h);
        }
        double covered = Masks.coverage(mask);
        if (covered > Masks.MOSTLY_COVERED) {
            System.err.printf(Locale.ROOT, "warning: mask %s covers %.0f%% of the image, so nearly all of it changes"
                    + " (white = change; black or transparent = keep)%n", file, Math.floor(100 * covered));
        }
        return mask;
    }

}
