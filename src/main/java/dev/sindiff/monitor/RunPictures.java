package dev.sindiff.monitor;

import ai.djl.ndarray.NDManager;
import dev.sindiff.diffusion.NoiseSchedule;
import dev.sindiff.image.ContactSheet;
import dev.sindiff.image.ImageFiles;
import dev.sindiff.run.RunConfig;
import dev.sindiff.run.RunDir;
import dev.sindiff.sample.CanvasPlan;
import dev.sindiff.sample.Denoisers;
import dev.sindiff.sample.Generation;
import dev.sindiff.sample.ReverseDiffusion;
import dev.sindiff.sample.SolverChoice;
import dev.sindiff.train.Trainer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Draws a run's pictures while it trains: {@code loss.png} at every checkpoint; at every preview
 * the {@link Trainer} announces, a grid of 4 samples from the EMA network at training size
 * ({@code previews/step-NNNNNNN.png}) and {@code previews.png}, the grids over time.
 *
 * <pre>{@code
 * try (Trainer t = Trainer.start(image, run, model, diffusion, training, Device.cpu())) {
 *     t.run(new RunPictures(t));
 * }
 * }</pre>
 */
public final class RunPictures implements Trainer.Listener {
    /** Images in a preview grid (4 columns, 2 px gaps). */
    static final int PREVIEW_IMAGES = 4;

    private final Trainer trainer;

    public RunPictures(Trainer trainer) {
        this.trainer = trainer;
    }

    @Override
    public void onCheckpoint(long step, Path file) {
        RunCharts.drawLoss(trainer.runDir());
    }

    @Override
    public void onPreviewDue(long step) throws IOException {
        writePreview();
        RunCharts.drawTimeline(trainer.runDir());
    }

    /**
     * Samples {@value #PREVIEW_IMAGES} images from the EMA network at training size with the
     * default sampler (DDIM over every timestep when the schedule is shorter than its steps) and
     * the run's seed, and writes them as one grid named after the trainer's current step.
     *
     * @return the grid's file
     * @throws java.nio.file.FileSystemException naming the file if it cannot be written
     */
    public Path writePreview() throws IOException {
        RunConfig config = trainer.config();
        RunDir run = trainer.runDir();
        NoiseSchedule schedule = config.diffusion().noiseSchedule();
        SolverChoice spec = SolverChoice.DEFAULT.steps() <= schedule.steps() ? SolverChoice.DEFAULT : SolverChoice.ddim(schedule.steps(), 1.0);
        List<BufferedImage> imgs;
        try (NDManager manager = NDManager.newBaseManager(trainer.device())) {
            imgs = ReverseDiffusion.run(manager, Denoisers.of(schedule, trainer.denoiser(trainer.ema())),
                    CanvasPlan.unconditional(config.image().height(), config.image().width()),
                    Generation.of(PREVIEW_IMAGES).solver(spec).seed(config.training().seed()).batch(PREVIEW_IMAGES));
        }
        Files.createDirectories(run.previews());
        Path file = run.previews().resolve(String.format("step-%07d.png", trainer.step()));
        ImageFiles.writePng(ContactSheet.of(imgs, PREVIEW_IMAGES, 2), file);
        return file;
    }
}
