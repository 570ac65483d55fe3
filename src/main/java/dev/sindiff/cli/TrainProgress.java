package dev.sindiff.cli;

import dev.sindiff.run.PhaseChoice;
import dev.sindiff.run.RunConfig;
import dev.sindiff.run.TrainConfig;
import dev.sindiff.train.Trainer;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * Training progress on the command's stderr: a summary line, then a bar with step, loss, it/s and
 * ETA. Closing it ends the bar's line, so that whatever is printed next (an error) starts a line
 * of its own.
 */
final class TrainProgress implements Trainer.Listener, AutoCloseable {
    private final PrintWriter err;
    private ProgressBar bar;
    private double smoothed = Double.NaN;

    /** @param err where the summary and the bar are written ({@code spec.commandLine().getErr()}) */
    TrainProgress(PrintWriter err) {
        this.err = err;
    }

    @Override
    public void onStart(Trainer trainer) {
        RunConfig c = trainer.config();
        int rf = c.model().receptiveField();
        int longSide = Math.max(c.image().width(), c.image().height());
        err.printf(Locale.ROOT,
                "training %s: %,d parameters, receptive field %d px (%.0f%% of the %dx%d training image), batch %d, steps %d -> %d%n",
                c.model(), trainer.model().parameterCount(), rf, 100.0 * rf / longSide,
                c.image().width(), c.image().height(), c.training().batch(), trainer.step(), c.training().steps());
        TrainConfig t = c.training();
        err.printf(Locale.ROOT, "recipe: %s-prediction, lr %.2g (%s%s), %s, min-SNR %s, EMA %s%n",
                c.diffusion().prediction(), t.learningRate(), t.lrSchedule(),
                t.warmupSteps() > 0 ? ", warm-up " + t.warmupSteps() : "",
                t.crop() == 0 ? "whole image"
                        : t.hasWholeImagePhase() ? t.crop() + "-px crops, the whole image from step " + (t.wholeImageFrom() + 1)
                                + " (batch " + t.batchAt(t.wholeImageFrom()) + ")"
                        : t.crop() + "-px crops",
                t.minSnrGamma() > 0 ? t.minSnrGamma() : "off", t.emaDecay());
        if (trainer.wholeImagePhaseSkippedAt() != null) {
            err.printf(Locale.ROOT, "no whole-image phase: %s, so the run ends after its crop steps%n",
                    PhaseChoice.skipReason(trainer.wholeImagePhaseSkippedAt()));
        }
        bar = new ProgressBarBuilder()
                .setTaskName("train")
                .setInitialMax(c.training().steps())
                .startsFrom(trainer.step(), java.time.Duration.ZERO)
                .setStyle(ProgressBarStyle.ASCII)
                .setUnit(" it", 1)
                .showSpeed(new java.text.DecimalFormat("0.00"))
                .setUpdateIntervalMillis(500)
                .setConsumer(new ProgressLine(err))
                .build();
    }

    @Override
    public void onStep(Trainer.StepStats s) {
        smoothed = Double.isNaN(smoothed) ? s.loss() : 0.98 * smoothed + 0.02 * s.loss();
        bar.stepTo(s.step());
        bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f", smoothed));
    }

    @Override
    public void onCheckpoint(long step, Path file) {
        bar.setExtraMessage(String.format(Locale.ROOT, "loss %.4f (saved %d)", smoothed, step));
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}
