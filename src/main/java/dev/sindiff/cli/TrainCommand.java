package dev.sindiff.cli;

import ai.djl.Device;
import dev.sindiff.UserError;
import dev.sindiff.diffusion.DiffusionConfig;
import dev.sindiff.diffusion.Prediction;
import dev.sindiff.diffusion.ScheduleKind;
import dev.sindiff.eval.LayoutChooser;
import dev.sindiff.eval.WholeImagePhase;
import dev.sindiff.model.UNetConfig;
import dev.sindiff.monitor.RunPictures;
import dev.sindiff.run.LearningRate;
import dev.sindiff.run.PhaseChoice;
import dev.sindiff.run.RunDir;
import dev.sindiff.run.TrainConfig;
import dev.sindiff.train.Preset;
import dev.sindiff.train.Recipe;
import dev.sindiff.train.Trainer;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sindiff train}: learn a model from one image, or resume a run. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = {"Train a SinDiffusion model on one image (or continue a run with --resume).",
                "A finished run then keeps its whole-image phase (fast: the last 20%% of the steps) only if its samples measure"
                        + " better than those of the weights before it (RUN_DIR/whole-image-phase.json), and chooses its default"
                        + " layout for sampling (coarse to fine or the network alone) from 8 samples each way (RUN_DIR/layout.json);"
                        + " --resume on a finished run measures the layout again."})
