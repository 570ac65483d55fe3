package dev.sindiff.cli;

import dev.sindiff.UserError;
import dev.sindiff.image.ContactSheet;
import dev.sindiff.image.ImageFiles;
import dev.sindiff.sample.SamplerSpec;
import dev.sindiff.sample.TrainedModel;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sindiff sample}: variations from a trained run, at any size. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Generate images from a trained run directory (or a model in models/).")
public final class SampleCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_DIR", description = "A run directory written by 'sindiff train'.")
    Path runDir;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for sample-NNN.png and contact-sheet.png.")
    Path out;

    @Option(names = "--count", defaultValue = "8", description = "Number of images (default: ${DEFAULT-VALUE}).") int count;
    @Option(names = "--size", paramLabel = "HxW", converter = Size.Converter.class, description = "Output size, height x width (default: the training size).") Size size;
    @Option(names = "--scale-h", description = "Height relative to the training image (e.g. 1.5).") Double scaleH;
    @Option(names = "--scale-w", description = "Width relative to the training image (e.g. 2).") Double scaleW;
    @Option(names = "--seed", defaultValue = "0", description = "Seed; image i depends only on (seed, i) (default: ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--sampler", defaultValue = "dpm++2m", description = "ddpm (all T steps), ddim, dpm++2m or heun (default: ${DEFAULT-VALUE}).") String sampler;
    @Option(names = "--steps", description = "Timesteps visited by ddim, dpm++2m or heun (default: 100 for ddim, 20 for dpm++2m, 10 for heun; heun costs 2*steps-1 evaluations).") Integer steps;
    @Option(names = "--eta", defaultValue = "1.0", description = "DDIM eta: 0 deterministic, 1 stochastic (default: ${DEFAULT-VALUE}).") double eta;
    @Option(names = "--spacing", description = "uniform, quadratic or karras (default: karras; uniform for ddim).") String spacing;
    @Option(names = "--batch", defaultValue = "4", description = "Images denoised together (default: ${DEFAULT-VALUE}).") int batch;
    @Option(names = "--weights", defaultValue = "ema", description = "ema or raw (default: ${DEFAULT-VALUE}).") String weights;
    @Option(names = "--force", description = "Overwrite existing files in --out.") boolean force;
    @picocli.CommandLine.Mixin DeviceOption device;

    @Override
    public Integer call() throws Exception {
        if (count < 1 || count > 100_000) throw new UserError("--count must be in [1, 100000], got " + count);
        if (batch < 1) throw new UserError("--batch must be >= 1, got " + batch);
        if (size != null && (scaleH != null || scaleW != null)) {
            throw new UserError("give either --size or --scale-h/--scale-w, not both");
        }
        checkScale("--scale-h", scaleH);
        checkScale("--scale-w", scaleW);
        SamplerSpec spec = SamplerSpec.parse(sampler, steps, eta, spacing);
        boolean ema = switch (weights.toLowerCase(Locale.ROOT)) {
            case "ema" -> true;
            case "raw" -> false;
            default -> throw new UserError("--weights must be ema or raw, got '" + weights + "'");
        };
        List<Path> targets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            targets.add(out.resolve(String.format("sample-%03d.png", i)));
        }
        targets.add(out.resolve("contact-sheet.png"));
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new UserError("--out '" + out + "' is a file; give a folder");
        }
        if (!force) {
            for (Path p : targets) {
                if (Files.exists(p)) {
                    throw new UserError("'" + p + "' already exists; use --force to overwrite or choose another --out");
                }
            }
        }
        try (TrainedModel model = TrainedModel.load(runDir, device.select(), ema)) {
            int h = model.config().image().height();
            int w = model.config().image().width();
            if (size != null) {
                h = size.height();
                w = size.width();
            } else {
                h = scaleH != null ? scaled(h, scaleH) : h;
                w = scaleW != null ? scaled(w, scaleW) : w;
            }
            spec.create(model.schedule()); // validates steps against T before any work
            System.err.printf(Locale.ROOT, "sampling %d image(s) of %dx%d (HxW) with %s from %s (step %d, %s weights)%n",
                    count, h, w, spec, runDir, model.step(), ema ? "EMA" : "raw");
            List<BufferedImage> images;
            try (ProgressBar bar = new ProgressBarBuilder().setTaskName("sample").setInitialMax(1)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                    .setConsumer(new ConsoleProgressBarConsumer(System.err)).build()) {
                images = model.sample(spec, count, h, w, seed, Math.min(batch, count), (done, total) -> {
                    bar.maxHint(total);
                    bar.stepTo(done);
                });
            }
            Files.createDirectories(out);
            for (int i = 0; i < count; i++) {
                ImageFiles.writePng(images.get(i), targets.get(i));
                System.out.println(targets.get(i));
            }
            int cols = (int) Math.ceil(Math.sqrt(count * (double) h / w));
            ImageFiles.writePng(ContactSheet.of(images, Math.max(1, Math.min(count, cols)), 4), targets.get(count));
            System.out.println(targets.get(count));
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
        if (s < 1 || s > Size.MAX_SIDE) {
            throw new UserError("scaled side " + s + " px is out of range (1 to " + Size.MAX_SIDE + ")");
        }
        return s;
    }
}
