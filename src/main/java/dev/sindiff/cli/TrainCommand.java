package dev.sindiff.cli;

import ai.djl.Device;
import dev.sindiff.UserError;
import dev.sindiff.diffusion.ScheduleKind;
import dev.sindiff.model.UNetConfig;
import dev.sindiff.train.DiffusionConfig;
import dev.sindiff.train.RunDir;
import dev.sindiff.train.TrainConfig;
import dev.sindiff.train.Trainer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sindiff train}: learn a model from one image, or resume a run. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a SinDiffusion model on one image (or continue a run with --resume).")
public final class TrainCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "IMAGE", description = "PNG, JPEG, BMP, GIF, TIFF or WebP.")
    Path image;

    @Option(names = "--out", paramLabel = "RUN_DIR", description = "Run directory to create (default: runs/<image name>).")
    Path out;

    @Option(names = "--resume", paramLabel = "RUN_DIR", description = "Continue this run from its last checkpoint.")
    Path resume;

    @Option(names = "--preset", defaultValue = "small", description = "Network: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).",
            completionCandidates = Presets.class)
    String preset;

    @Option(names = "--channels", description = "Override the preset's base channels.") Integer channels;
    @Option(names = "--mult", split = ",", description = "Override the channel multipliers per level, e.g. 1,2,4.") List<Integer> mult;
    @Option(names = "--res-blocks", description = "Override the ResBlocks per encoder level.") Integer resBlocks;
    @Option(names = "--groups", description = "Override the GroupNorm groups.") Integer groups;

    @Option(names = "--steps", description = "Total training steps (default: 5000; with --resume: the run's own).") Integer steps;
    @Option(names = "--batch", defaultValue = "8", description = "Images per step (default: ${DEFAULT-VALUE}).") int batch;
    @Option(names = "--lr", defaultValue = "5e-4", description = "AdamW learning rate (default: ${DEFAULT-VALUE}).") double lr;
    @Option(names = "--ema", defaultValue = "0.9999", description = "EMA decay (default: ${DEFAULT-VALUE}; warmed up as (1+n)/(10+n)).") double ema;
    @Option(names = "--grad-clip", defaultValue = "1.0", description = "Max global gradient norm, 0 = off (default: ${DEFAULT-VALUE}).") double gradClip;
    @Option(names = "--max-size", defaultValue = "250", description = "Long side of the training image in px (default: ${DEFAULT-VALUE}).") int maxSize;
    @Option(names = "--schedule", defaultValue = "linear", description = "Noise schedule: linear or cosine (default: ${DEFAULT-VALUE}).") String schedule;
    @Option(names = "--diffusion-steps", defaultValue = "1000", description = "T (default: ${DEFAULT-VALUE}).") int diffusionSteps;
    @Option(names = "--seed", defaultValue = "0", description = "Seed of all randomness (default: ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--checkpoint-every", defaultValue = "500", description = "Steps between checkpoints (default: ${DEFAULT-VALUE}).") int checkpointEvery;
    @Option(names = "--preview-every", defaultValue = "500", description = "Steps between preview grids, 0 = none (default: ${DEFAULT-VALUE}).") int previewEvery;
    @picocli.CommandLine.Mixin DeviceOption device;

    @Override
    public Integer call() throws Exception {
        Device dev;
        Trainer trainer;
        Path runDir;
        if (resume != null) {
            if (image != null) {
                throw new UserError("give either IMAGE or --resume RUN_DIR, not both");
            }
            RunDir run = RunDir.open(resume);
            runDir = resume;
            dev = device.select();
            trainer = Trainer.resume(run, steps, dev);
        } else {
            if (image == null) {
                throw new UserError("missing IMAGE to train on (or --resume RUN_DIR)");
            }
            UNetConfig base = UNetConfig.preset(preset);
            UNetConfig model = new UNetConfig(
                    channels != null ? channels : base.baseChannels(),
                    mult != null ? mult : base.channelMult(),
                    resBlocks != null ? resBlocks : base.resBlocks(),
                    groups != null ? groups : base.groups());
            TrainConfig tc = new TrainConfig(steps != null ? steps : 5000, batch, lr, ema, gradClip, maxSize,
                    0.75, 1.25, seed, checkpointEvery, previewEvery);
            DiffusionConfig dc = new DiffusionConfig(scheduleKind(schedule), diffusionSteps);
            if (diffusionSteps < 2 || diffusionSteps > 100_000) {
                throw new UserError("--diffusion-steps must be in [2, 100000], got " + diffusionSteps);
            }
            runDir = out != null ? out : Path.of("runs", stem(image));
            dev = device.select();
            trainer = Trainer.start(image, new RunDir(runDir), model, dc, tc, dev);
        }
        try (trainer) {
            TrainProgress progress = new TrainProgress();
            trainer.run(progress);
            progress.finish();
        }
        System.out.println(runDir);
        return 0;
    }

    static ScheduleKind scheduleKind(String s) {
        try {
            return ScheduleKind.valueOf(s.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new UserError("--schedule must be linear or cosine, got '" + s + "'");
        }
    }

    private static String stem(Path p) {
        String n = p.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 ? n.substring(0, dot) : n;
    }

    /** Preset names for --help. */
    static final class Presets implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return UNetConfig.PRESETS.iterator();
        }
    }
}
