package dev.sindiff.cli;

import dev.sindiff.UserError;
import dev.sindiff.image.ContactSheet;
import dev.sindiff.sample.CoarseToFine;
import dev.sindiff.sample.SolverChoice;
import dev.sindiff.sample.MemoryBudget;
import dev.sindiff.sample.ReverseDiffusion;
import dev.sindiff.diffusion.Tiling;
import dev.sindiff.sample.Model;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The options every generating command shares (sampler, seed, output folder, weights, device)
 * and what they do with them: load the model, show progress, write sample-NNN.png as each batch
 * finishes and a contact sheet at the end, atomically.
 */
public final class GenerationOptions {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for sample-NNN.png and contact-sheet.png.")
    Path out;

    @Option(names = "--seed", defaultValue = "0", description = "Seed; image i depends only on (seed, i) (default: ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--sampler", description = "ddpm (all T steps), ddim, dpm++2m or heun (default: dpm++2m).") String sampler;
    @Option(names = "--steps", description = "Timesteps visited by ddim, dpm++2m or heun (default: 100 for ddim, 20 for dpm++2m, 10 for heun; heun costs 2*steps-1 evaluations).") Integer steps;
    @Option(names = "--eta", defaultValue = "1.0", description = "DDIM eta: 0 deterministic, 1 stochastic (default: ${DEFAULT-VALUE}).") double eta;
    @Option(names = "--spacing", description = "uniform, quadratic or karras (default: karras; uniform for ddim).") String spacing;
    @Option(names = "--batch", defaultValue = "4", description = "Images denoised together (default: ${DEFAULT-VALUE}).") int batch;
    @Option(names = "--weights", defaultValue = "ema", description = "ema or raw, for a run directory (default: ${DEFAULT-VALUE}).") String weights;
    @Option(names = "--force", description = "Overwrite existing files in --out.") boolean force;
    @Option(names = "--tile", paramLabel = "PX", description = "Run directories only. Evaluate the network on overlapping tiles of this side: memory then depends on the tile, not the canvas (default: automatic under --max-memory).") Integer tile;
    @Option(names = "--overlap", defaultValue = "64", paramLabel = "PX", description = "Pixels shared by neighbouring tiles, for a run directory (default: ${DEFAULT-VALUE}).") int overlap;
    @Option(names = "--max-memory", defaultValue = "4g", paramLabel = "SIZE", description = "Memory to stay under: --batch is lowered until the batch fits, and tiles are used only when one image would not fit whole; e.g. 2g, 512MB or 4GiB (default: ${DEFAULT-VALUE}).") String maxMemory;
    @Option(names = "--seamless", description = "Wrap the canvas around (a torus): the result tiles without a seam.") boolean seamless;
    @Option(names = "--coarse", paramLabel = "KIND",
            description = "How the layout is made: patch = the coarse pyramid levels are sampled first with the closed-form patch denoiser of the training image, and the network adds the detail at full size; none = the network alone (default: patch; an image file is closed-form at every level). One of: ${COMPLETION-CANDIDATES}.")
    Coarse coarse;
    @Mixin DeviceOption device;

    /** Where the layout of a sample comes from. */
    enum Coarse {
        patch(CoarseToFine.DEFAULT), none(CoarseToFine.NONE);

        final CoarseToFine levels;

        Coarse(CoarseToFine levels) {
            this.levels = levels;
        }
    }

    /** Options that only a trained network has, refused with an image file. */
    static final String[] NETWORK_ONLY = {"--weights", "--tile", "--overlap", "--coarse"};

    /** The chosen sampler, or {@code fallback}'s algorithm when none was given. */
    SolverChoice spec(String fallback) {
        return SolverChoice.parse(sampler == null ? fallback : sampler, steps, eta, spacing);
    }

    /**
     * The chosen sampler; when neither --sampler nor --steps is given, the model's default
     * ({@link Model#defaultSampler}) with {@code fallback}'s algorithm as the command's own.
     */
    SolverChoice spec(Model model, String fallback) {
        SolverChoice chosen = spec(fallback);
        return sampler == null && steps == null ? model.defaultSampler(chosen) : chosen;
    }

    /** How the layout is made: --coarse, or the model's own way when it is not given. */
    CoarseToFine coarse(Model model) {
        return coarse != null ? coarse.levels : model.defaultCoarse();
    }

    boolean ema() {
        return switch (weights.toLowerCase(Locale.ROOT)) {
            case "ema" -> true;
            case "raw" -> false;
            default -> throw new UserError("--weights must be ema or raw, got '" + weights + "'");
        };
    }

