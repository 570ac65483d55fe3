package dev.sindiff.cli;

import dev.sindiff.image.ImageSize;
import dev.sindiff.UserError;
import dev.sindiff.sample.SolverChoice;
import dev.sindiff.sample.Relay;
import dev.sindiff.sample.CanvasPlan;
import dev.sindiff.diffusion.Tiling;
import dev.sindiff.sample.Model;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sindiff sample}: variations from a trained run or an image file, at any size. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Generate images from a trained run directory (or a model in models/), or from an image file with no training (its closed-form patch denoiser).")
public final class SampleCommand implements Callable<Integer> {
    @Mixin ModelSource source;

    @Option(names = "--count", defaultValue = "8", description = "Number of images (default: ${DEFAULT-VALUE}).") int count;
    @Option(names = "--size", paramLabel = "HxW", converter = Converters.Size.class, description = "Output size, height x width (default: the training size, or an image file's working size).") ImageSize size;
    @Option(names = "--scale-h", description = "Height relative to the training (or working) image (e.g. 1.5).") Double scaleH;
    @Option(names = "--scale-w", description = "Width relative to the training (or working) image (e.g. 2).") Double scaleW;
    @Option(names = "--relay", paramLabel = "K", description = "Run directories only. Relay sampling: generate at 1/K of the size, upsample, add block noise and finish at full size with fewer full-size steps (e.g. 2).") Integer relay;
    @Option(names = "--relay-strength", defaultValue = "0.5", description = "Noise level the full-size stage of --relay starts from (default: ${DEFAULT-VALUE}).") double relayStrength;
    @Option(names = "--relay-block-mix", description = "Share of block noise in the start noise of --relay's full-size stage, 0 to 1 (default: 0: this model was trained on i.i.d. noise).") Double relayBlockMix;
    @Mixin GenerationOptions gen;

    @Override
    public Integer call() throws Exception {
        gen.check(source, "--relay", "--relay-strength", "--relay-block-mix");
        if (size != null && (scaleH != null || scaleW != null)) {
            throw new UserError("give either --size or --scale-h/--scale-w, not both");
        }
        checkScale("--scale-h", scaleH);
        checkScale("--scale-w", scaleW);
        gen.spec("dpm++2m"); // a bad sampler is refused before the model is loaded
        List<Path> targets = gen.targets(count);
        Relay r = relay == null ? null : new Relay(relay, relayStrength, relayBlockMix == null ? Relay.DEFAULT.blockMix() : relayBlockMix);
        try (Model model = gen.load(source);
                SampleWriter writer = gen.writer(targets, count)) {
            SolverChoice spec = gen.spec(model, "dpm++2m");
            int h = model.height();
            int w = model.width();
            if (size != null) {
                h = size.height();
                w = size.width();
            } else {
                h = scaleH != null ? scaled(h, scaleH) : h;
                w = scaleW != null ? scaled(w, scaleW) : w;
            }
            spec.create(model.schedule()); // validates steps against T before any work
            System.err.printf(Locale.ROOT, "sampling %d image(s) of %dx%d (HxW) with %s from %s (%s)%n",
                    count, h, w, spec, source, model.description());
            int hh = h;
            int ww = w;
            GenerationOptions.Canvas canvas = gen.canvas(model, h, w, count);
            Tiling tiling = canvas.tiling();
            long started = System.nanoTime();
            int b = canvas.batch();
            List<BufferedImage> images;
            if (r != null) {
                System.err.printf(Locale.ROOT, "relay: %dx%d (HxW) first, then %s at full size from strength %s%n",
                        Math.round((float) h / relay), Math.round((float) w / relay), r.fullSizeSpec(spec, model), relayStrength);
                images = GenerationOptions.withProgress(writer, p -> r.generate(model, spec, tiling, count, hh, ww, gen.seed, b, p));
            } else {
                images = GenerationOptions.withProgress(writer,
                        p -> model.generate(spec, CanvasPlan.unconditional(hh, ww), tiling, gen.coarse(model), count, gen.seed, b, p));
            }
            System.err.printf(Locale.ROOT, "sampled %d image(s) in %.1f s%n", count, (System.nanoTime() - started) / 1e9);
            gen.write(writer, images, targets, List.of());
        }
        return 0;
    }

    private static void checkScale(String name, Double v) {
        if (v != null && !(v > 0 && v <= 64)) {
            throw new UserError(name + " must be in (0, 64], got " + v);
        }
    }

    private static int scaled(int side, double f) {
        int s = (int) Math.round(side * f);
        if (s < 1 || s > ImageSize.MAX_SIDE) {
            throw new UserError("scaled side " + s + " px is out of range (1 to " + ImageSize.MAX_SIDE + ")");
        }
        return s;
    }
}
