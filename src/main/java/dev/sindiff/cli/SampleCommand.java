package dev.sindiff.cli;

import dev.sindiff.UserError;
import dev.sindiff.image.ImageSize;
import dev.sindiff.sample.CanvasPlan;
import dev.sindiff.sample.CopyGuard;
import dev.sindiff.sample.Generation;
import dev.sindiff.sample.Model;
import dev.sindiff.sample.Relay;
import dev.sindiff.sample.SolverChoice;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sindiff sample}: variations from a trained run or an image file, at any size. */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Generate images from a trained run directory (or a model in models/), or from an image file with no training (its closed-form patch denoiser).")
public final class SampleCommand extends GeneratingCommand {
    @Option(names = "--count", defaultValue = "8", description = "Number of images (default: ${DEFAULT-VALUE}).") int count;
    @Option(names = "--size", paramLabel = "HxW", converter = Converters.Size.class, description = "Output size, height x width (default: the training size, or an image file's working size).") ImageSize size;
    @Option(names = "--scale-h", description = "Height relative to the training (or working) image, in (0, 64] (e.g. 1.5).") Double scaleH;
    @Option(names = "--scale-w", description = "Width relative to the training (or working) image, in (0, 64] (e.g. 2).") Double scaleW;
    @Option(names = "--relay", paramLabel = "K", description = "Run directories only. Relay sampling: generate at 1/K of the size, upsample, add block noise and finish at full size with fewer full-size steps (e.g. 2).") Integer relay;
    @Option(names = "--relay-strength", defaultValue = "0.5", description = "Noise level the full-size stage of --relay starts from (default: ${DEFAULT-VALUE}).") double relayStrength;
    @Option(names = "--allow-copies", description = "Keep samples that come out as near-copies of the image (by default one whose copy distance is below 0.8 is drawn again, up to 4 times; see 'sindiff eval').") boolean allowCopies;
    @Option(names = "--relay-block-mix", description = "Share of block noise in the start noise of --relay's full-size stage, 0 to 1 (default: 0: this model was trained on i.i.d. noise).") Double relayBlockMix;

    /** The most a side is scaled by --scale-h or --scale-w. */
    private static final double MAX_SCALE = 64;

    @Override
    int count() {
        return count;
    }

    @Override
    String[] networkOnly() {
        return new String[] {"--relay", "--relay-strength", "--relay-block-mix"};
    }

    @Override
    Generation prepare(Generation request) {
        if (size != null && (scaleH != null || scaleW != null)) {
            throw new UserError("give either --size or --scale-h/--scale-w, not both");
        }
        checkScale("--scale-h", scaleH);
        checkScale("--scale-w", scaleW);
        Generation r = allowCopies ? request.copyGuard(CopyGuard.OFF) : request;
        return relay == null ? r
                : r.relay(new Relay(relay, relayStrength, relayBlockMix == null ? Relay.DEFAULT.blockMix() : relayBlockMix));
    }

    private static void checkScale(String name, Double v) {
        if (v != null && !(v > 0 && v <= MAX_SCALE)) {
            throw new UserError(name + " must be in (0, 64], got " + v);
        }
    }

    /** Random variations on the canvas of --size, or the model's image scaled by --scale-h and --scale-w. */
    @Override
    Job job(Model model) {
        int h = size != null ? size.height() : scaled(model.height(), scaleH);
        int w = size != null ? size.width() : scaled(model.width(), scaleW);
        return new Job(CanvasPlan.unconditional(h, w), List.of(), "sample");
    }

    private static int scaled(int side, Double factor) {
        return factor == null ? side : (int) Math.round(side * factor);
    }

    @Override
    String header(Job job, Generation request, Model model) {
        String line = String.format(Locale.ROOT, "sampling %d image(s) of %dx%d (HxW) with %s from %s (%s)", request.count(),
                job.plan().height(), job.plan().width(), method(request), source, model.description());
        Relay r = request.relay();
        if (r == null) {
            return line;
        }
        ImageSize first = r.firstStage(job.plan().height(), job.plan().width());
        return line + String.format(Locale.ROOT, "%nrelay: %dx%d (HxW) first, then %s at full size from strength %s", first.height(),
                first.width(), r.fullSizeSolver(request.solver(), model.schedule()), r.strength());
    }

    @Override
    List<RunSummary.Stage> stages(Job job, Generation request, Model model) {
        Relay r = request.relay();
        if (r == null) {
            return super.stages(job, request, model);
        }
        CanvasPlan plan = job.plan();
        ImageSize first = r.firstStage(plan.height(), plan.width());
        SolverChoice full = r.fullSizeSolver(request.solver(), model.schedule());
        return List.of(RunSummary.Stage.of(CanvasPlan.unconditional(first.height(), first.width()), request.solver(), model.schedule()),
                new RunSummary.Stage(plan.height(), plan.width(), full,
                        full.solver(model.schedule(), model.schedule().startTimestep(r.strength())).evaluations()));
    }
}
