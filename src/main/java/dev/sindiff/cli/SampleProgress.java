package dev.sindiff.cli;

import dev.sindiff.diffusion.Progress;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.util.List;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A sampling run's progress bar on the command's stderr, in denoiser evaluations; each batch's
 * images are handed to the {@link SampleWriter} as soon as they are finished. Should the JVM shut
 * down while the bar is drawn, the writer ends its line. Closing it ends the line.
 */
final class SampleProgress implements Progress, AutoCloseable {
    private final ProgressBar bar;
    private final SampleWriter writer;
    private long evaluations;
    private int redrawn;

    SampleProgress(SampleWriter writer, PrintWriter err) {
        this.writer = writer;
        this.bar = new ProgressBarBuilder().setTaskName("sample").setInitialMax(1)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(500)
                .setConsumer(new ProgressLine(err)).build();
        writer.endLineWith(bar::close);
    }

    @Override
    public synchronized void update(long done, long total) {
        bar.maxHint(total);
        bar.stepTo(done);
        evaluations = done;
    }

    @Override
    public void imagesDone(int first, List<BufferedImage> images) {
        writer.write(first, images);
    }

    @Override
    public synchronized void redrawn(int index, double drawn, double kept) {
        redrawn++;
    }

    /** Images drawn again by the copy guard so far. */
    synchronized int redrawn() {
        return redrawn;
    }

    /** Denoiser evaluations done so far (an evaluation on a batch counts once). */
    synchronized long evaluations() {
        return evaluations;
    }

    @Override
    public void close() {
        writer.endLineWith(() -> {});
        bar.close();
    }
}
