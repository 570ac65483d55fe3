package dev.sindiff.cli;

import dev.sindiff.UserError;
import dev.sindiff.diffusion.Spacing;
import dev.sindiff.diffusion.Tiling;
import dev.sindiff.sample.CanvasPlan;
import dev.sindiff.sample.CoarseToFine;
import dev.sindiff.sample.Generation;
import dev.sindiff.sample.MemoryBudget;
import dev.sindiff.sample.Model;
import dev.sindiff.sample.SolverChoice;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The options every generating command shares (sampler, seed, output folder, weights, memory,
 * device) and the request they make ({@link #request}).
 */
public final class GenerationOptions {
    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for sample-NNN.png and contact-sheet.png.")
    Path out;

    @Option(names = "--seed", defaultValue = "0", description = "Seed; image i depends only on (seed, i) (default: ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--sampler", converter = Converters.Sampler.class, completionCandidates = Converters.SamplerNames.class,
            description = "${COMPLETION-CANDIDATES}; ddpm visits all T steps (default: dpm++2m, or the image file's own).")
    SolverChoice.Algorithm sampler;
    @Option(names = "--steps", description = "Timesteps visited by ddim, dpm++2m or heun (default: 100 for ddim, 20 for dpm++2m, 10 for heun; heun costs 2*steps-1 evaluations).") Integer steps;
    @Option(names = "--eta", defaultValue = "1.0", description = "DDIM eta: 0 deterministic, 1 stochastic (default: ${DEFAULT-VALUE}).") double eta;
    @Option(names = "--spacing", description = "${COMPLETION-CANDIDATES} (default: karras; uniform for ddim).") Spacing spacing;
    @Option(names = "--batch", defaultValue = "4", description = "Images denoised together (default: ${DEFAULT-VALUE}).") int batch;
    @Option(names = "--weights", defaultValue = "ema", description = "${COMPLETION-CANDIDATES}, for a run directory (default: ${DEFAULT-VALUE}).") Weights weights;
    @Option(names = "--force", description = "Overwrite existing files in --out.") boolean force;
    @Option(names = "--tile", paramLabel = "PX", description = "Run directories only. Evaluate the network on overlapping tiles of this side: memory then depends on the tile, not the canvas (default: automatic under --max-memory).") Integer tile;
    @Option(names = "--overlap", defaultValue = "64", paramLabel = "PX", description = "Pixels shared by neighbouring tiles, for a run directory (default: ${DEFAULT-VALUE}).") int overlap;
    @Option(names = "--max-memory", defaultValue = "4g", paramLabel = "SIZE", converter = MemoryAmount.Converter.class, description = "Memory to stay under: --batch is lowered until the batch fits, and tiles are used only when one image would not fit whole; e.g. 2g, 512MB or 4GiB (default: ${DEFAULT-VALUE}).") MemoryAmount maxMemory;
    @Option(names = "--seamless", description = "Wrap the canvas around (a torus): the result tiles without a seam.") boolean seamless;
    @Option(names = "--coarse", paramLabel = "KIND",
            description = "How the layout is made: patch = the coarse pyramid levels are sampled first with the closed-form patch denoiser of the training image, and the network adds the detail at full size; none = the network alone (default: the run's own choice, measured when training finished, see `sindiff info`; patch where it has none; an image file is closed-form at every level). One of: ${COMPLETION-CANDIDATES}.")
    Coarse coarse;
    @Option(names = "--json", description = "Print one JSON object on stdout instead of the paths: the files written with their sizes, the seed, the sampler, denoiser evaluations, seconds and tiles.") boolean json;
    @Mixin DeviceOption device;

    @Spec(Spec.Target.MIXEE) CommandSpec command;

    /** Where the layout of a sample comes from. */
    enum Coarse {
        patch(CoarseToFine.DEFAULT), none(CoarseToFine.NONE);

        final CoarseToFine levels;

        Coarse(CoarseToFine levels) {
            this.levels = levels;
        }
    }

    /** Which weights of a run are used. */
    enum Weights {
        /** The exponential moving average of the weights. */
        EMA,
        /** The weights as the last step left them. */
        RAW;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** Options that only a trained network has, refused with an image file. */
    static final String[] NETWORK_ONLY = {"--weights", "--tile", "--overlap", "--coarse"};

    /** Options that choose the solver: with none of them, the model's own solver is used. */
    private static final String[] SOLVER_OPTIONS = {"--sampler", "--steps", "--eta", "--spacing"};

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

    /**
     * The request these options make for {@code count} images: the seed, the batch, the solver
     * (the model's own unless a solver option is given; dpm++2m when only its settings are) and
     * the layout (the model's own unless --coarse is given). The tiles are chosen later, for the
     * canvas ({@link #fitToMemory}); --tile and --overlap are checked here.
     *
     * @throws dev.sindiff.InvalidValue for a value the library refuses (a count, a batch, steps, eta, a tile)
     */
    Generation request(int count) {
        tiling(tile == null ? 0 : tile);
        SolverChoice solver = null;
        for (String o : SOLVER_OPTIONS) {
            if (command.commandLine().getParseResult().hasMatchedOption(o)) {
                solver = SolverChoice.of(sampler != null ? sampler : SolverChoice.Algorithm.DPMPP_2M, steps, eta, spacing);
            }
        }
        return Generation.of(count).seed(seed).batch(batch).solver(solver).coarse(coarse == null ? null : coarse.levels);
    }

    private Tiling tiling(int side) {
        return new Tiling(side, side == 0 ? 0 : overlap);
    }

    /**
     * {@code request} with the tiles and the batch that keep an h×w plan under --max-memory: --tile
     * if given, else tiles only when one image would not fit; then --batch (at most the count),
     * lowered until the batch fits. The tiles never depend on --batch or --count. Says on {@code err}
     * when it tiles or lowers the batch.
     */
    Generation fitToMemory(Model model, CanvasPlan plan, Generation request, PrintWriter err) {
        int wanted = Math.min(request.batch(), request.count());
        MemoryBudget.Plan fit = model.memoryPlan(plan.height(), plan.width(), tile, wanted, maxMemory.bytes(), overlap);
        if (fit.tile() > 0) {
            err.printf(Locale.ROOT, "tiles of %d px overlapping by %d px (%s)%n", fit.tile(), overlap,
                    tile != null ? "--tile" : "to stay under --max-memory " + maxMemory);
        }
        if (fit.batch() < wanted) {
            err.printf(Locale.ROOT, "batch of %d image(s) instead of %d, to stay under --max-memory %s%n", fit.batch(), wanted, maxMemory);
        }
        return request.tiling(tiling(fit.tile())).batch(fit.batch());
    }

    /** Loads the run (with the weights of --weights) or the image file of {@code source}, checked with {@link #check}. */
    Model load(ModelSource source) {
        return source.load(device.select(), weights == Weights.EMA);
    }

    /** The files of {@code count} samples and their contact sheet, in --out. */
    List<Path> targets(int count) {
        List<Path> targets = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            targets.add(out.resolve(String.format("sample-%03d.png", i)));
        }
        targets.add(contactSheet());
        return targets;
    }

    /** The contact sheet's file. */
    Path contactSheet() {
        return out.resolve("contact-sheet.png");
    }

    /** The comparison's file (inputs, then results). */
    Path comparison() {
        return out.resolve("comparison.png");
    }

    /**
     * Checks that --out is a folder (or not there yet) and that none of {@code targets} would be
     * overwritten without --force.
     */
    void checkTargets(List<Path> targets) {
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
    }
}
