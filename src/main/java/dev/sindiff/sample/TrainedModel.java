package dev.sindiff.sample;

import dev.sindiff.diffusion.Tiling;
import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sindiff.image.ImageFiles;
import dev.sindiff.image.ImageTensors;
import dev.sindiff.diffusion.Denoiser;
import dev.sindiff.diffusion.NoiseSchedule;
import dev.sindiff.diffusion.UNetDenoiser;
import dev.sindiff.model.UNet;
import dev.sindiff.train.Checkpoint;
import dev.sindiff.train.RunConfig;
import dev.sindiff.train.RunDir;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained run loaded for sampling: its network with EMA (default) or raw weights, its noise
 * schedule and its training size.
 *
 * <pre>{@code
 * try (TrainedModel m = TrainedModel.load(Path.of("models/hubble"), Device.cpu(), true)) {
 *     List<BufferedImage> imgs = m.sample(SolverChoice.ddim(100, 1.0), 4, 128, 512, 7, 4);
 * }
 * }</pre>
 */
public final class TrainedModel implements Model {
    private final RunDir run;
    private final RunConfig config;
    private final NDManager manager;
    private final UNet unet;
    private final NoiseSchedule schedule;
    private final long step;
    private final boolean ema;

    private TrainedModel(RunDir run, RunConfig config, NDManager manager, UNet unet, long step, boolean ema) {
        this.run = run;
        this.config = config;
        this.manager = manager;
        this.unet = unet;
        this.schedule = config.diffusion().noiseSchedule();
        this.step = step;
        this.ema = ema;
    }

    /** Loads a run directory; {@code ema} picks the averaged weights. */
    public static TrainedModel load(Path runDir, Device device, boolean ema) {
        RunDir run = RunDir.open(runDir);
        RunConfig config = run.readConfig();
        NDManager manager = NDManager.newBaseManager(device);
        try {
            UNet unet = new UNet(config.model());
            unet.initialize(manager);
            Checkpoint.Header h = Checkpoint.loadInto(run.checkpoint(), unet,
                    ema ? Checkpoint.Section.EMA : Checkpoint.Section.WEIGHTS);
            unet.freezeParameters(true);
            return new TrainedModel(run, config, manager, unet, h.step(), ema);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The run directory the model was loaded from. */
    public RunDir runDir() {
        return run;
    }

    public RunConfig config() {
        return config;
    }

    public UNet unet() {
        return unet;
    }

    public Denoiser denoiser() {
        return new UNetDenoiser(unet, config.diffusion().prediction(), schedule);
    }

    /** The denoiser seeing the canvas as {@code tiling} says (tiles, wrap-around). */
    public Denoiser denoiser(Tiling tiling) {
        return tiling.wrap(denoiser(), config.model());
    }

    @Override
    public NoiseSchedule schedule() {
        return schedule;
    }

    /** The run's training image, read from the run directory, (training height × width). */
    @Override
    public BufferedImage image() {
        return ImageFiles.readRgb(run.trainImage());
    }

    @Override
    public int height() {
        return config.image().height();
    }

    @Override
    public int width() {
        return config.image().width();
    }

    /** "UNet, trained N steps, EMA weights" (or raw weights). */
    @Override
    public String description() {
        return "UNet, trained " + step + " steps, " + (ema ? "EMA" : "raw") + " weights";
    }

    /** The coarse levels closed-form, the finest with the network ({@link CoarseToFine#DEFAULT}). */
    @Override
    public CoarseToFine defaultCoarse() {
        return CoarseToFine.DEFAULT;
    }

    @Override
    public SolverChoice defaultSampler(SolverChoice commandDefault) {
        return commandDefault;
    }

    /** The network's memory estimate ({@link MemoryBudget#plan}). */
    @Override
    public MemoryBudget.Plan memoryPlan(int h, int w, Integer tile, int wantedBatch, long budget, int overlap) {
        return MemoryBudget.plan(config.model(), h, w, tile, wantedBatch, budget, overlap);
    }

    /** Steps the loaded weights were trained for. */
    public long step() {
        return step;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    /** Generates {@code count} images of {@code height} x {@code width}. */
    public List<BufferedImage> sample(SolverChoice spec, int count, int height, int width, long seed, int batch,
            ReverseDiffusion.Progress progress) {
        return ReverseDiffusion.generate(manager, denoiser(), schedule, spec, count, height, width, seed, batch, progress);
    }

    /** Runs a plan (image-to-image, inpainting, guidance...; see {@link dev.sindiff.edit.Edits}). */
    public List<BufferedImage> generate(SolverChoice spec, CanvasPlan plan, int count, long seed, int batch,
            ReverseDiffusion.Progress progress) {
        return generate(spec, plan, Tiling.NONE, count, seed, batch, progress);
    }

    /** Runs a plan with the network seeing the canvas as {@code tiling} says. */
    public List<BufferedImage> generate(SolverChoice spec, CanvasPlan plan, Tiling tiling, int count, long seed, int batch,
            ReverseDiffusion.Progress progress) {
        return ReverseDiffusion.generate(manager, denoiser(tiling), schedule, spec, plan, count, seed, batch, progress);
    }

    /**
     * Runs a plan coarse to fine: the layout from the closed-form patch denoiser of the training
     * image's coarse pyramid levels, the finest level with the network ({@link CoarseToFine}).
     */
    @Override
    public List<BufferedImage> generate(SolverChoice spec, CanvasPlan plan, Tiling tiling, CoarseToFine coarse, int count,
            long seed, int batch, ReverseDiffusion.Progress progress) {
        try (NDManager images = manager.newSubManager()) {
            NDArray train = ImageTensors.toTensor(images, ImageFiles.readRgb(run.trainImage()));
            List<CoarseToFine.Level> levels = coarse.coarseLevels(train, schedule, plan.height(), plan.width());
            try {
                return ReverseDiffusion.generate(manager, denoiser(tiling), schedule, spec, plan, levels,
                        coarse.finestBlendFrom(schedule), count, seed, batch, progress);
            } finally {
                CoarseToFine.close(levels);
            }
        }
    }

    public List<BufferedImage> sample(SolverChoice spec, int count, int height, int width, long seed, int batch) {
        return sample(spec, count, height, width, seed, batch, ReverseDiffusion.Progress.NONE);
    }

    @Override
    public void close() {
        manager.close();
    }
}
