package dev.sindiff.sample;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sindiff.diffusion.CircularDenoiser;
import dev.sindiff.diffusion.Denoiser;
import dev.sindiff.diffusion.NoiseSchedule;
import dev.sindiff.diffusion.Tiling;
import dev.sindiff.diffusion.UNetDenoiser;
import dev.sindiff.image.ImageFiles;
import dev.sindiff.image.ImageTensors;
import dev.sindiff.model.UNet;
import dev.sindiff.run.Checkpoint;
import dev.sindiff.run.LayoutChoice;
import dev.sindiff.run.RunConfig;
import dev.sindiff.run.RunDir;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;

/**
 * A trained run loaded for sampling: its network with EMA (default) or raw weights, its noise
 * schedule and its training size.
 *
 * <pre>{@code
 * try (TrainedModel m = TrainedModel.load(Path.of("models/hubble"), Device.cpu(), true)) {
 *     List<BufferedImage> imgs = m.generate(CanvasPlan.unconditional(128, 512), Generation.of(4).seed(7));
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
    private final CoarseToFine defaultCoarse;

    private TrainedModel(RunDir run, RunConfig config, NDManager manager, UNet unet, long step, boolean ema) {
        this.run = run;
        this.config = config;
        this.manager = manager;
        this.unet = unet;
        this.schedule = config.diffusion().noiseSchedule();
        this.step = step;
        this.ema = ema;
        LayoutChoice choice = run.readLayoutChoice(step); // read once: the file is small, but generate asks per request
        this.defaultCoarse = choice != null && LayoutChoice.NONE.equals(choice.coarse()) ? CoarseToFine.NONE : CoarseToFine.DEFAULT;
    }

    /** Loads a run directory; {@code ema} picks the averaged weights. */
    public static TrainedModel load(Path runDir, Device device, boolean ema) {
        RunDir run = RunDir.open(runDir);
        return load(run, run.checkpoint(), device, ema);
    }

    /**
     * Loads {@code run} with the weights of another of its checkpoints (such as
     * {@link RunDir#cropCheckpoint}); {@code ema} picks the averaged weights.
     *
     * @throws dev.sindiff.UserError if the file is missing, not a checkpoint or of another architecture
     */
    public static TrainedModel load(RunDir run, Path checkpoint, Device device, boolean ema) {
        RunConfig config = run.readConfig();
        NDManager manager = NDManager.newBaseManager(device);
        try {
            UNet unet = new UNet(config.model());
            unet.initialize(manager);
            Checkpoint.Header h = Checkpoint.loadInto(checkpoint, unet,
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

    /**
     * The network's denoiser seeing the canvas as {@code tiling} says, and wrapped around when
     * {@code seamless} (padded by half the receptive field; see {@link CircularDenoiser}).
     */
    public Denoiser denoiser(Tiling tiling, boolean seamless) {
        Denoiser d = tiling.wrap(denoiser(), config.model().sizeMultiple());
        return seamless ? new CircularDenoiser(d, CircularDenoiser.padFor(config.model().receptiveField(),
                config.model().sizeMultiple())) : d;
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

    /**
     * The run's own choice, as {@code layout.json} held it when the model was loaded (written when
     * training finished; see {@link dev.sindiff.run.LayoutChoice}): the network alone
     * ({@link CoarseToFine#NONE}) where it measured better, else coarse to fine with the
     * closed-form coarse levels ({@link CoarseToFine#DEFAULT}).
     */
    @Override
    public CoarseToFine defaultCoarse() {
        return defaultCoarse;
    }

    /** {@link SolverChoice#DEFAULT}. */
    @Override
    public SolverChoice defaultSolver() {
        return SolverChoice.DEFAULT;
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

    /**
     * The closed-form patch denoisers of the training image's coarse pyramid levels, as {@code
     * request.coarse()} says, then the network ({@link CoarseToFine}) seeing the canvas as the
     * request's tiling and the plan's wrap-around say.
     */
    @Override
    public Denoisers denoisers(CanvasPlan plan, Generation request) {
        NDManager images = manager.newSubManager();
        try {
            NDArray train = ImageTensors.toTensor(images, ImageFiles.readRgb(run.trainImage()));
            List<CoarseToFine.Level> levels = request.coarse().coarseLevels(train, schedule, plan.height(), plan.width());
            return new Denoisers(schedule, levels, denoiser(request.tiling(), plan.seamless()),
                    request.coarse().finestBlendFrom(schedule), List.of(images, () -> CoarseToFine.close(levels)));
        } catch (RuntimeException e) {
            images.close();
            throw e;
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
