package dev.sindiff.train;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.sindiff.InvalidValue;
import dev.sindiff.UserError;
import dev.sindiff.diffusion.DiffusionConfig;
import dev.sindiff.diffusion.ForwardProcess;
import dev.sindiff.diffusion.NoiseSchedule;
import dev.sindiff.diffusion.Prediction;
import dev.sindiff.diffusion.SeededNoise;
import dev.sindiff.diffusion.UNetDenoiser;
import dev.sindiff.image.AtomicFiles;
import dev.sindiff.image.ImageSize;
import dev.sindiff.image.ImageFiles;
import dev.sindiff.image.ImageTensors;
import dev.sindiff.image.TensorResize;
import dev.sindiff.metric.Diversity;
import dev.sindiff.model.UNet;
import dev.sindiff.model.UNetConfig;
import dev.sindiff.run.Checkpoint;
import dev.sindiff.run.LossLog;
import dev.sindiff.run.PhaseChoice;
import dev.sindiff.run.RunConfig;
import dev.sindiff.run.RunDir;
import dev.sindiff.run.SourceImage;
import dev.sindiff.run.TrainConfig;
import dev.sindiff.tensor.Tensors;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains a SinDiffusion model on one image. Each step: resize the image by independent random
 * factors per axis, draw t uniformly and ε ~ N(0, I) for every copy in the batch, minimise
 * ‖ε̂(x_t, t) - ε‖², clip the gradient's global norm, apply AdamW, update the EMA.
 *
 * <p>All randomness of step n is derived from (seed, n), so a run resumed from a checkpoint
 * continues exactly as if it had never stopped.
 *
 * <p>With {@link TrainConfig#crop} each copy is a random square crop of the resized image; in the
 * whole-image phase ({@link TrainConfig#wholeImageFraction}, the run's last steps) it is the whole
 * resized image again, and the checkpoint of the phase's first step is kept as
 * {@link RunDir#cropCheckpoint} for {@code dev.sindiff.eval.WholeImagePhase} to compare with.
 *
 * <p>{@link #run} writes the run's checkpoints and {@code loss.csv} and reports progress to a
 * {@link Listener}: every step, every checkpoint, and every step at which the run's options ask for
 * a preview (the listener draws it; see {@code dev.sindiff.monitor.RunPictures}).
 */
public final class Trainer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
    /** Smallest side of a training image, in pixels, after fitting into {@link TrainConfig#maxSize}. */
    public static final int MIN_SIDE = 16;
    /**
     * Steps between returns of freed native memory (see {@link NativeMemory}). Each trim makes the
     * next step page-fault its working set in again (about 5 s for 3 GB): every 25 steps made
     * whole-image training 1.75× slower than every 100, for 11% less peak memory
     * (docs/performance.md, "Memory during training"). System property {@code sindiff.trim_every}
     * overrides it, for comparisons.
     */
    static final int TRIM_EVERY = Math.max(1, Integer.getInteger("sindiff.trim_every", 100));

    private final RunDir run;
    /** The image's within-row variance share when {@link #start} skipped the whole-image phase, else null. */
    private Double phaseSkippedAt;
    private RunConfig config;
    private final NDManager manager;
    private final NDManager cpu;
    private final UNet model;
    private final UNet ema;
    private final AdamW adam;
    private final NDArray image;
    private final NoiseSchedule schedule;
    private final Prediction prediction;
    private final List<NDArray> weights;
    private final List<NDArray> emaWeights;
    private long step;

    /** Summary of one optimisation step. */
    public record StepStats(long step, double loss, double gradNorm, double seconds) {}

    /**
     * Hears about progress; all methods optional. An exception thrown by a listener stops the run
     * (steps after the last checkpoint are lost, as in a crash).
     */
    public interface Listener {
        /** Before the first step of {@link #run}. */
        default void onStart(Trainer trainer) {}

        /** After every step, once its row is in the loss log's buffer. */
        default void onStep(StepStats stats) {}

        /** After the checkpoint of {@code step} is written to {@code file} (and the loss log flushed). */
        default void onCheckpoint(long step, Path file) throws IOException {}

        /** At a step where the run's {@link TrainConfig#previewEvery} asks for a preview, after any checkpoint. */
        default void onPreviewDue(long step) throws IOException {}

        /** Tells every listener of {@code listeners} about every event, in the order given. */
        static Listener all(Listener... listeners) {
            List<Listener> list = List.of(listeners);
            return new Listener() {
                @Override
                public void onStart(Trainer trainer) {
                    list.forEach(l -> l.onStart(trainer));
                }

                @Override
                public void onStep(StepStats stats) {
                    list.forEach(l -> l.onStep(stats));
                }

                @Override
                public void onCheckpoint(long step, Path file) throws IOException {
                    for (Listener l : list) {
                        l.onCheckpoint(step, file);
                    }
                }

                @Override
                public void onPreviewDue(long step) throws IOException {
                    for (Listener l : list) {
                        l.onPreviewDue(step);
                    }
                }
            };
        }
    }

    private Trainer(RunDir run, RunConfig config, Device device, BufferedImage trainImage) {
        this.run = run;
        this.config = config;
        this.manager = NDManager.newBaseManager(device);
        this.cpu = NDManager.newBaseManager(Device.cpu());
        this.schedule = config.diffusion().noiseSchedule();
        this.prediction = config.diffusion().prediction();
        JniUtils.setSeed(config.training().seed() & Long.MAX_VALUE);
        model = new UNet(config.model());
        model.initialize(manager);
        ema = new UNet(config.model());
        ema.initialize(manager);
        weights = Checkpoint.arrays(model);
        emaWeights = Checkpoint.arrays(ema);
        Tensors.assignAll(emaWeights, weights);
        adam = new AdamW(manager, weights, 0.0);
        image = ImageTensors.toTensor(manager, trainImage);
    }

    /**
     * Starts a new run: validates the image, creates {@code run}, writes the image at training
     * size, its config and the step-0 checkpoint, in that order (see {@link RunDir}). A folder
     * holding an unfinished start (killed before its checkpoint) is taken over: nothing was
     * trained there.
     *
     * <p>On a texture ({@link PhaseChoice#worthTrying}: its rows hold nearly all of its variance)
     * the whole-image phase of {@code training} is left out ({@link TrainConfig#withoutWholeImagePhase}):
     * it has no layout to teach, and was measured to lose there.
     *
     * @throws InvalidValue ({@code RunDir.dir}) if the folder is a file or already holds a started
     *     run; ({@code TrainConfig.crop}) if the crop is smaller than the network's receptive field
     * @throws UserError if the image is unusable (unreadable, or smaller than {@value #MIN_SIDE} px
     *     on a side at training size)
     */
    public static Trainer start(Path imagePath, RunDir run, UNetConfig model, DiffusionConfig diffusion,
            TrainConfig training, Device device) throws IOException {
        if (Files.exists(run.dir()) && !Files.isDirectory(run.dir())) {
            throw new InvalidValue(RunDir.class, "dir", "'" + run.dir() + "' is a file; give a folder for the run");
        }
        if (Files.exists(run.checkpoint()) && !Files.exists(run.config())) {
            throw new InvalidValue(RunDir.class, "dir", "'" + run.dir() + "' holds a checkpoint.bin but no config.json, so it"
                    + " cannot be continued either; choose another folder, or remove that file");
        }
        if (Files.exists(run.checkpoint())) {
            throw new InvalidValue(RunDir.class, "dir", "'" + run.dir() + "' already holds a run; use 'sindiff train --resume "
                    + run.dir() + "' to continue it, or choose another folder");
        }
        ImageSize size = ImageFiles.readSize(imagePath);
        int[] fit = Augment.fitLongSide(size.height(), size.width(), training.maxSize());
        if (Math.min(fit[0], fit[1]) < MIN_SIDE) {
            throw new UserError("image '" + imagePath + "' is " + size.width() + "x" + size.height()
                    + (fit[0] != size.height() ? " (" + fit[1] + "x" + fit[0] + " with its long side fitted into " + training.maxSize() + " px)" : "")
                    + "; its smaller side must be at least " + MIN_SIDE + " px");
        }
        if (training.crop() > 0 && training.crop() < model.receptiveField()) {
            throw new InvalidValue(TrainConfig.class, "crop", training.crop() + " is smaller than the network's receptive field ("
                    + model.receptiveField() + " px); give at least that, or 0 for the whole image");
        }
        BufferedImage original = ImageFiles.readRgb(imagePath);
        BufferedImage resized;
        Double skipped = null;
        try (NDManager cpu = NDManager.newBaseManager(Device.cpu())) {
            resized = ImageTensors.resizedByArea(cpu, original, fit[0], fit[1]);
            if (training.hasWholeImagePhase()) {
                double share = Diversity.withinRowShare(ImageTensors.toTensor(cpu, resized));
                if (!PhaseChoice.worthTrying(share)) {
                    training = training.withoutWholeImagePhase();
                    skipped = share;
                }
            }
        }
        SourceImage source = new SourceImage(imagePath.toString(), ImageFiles.sha256(imagePath),
                size.width(), size.height(), fit[1], fit[0]);
        RunConfig config = new RunConfig(RunConfig.FORMAT_VERSION, model, diffusion, training, source);
        Files.createDirectories(run.dir());
        run.clearUnfinishedStart();
        ImageFiles.writePng(resized, run.trainImage());
        run.writeConfig(config);
        Trainer trainer = new Trainer(run, config, device, resized);
        trainer.phaseSkippedAt = skipped;
        trainer.saveCheckpoint(); // step 0: the run can be resumed even if killed before its first checkpoint
        return trainer;
    }

    /**
     * Reopens a run at its last checkpoint; {@code steps} (if not null) replaces the total. An
     * unfinished start (killed before its step-0 checkpoint, see {@link RunDir}) is finished:
     * its step-0 checkpoint is written as {@link #start} would have written it.
     *
     * @throws InvalidValue ({@code TrainConfig.steps}) if {@code steps} is below the steps the run has done
     * @throws UserError if the run cannot be continued (unreadable config or checkpoint, no training image)
     */
    public static Trainer resume(RunDir run, Integer steps, Device device) throws IOException {
        RunConfig config = run.readConfig();
        AtomicFiles.deleteStale(run.dir()); // left by a writer killed mid-checkpoint
        AtomicFiles.deleteStale(run.previews());
        if (steps != null) {
            config = new RunConfig(config.formatVersion(), config.model(), config.diffusion(),
                    config.training().withSteps(steps), config.image());
        }
        if (!Files.exists(run.trainImage())) {
            throw new UserError("run directory '" + run.dir() + "' has no train-image.png; "
                    + (Files.exists(run.checkpoint()) ? "training continues on it: restore it from a copy of the run"
                            : "start it again with 'sindiff train IMAGE --out " + run.dir() + "'"));
        }
        BufferedImage img = ImageFiles.readRgb(run.trainImage());
        Trainer t = new Trainer(run, config, device, img);
        Checkpoint.Header h;
        try {
            if (!Files.exists(run.checkpoint())) { // an unfinished start: same seed, same step-0 state
                t.saveCheckpoint();
            }
            h = Checkpoint.restore(run.checkpoint(), t.model, t.ema, t.adam);
        } catch (RuntimeException | IOException e) {
            t.close();
            throw e;
        }
        if (steps != null && steps < h.step()) {
            t.close();
            throw new InvalidValue(TrainConfig.class, "steps", steps + " is below the " + h.step() + " steps this run has done");
        }
        t.step = h.step();
        if (steps != null) {
            run.writeConfig(config);
        }
        return t;
    }

    /**
     * When {@link #start} left out the whole-image phase that the options asked for, because the
     * image is a texture ({@link PhaseChoice#worthTrying}): the share of its grey-value variance
     * within rows; else null (also for a resumed run).
     */
    public Double wholeImagePhaseSkippedAt() {
        return phaseSkippedAt;
    }

    public RunConfig config() {
        return config;
    }

    /** The run directory this trainer writes. */
    public RunDir runDir() {
        return run;
    }

    /** The device the networks and the training image live on. */
    public Device device() {
        return manager.getDevice();
    }

    public long step() {
        return step;
    }

    public UNet model() {
        return model;
    }

    public UNet ema() {
        return ema;
    }

    public AdamW optimizer() {
        return adam;
    }

    /** Runs until the configured step count, checkpointing on the way and telling {@code listener}. */
    public void run(Listener listener) throws IOException {
        run(listener, config.training().steps());
    }

    /**
     * Runs until step {@code until} (at most the configured total), checkpointing there. The
     * run's own schedule (learning-rate decay over the total) is unchanged, so a run trained in
     * segments is the same run as one trained straight through.
     */
    public void run(Listener listener, long until) throws IOException {
        TrainConfig tc = config.training();
        long end = Math.min(until, tc.steps());
        long phase = tc.hasWholeImagePhase() ? tc.wholeImageFrom() : -1;
        listener.onStart(this);
        if (step == phase) { // resumed from the checkpoint at the phase's start: keep its copy
            keepCropWeights();
        }
        try (LossLog log = LossLog.open(run.lossLog(), step)) {
            while (step < end) {
                StepStats s = trainStep();
                log.append(s.step(), s.loss(), s.gradNorm(), tc.learningRateAt(s.step() - 1), s.seconds());
                listener.onStep(s);
                if (step % TRIM_EVERY == 0) {
                    NativeMemory.trim();
                }
                if (step % tc.checkpointEvery() == 0 || step == tc.steps() || step == end || step == phase) {
                    log.flush();
                    saveCheckpoint();
                    if (step == phase) {
                        keepCropWeights();
                    }
                    listener.onCheckpoint(step, run.checkpoint());
                }
                if (tc.previewEvery() > 0 && (step % tc.previewEvery() == 0 || step == tc.steps())) {
                    listener.onPreviewDue(step);
                }
            }
        }
    }

    /** One optimisation step. */
    public StepStats trainStep() {
        TrainConfig tc = config.training();
        long n = step;
        long t0 = System.nanoTime();
        SplittableRandom rnd = new SplittableRandom(SeededNoise.sampleSeed(tc.seed(), n)); // step n's own stream
        int multiple = Math.max(4, config.model().sizeMultiple());
        int h = Augment.randomSide(config.image().height(), rnd.nextDouble(), tc.minScale(), tc.maxScale(), multiple);
        int w = Augment.randomSide(config.image().width(), rnd.nextDouble(), tc.minScale(), tc.maxScale(), multiple);
        int b = tc.batchAt(n);
        float[] timesteps = new float[b];
        for (int i = 0; i < b; i++) {
            timesteps[i] = rnd.nextInt(schedule.steps());
        }
        long noiseSeed = rnd.nextLong();
        int side = tc.cropsAt(n) ? Augment.cropSide(tc.crop(), h, w, multiple) : 0;
        int[][] corners = new int[side > 0 ? b : 0][];
        for (int i = 0; i < corners.length; i++) { // drawn after everything else: uncropped runs keep their sequence
            corners[i] = new int[] {Augment.cropOffset(h, side, rnd.nextDouble()), Augment.cropOffset(w, side, rnd.nextDouble())};
        }
        double loss;
        double gradNorm;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray resized = TensorResize.resize(image, h, w, TensorResize.Mode.BICUBIC).clip(-1f, 1f);
            NDArray x0 = side > 0 ? crops(resized, corners, side) : resized.repeat(0, b);
            long ch = side > 0 ? side : h;
            long cw = side > 0 ? side : w;
            NDArray noise = SeededNoise.normal(cpu, noiseSeed, new Shape(b, 3, ch, cw)).toDevice(manager.getDevice(), false);
            NDArray xt = ForwardProcess.noised(schedule, x0, timesteps, noise);
            NDArray t = manager.create(timesteps);
            NDArray lossArray;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray out = model.predict(xt, t);
                NDArray target = prediction.target(x0, noise, timesteps, schedule);
                NDArray perSample = out.sub(target).square().reshape(b, -1).mean(new int[] {1});
                lossArray = perSample.mul(lossWeights(timesteps)).mean();
                gc.backward(lossArray);
            }
            List<NDArray> grads = weights.stream().map(NDArray::getGradient).map(g -> (NDArray) g).toList();
            NDArray sq = grads.get(0).square().sum();
            for (int i = 1; i < grads.size(); i++) {
                sq = sq.add(grads.get(i).square().sum());
            }
            gradNorm = Math.sqrt(sq.getFloat());
            double scale = tc.gradClip() > 0 && gradNorm > tc.gradClip() ? tc.gradClip() / gradNorm : 1.0;
            if (Double.isFinite(gradNorm)) {
                adam.update(weights, grads, tc.learningRateAt(n), scale);
            } else {
                LOG.warn("step {}: non-finite gradient, update skipped (weights unchanged)", step + 1);
            }
            for (NDArray wt : weights) {
                JniUtils.zeroGrad((PtNDArray) wt);
            }
            Ema.update(emaWeights, weights, Ema.effectiveDecay(tc.emaDecay(), n));
            loss = lossArray.getFloat();
        }
        step++;
        return new StepStats(step, loss, gradNorm, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * ε-MSE of the current weights on a fixed set: the image at training size, timesteps spread
     * evenly over [0, T), seeded noise, no gradient. Unlike the per-step loss it does not jump
     * with the random t, so it shows progress.
     */
    public double evalLoss(int count, long seed) {
        JniUtils.setGradMode(false);
        float[] ts = new float[count];
        for (int i = 0; i < count; i++) {
            ts[i] = (int) ((i + 0.5) * schedule.steps() / count);
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            Shape shape = new Shape(count, 3, image.getShape().get(2), image.getShape().get(3));
            NDArray noise = SeededNoise.normal(cpu, seed, shape).toDevice(manager.getDevice(), false);
            NDArray xt = ForwardProcess.noised(schedule, image.repeat(0, count), ts, noise);
            NDArray eps = denoiser(model).predictNoise(xt, manager.create(ts));
            return eps.sub(noise).square().mean().getFloat();
        }
    }

    /**
     * {@code net} (this trainer's {@link #model} or {@link #ema}) as an ε-predictor on the run's
     * schedule, whatever it was trained to predict.
     */
    public UNetDenoiser denoiser(UNet net) {
        return new UNetDenoiser(net, prediction, schedule);
    }

    /** Each sample's min-SNR weight, shaped (N) (all 1 when the weighting is off). */
    private NDArray lossWeights(float[] timesteps) {
        float[] w = new float[timesteps.length];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) LossWeighting.minSnr(schedule.snr((int) timesteps[i]), config.training().minSnrGamma(), prediction);
        }
        return manager.create(w);
    }

    /** One square crop per sample from the resized image, stacked into a batch. */
    private static NDArray crops(NDArray resized, int[][] corners, int side) {
        NDList list = new NDList(corners.length);
        for (int[] c : corners) {
            list.add(resized.get(":, :, " + c[0] + ":" + (c[0] + side) + ", " + c[1] + ":" + (c[1] + side)));
        }
        return NDArrays.concat(list, 0);
    }

    /**
     * Copies the checkpoint written at the start of the whole-image phase to
     * {@link RunDir#cropCheckpoint}, so that the run can measure whether the phase helped
     * ({@code dev.sindiff.eval.WholeImagePhase}).
     */
    private void keepCropWeights() throws IOException {
        AtomicFiles.write(run.cropCheckpoint(), out -> Files.copy(run.checkpoint(), out));
    }

    /** Writes the checkpoint atomically. */
    public void saveCheckpoint() throws IOException {
        Checkpoint.write(run.checkpoint(), step, model, ema, adam);
    }

    @Override
    public void close() {
        manager.close();
        cpu.close();
    }
}