    /** Checks --count, --batch and --out, and that no output would be overwritten without --force. */
    List<Path> targets(int count) {
        if (count < 1 || count > 100_000) throw new UserError("--count must be in [1, 100000], got " + count);
        if (batch < 1) throw new UserError("--batch must be >= 1, got " + batch);
        if (tile != null && tile > 0 && tile < 2 * overlap) {
            throw new UserError("--tile must be at least twice --overlap (" + overlap + "), got " + tile);
        }
        if (tile != null && tile < 0 || overlap < 0) {
            throw new UserError("--tile and --overlap must be >= 0");
        }
        MemoryBudget.parse(maxMemory);
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
        return targets;
    }

    /** How a canvas is sampled: the tiling and the images denoised together. */
    record Canvas(Tiling tiling, int batch) {}

    /**
     * The tiling and batch for {@code count} h×w images: --tile if given, else tiles only when
     * one image would not fit --max-memory; then --batch (at most {@code count}), lowered until
     * the batch fits. The tiles never depend on --batch or --count.
     */
    Canvas canvas(Model model, int h, int w, int count) {
        MemoryBudget.Plan plan = model.memoryPlan(h, w, tile, Math.min(batch, count), MemoryBudget.parse(maxMemory), overlap);
        if (plan.tile() > 0) {
            System.err.printf(Locale.ROOT, "tiles of %d px overlapping by %d px (%s)%n", plan.tile(), overlap,
                    tile != null ? "--tile" : "to stay under --max-memory " + maxMemory);
        }
        if (plan.batch() < Math.min(batch, count)) {
            System.err.printf(Locale.ROOT, "batch of %d image(s) instead of %d, to stay under --max-memory %s%n",
                    plan.batch(), Math.min(batch, count), maxMemory);
        }
        return new Canvas(new Tiling(plan.tile(), plan.tile() == 0 ? 0 : overlap, seamless), plan.batch());
    }

    /**
     * Checks {@code source} against the options (see {@link ModelSource#check}): with an image file,
     * the options only a network has are refused, {@link #NETWORK_ONLY} and the command's own
     * {@code networkOnly}. Call it before any other check, so that such an option is named as the problem.
     */
    void check(ModelSource source, String... networkOnly) {
        String[] refused = java.util.Arrays.copyOf(NETWORK_ONLY, NETWORK_ONLY.length + networkOnly.length);
        System.arraycopy(networkOnly, 0, refused, NETWORK_ONLY.length, networkOnly.length);
        source.check(refused);
    }

    /** Loads the run (with the weights of --weights) or the image file of {@code source}, checked with {@link #check}. */
    Model load(ModelSource source) {
        return source.load(device.select(), ema());
    }

    /** A writer of this command's samples, as they finish, to {@code targets} (from {@link #targets(int)}); close it when done. */
    SampleWriter writer(List<Path> targets, int count) {
        return new SampleWriter(targets, count);
    }

    /**
     * Runs {@code generate} with a progress bar on stderr, writing each batch's images with
     * {@code writer} as soon as they are finished (should the JVM shut down first, the writer
     * closes the bar, ending its line).
     */
    static List<BufferedImage> withProgress(SampleWriter writer, Function<ReverseDiffusion.Progress, List<BufferedImage>> generate) {
        try (ProgressBar bar = new ProgressBarBuilder().setTaskName("sample").setInitialMax(1)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build()) {
            writer.endLineWith(bar::close);
            try {
                return generate.apply(new ReverseDiffusion.Progress() {
                    @Override
                    public void update(long done, long total) {
                        bar.maxHint(total);
                        bar.stepTo(done);
                    }

                    @Override
                    public void imagesDone(int first, List<BufferedImage> images) {
                        writer.write(first, images);
                    }
                });
            } finally {
                writer.endLineWith(() -> {});
            }
        }
    }

    /**
     * Writes what {@code writer} has not written yet and the contact sheet to {@code targets}
     * (from {@link #targets(int)}), printing each file's path; with {@code before}, also
     * comparison.png: the inputs, then the results.
     */
    void write(SampleWriter writer, List<BufferedImage> images, List<Path> targets, List<BufferedImage> before) throws IOException {
        writer.writeRest(images);
        writer.printWritten();
        int count = images.size();
        BufferedImage first = images.get(0);
        int cols = (int) Math.ceil(Math.sqrt(count * (double) first.getHeight() / first.getWidth()));
        writer.writeFile(ContactSheet.of(images, Math.max(1, Math.min(count, cols)), 4), targets.get(count));
        System.out.println(targets.get(count));
        if (!before.isEmpty()) {
            List<BufferedImage> row = new ArrayList<>(before);
            row.addAll(images.subList(0, Math.min(count, 3)));
            Path comparison = out.resolve("comparison.png");
            writer.writeFile(ContactSheet.of(row, row.size(), 4), comparison);
            System.out.println(comparison);
        }
    }
}