public final class TrainCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(index = "0", arity = "0..1", paramLabel = "IMAGE", description = "PNG, JPEG, BMP, GIF, TIFF or WebP.")
    Path image;

    @Option(names = "--out", paramLabel = "RUN_DIR", description = "Run directory to create (default: runs/<image name>).")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue this run from its last checkpoint.")
    Path resume;

    @Option(names = "--preset", defaultValue = "fast",
            description = "Recipe: a network (${COMPLETION-CANDIDATES}); the network presets train with SinDiffusion's recipe, "
                    + "'fast' with sindiff's fast CPU recipe (default: ${DEFAULT-VALUE}). Options below override it.")
    Preset preset;

    @Option(names = "--channels", description = "Override the preset's base channels.") Integer channels;
    @Option(names = "--mult", split = ",", description = "Override the channel multipliers per level, e.g. 1,2,4.") List<Integer> mult;
    @Option(names = "--res-blocks", description = "Override the ResBlocks per encoder level.") Integer resBlocks;
    @Option(names = "--groups", description = "Override the GroupNorm groups.") Integer groups;

    @Option(names = "--steps", description = "Total training steps (default: the preset's, 1000 for fast, 5000 for the others; with --resume: the run's own).") Integer steps;
    @Option(names = "--until", description = "Stop after this step, keeping the run's total (and its learning-rate schedule); continue later with --resume.") Long until;
    @Option(names = "--batch", description = "Images (or crops) per step (default: 8; fast: 8).") Integer batch;
    @Option(names = "--lr", description = "AdamW learning rate (default: 5e-4; fast: 1e-3).") Double lr;
    @Option(names = "--lr-schedule", description = "Learning-rate schedule: ${COMPLETION-CANDIDATES} (cosine decays to 10%%; default: constant).") LearningRate lrSchedule;
    @Option(names = "--warmup", description = "Steps of linear learning-rate warm-up (default: 0; fast: 100).") Integer warmup;
    @Option(names = "--ema", description = "EMA decay (default: 0.9999; fast: 0.999; warmed up as (1+n)/(10+n)).") Double ema;
    @Option(names = "--grad-clip", description = "Max global gradient norm, 0 = off (default: 1.0).") Double gradClip;
    @Option(names = "--max-size", description = "Long side of the training image in px (default: 250; fast: 128).") Integer maxSize;
    @Option(names = "--crop", description = "Train on random square crops of this side, at least the receptive field; 0 = whole image (default: 0; fast: 96).") Integer crop;
    @Option(names = "--whole-image-fraction", paramLabel = "F",
            description = "Share of the steps, at the end, trained on the whole image instead of crops; the run keeps them only"
                    + " where its samples measure better; a texture (rows holding 90% of its variance) skips them and ends"
                    + " after its crop steps (default: 0; fast: 0.2).") Double wholeImageFraction;
    @Option(names = "--whole-image-batch", description = "Whole images per step in that phase, 0 = --batch (default: 0; fast: 6).")
            Integer wholeImageBatch;
    @Option(names = "--min-snr", description = "Min-SNR-gamma loss weighting, 0 = off (default: 0; fast: 5).") Double minSnr;
    @Option(names = "--prediction", description = "What the network predicts: ${COMPLETION-CANDIDATES} (default: eps; fast: v).") Prediction prediction;
    @Option(names = "--schedule", description = "Noise schedule: ${COMPLETION-CANDIDATES} (default: linear).") ScheduleKind schedule;
    @Option(names = "--diffusion-steps", description = "T (default: 1000).") Integer diffusionSteps;
    @Option(names = "--seed", defaultValue = "0", description = "Seed of all randomness (default: ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--checkpoint-every", description = "Steps between checkpoints (default: 500; fast: 250).") Integer checkpointEvery;
    @Option(names = "--preview-every", description = "Steps between preview grids, 0 = none (default: 500; fast: 250).") Integer previewEvery;
    @picocli.CommandLine.Mixin DeviceOption device;

    @Override
    public Integer call() throws Exception {
        return train(); // a refused value reaches Main, which names it by its flag (Flags)
    }

    private int train() throws Exception {
        if (until != null && until < 1) throw new UserError("--until must be >= 1, got " + until);
        Device dev;
        Trainer trainer;
        Path runDir;
        if (resume != null) {
            if (image != null) {
                throw new UserError("give either IMAGE or --resume RUN_DIR, not both");
            }
            RunDir run = RunDir.openToResume(resume);
            if (run.isUnfinishedStart()) {
                spec.commandLine().getErr().println("note: the start of " + resume + " was interrupted before its first checkpoint; finishing it");
            }
            runDir = resume;
            dev = device.select();
            trainer = Trainer.resume(run, steps, dev);
        } else {
            if (image == null) {
                throw new UserError("missing IMAGE to train on (or --resume RUN_DIR)");
            }
            Recipe recipe = preset.recipe();
            UNetConfig net = recipe.model();
            UNetConfig model = new UNetConfig(or(channels, net.baseChannels()), or(mult, net.channelMult()),
                    or(resBlocks, net.resBlocks()), or(groups, net.groups()));
            TrainConfig r = recipe.training();
            TrainConfig tc = r.toBuilder()
                    .steps(or(steps, r.steps()))
                    .batch(or(batch, r.batch()))
                    .learningRate(or(lr, r.learningRate()))
                    .emaDecay(or(ema, r.emaDecay()))
                    .gradClip(or(gradClip, r.gradClip()))
                    .maxSize(or(maxSize, r.maxSize()))
                    .seed(seed)
                    .checkpointEvery(or(checkpointEvery, r.checkpointEvery()))
                    .previewEvery(or(previewEvery, r.previewEvery()))
                    .warmupSteps(or(warmup, r.warmupSteps()))
                    .lrSchedule(or(lrSchedule, r.lrSchedule()))
                    .crop(or(crop, r.crop()))
                    .minSnrGamma(or(minSnr, r.minSnrGamma()))
                    .wholeImageFraction(or(wholeImageFraction, r.wholeImageFraction()))
                    .wholeImageBatch(or(wholeImageBatch, r.wholeImageBatch()))
                    .build();
            DiffusionConfig rd = recipe.diffusion();
            DiffusionConfig dc = new DiffusionConfig(or(schedule, rd.schedule()), or(diffusionSteps, rd.steps()),
                    or(prediction, rd.prediction()));
            runDir = out != null ? out : Path.of("runs", stem(image));
            dev = device.select();
            if (new RunDir(runDir).isUnfinishedStart()) {
                spec.commandLine().getErr().println("note: " + runDir + " holds a start interrupted before its first checkpoint; starting again");
            }
            trainer = Trainer.start(image, new RunDir(runDir), model, dc, tc, dev);
        }
        boolean finished;
        try (trainer; TrainProgress progress = new TrainProgress(spec.commandLine().getErr())) {
            trainer.run(Trainer.Listener.all(new RunPictures(trainer), progress), until != null ? until : Long.MAX_VALUE);
            finished = trainer.step() >= trainer.config().training().steps();
        }
        if (finished) {
            finish(runDir, dev);
        }
        spec.commandLine().getOut().println(runDir);
        return 0;
    }

    /**
     * Decides the finished run's whole-image phase ({@link WholeImagePhase}) if it has one to
     * decide, else measures its default layout ({@link LayoutChooser}).
     */
    private void finish(Path runDir, Device dev) throws IOException {
        PrintWriter err = spec.commandLine().getErr();
        if (Files.isRegularFile(new RunDir(runDir).cropCheckpoint())) {
            err.println("measuring the whole-image phase: " + LayoutChooser.SAMPLES
                    + " samples each way, on the weights before and after it...");
            PhaseChoice phase = WholeImagePhase.decide(runDir, dev);
            if (phase != null) {
                err.println(phase.summary());
                err.println(phase.layout().summary());
                return;
            }
        }
        err.println("choosing the default layout: " + LayoutChooser.SAMPLES + " samples coarse to fine and "
                + LayoutChooser.SAMPLES + " by the network alone...");
        err.println(LayoutChooser.choose(runDir, dev).summary());
    }

    private static <T> T or(T value, T fallback) {
        return value != null ? value : fallback;
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }
}
