package dev.sindiff.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.sindiff.InvalidValue;
import dev.sindiff.diffusion.Denoiser;
import dev.sindiff.diffusion.ForwardProcess;
import dev.sindiff.diffusion.NoiseSchedule;
import dev.sindiff.diffusion.Progress;
import dev.sindiff.diffusion.SeededNoise;
import dev.sindiff.diffusion.Solver;
import dev.sindiff.image.ImageTensors;
import dev.sindiff.metric.CopyDistance;
import dev.sindiff.patch.LaplacianBlend;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * The reverse-diffusion loop: noise (or a noised input) at the canvas size, denoised by the
 * request's solver with the plan's hooks, batch by batch, coarse levels first when the denoisers
 * have them. Sample i of a request depends only on (seed, i), not on the batch size or the device.
 * A run that starts from an input ({@link CanvasPlan#startsFromInput}) draws from other streams
 * than plain sampling with the same seed, so that editing a sample with the seed that made it does
 * not add that sample's own start noise back to it.
 */
public final class ReverseDiffusion {
    /** Salt of the noise streams of runs that start from an input image (SDEdit and the like). */
    static final long INPUT_STREAM = 0x5D1FF_ED17L;

    /** Salt of the noise streams of the coarse levels of a coarse-to-fine run (times the level's depth). */
    static final long LEVEL_STREAM = 0xC0A25EL;

    /** Salt of the noise streams of the copy guard's re-draws (times the attempt). */
    static final long REDRAW_STREAM = 0x9E3779B97F4A7C15L;

    private ReverseDiffusion() {}

    /**
     * Runs a plan: starts each image from the plan's init noised to its strength (or from pure
     * noise), then denoises with the plan's hooks. The first noise drawn for an image is its
     * start noise, so a plan of strength 1 without hooks gives exactly the unconditional samples.
     *
     * <p>Coarse to fine ({@link CoarseToFine}), each batch is first sampled at the coarse levels of
     * {@code denoisers} (coarsest first, the plan scaled to each, noise from streams of their own),
     * then at the plan's canvas with the finest denoiser; from the second level on, every x̂_0 is
     * Laplacian-blended with the level finished before (at the finest level only at timesteps ≥
     * {@link Denoisers#finestBlendFrom}). With no coarse level this is plain sampling, image for image.
     *
     * @param manager where tensors live (its device is used)
     * @param request how many images, their seed and batch, and the solver of the finest level
     *     (its coarse, tiling and relay are the model's business: they chose {@code denoisers})
     * @return {@code request.count()} images of the plan's height × width
     * @throws IllegalArgumentException if the request names no solver
     * @throws InvalidValue if the solver asks for more steps than the schedule has
     */
    public static List<BufferedImage> run(NDManager manager, Denoisers denoisers, CanvasPlan plan, Generation request) {
        return run(manager, denoisers, plan, request, null);
    }

    /**
     * {@link #run(NDManager, Denoisers, CanvasPlan, Generation)} with the request's copy guard
     * ({@link CopyGuard}) checking the samples against {@code original}.
     *
     * @param original the model's image, or null for no copy guard
     */
    public static List<BufferedImage> run(NDManager manager, Denoisers denoisers, CanvasPlan plan, Generation request,
            BufferedImage original) {
        if (request.solver() == null) {
            throw new IllegalArgumentException("the request names no solver (Generation.withDefaultsOf gives the model's)");
        }
        JniUtils.setGradMode(false); // grad mode is thread-local in libtorch
        int count = request.count();
        int batch = request.batch();
        Progress progress = request.progress();
        NoiseSchedule schedule = denoisers.schedule();
        List<BufferedImage> out = new ArrayList<>(count);
        if (plan.strength() == 0) { // nothing to denoise: the input itself
            for (int i = 0; i < count; i++) {
                out.add(ImageTensors.toImage(plan.init()));
            }
            progress.imagesDone(0, List.copyOf(out));
            return out;
        }
        List<CoarseToFine.Level> levels = new ArrayList<>(denoisers.coarse());
        levels.add(new CoarseToFine.Level(plan.height(), plan.width(), denoisers.finest(), request.solver()));
        int start = schedule.startTimestep(plan.strength());
        long[] total = {evaluationsPerBatch(levels, schedule, plan) * request.batches()};
        long[] done = {0};
        boolean guarded = original != null && request.copyGuard().checks(plan, original.getHeight(), original.getWidth());
        try (NDManager cpu = NDManager.newBaseManager(ai.djl.Device.cpu());
                NDManager images = manager.newSubManager()) {
            NDArray reference = guarded ? ImageTensors.toTensor(images, original) : null;
            for (int first = 0; first < count; first += batch) {
                int n = Math.min(batch, count - first);
                long[] seeds = new long[n];
                for (int j = 0; j < n; j++) {
                    seeds[j] = SeededNoise.sampleSeed(request.seed(), first + j);
                    if (plan.startsFromInput()) {
                        // a stream of its own: editing sample i with the seed that made it would
                        // otherwise noise it with its own start noise (27% more contrast, measured)
                        seeds[j] = SeededNoise.mix(seeds[j] ^ INPUT_STREAM);
                    }
                }
                try (NDManager step = manager.newSubManager()) {
                    long before = done[0];
                    NDArray x0 = throughLevels(step, cpu, denoisers, levels, plan, start, seeds,
                            (d, t) -> progress.update(done[0] = before + d, total[0]));
                    if (guarded) {
                        guard(step, cpu, denoisers, levels, plan, start, request, reference, x0, seeds, first, done, total);
                    }
                    for (int j = 0; j < n; j++) {
                        out.add(ImageTensors.toImage(x0.get(j)));
                    }
                }
                progress.imagesDone(first, List.copyOf(out.subList(first, first + n)));
            }
        }
        return out;
    }

    /**
     * One batch through every level, coarsest first, each level's x̂_0 blended with the level
     * finished before; the finest level's result, (n, 3, H, W) on {@code step}.
     *
     * @param seeds one per image: its start noise and (mixed with the level) its coarse levels' noise
     */
    private static NDArray throughLevels(NDManager step, NDManager cpu, Denoisers denoisers, List<CoarseToFine.Level> levels,
            CanvasPlan plan, int start, long[] seeds, Progress progress) {
        NoiseSchedule schedule = denoisers.schedule();
        int n = seeds.length;
        long[] done = {0};
        NDArray previous = null;
        for (int l = 0; l < levels.size(); l++) {
            CoarseToFine.Level level = levels.get(l);
            boolean finest = l == levels.size() - 1;
            CanvasPlan p = finest ? plan : plan.scaledTo(level.height(), level.width());
            if (previous != null) {
                p = p.withFirstHook(new LaplacianBlend(previous, p.height(), p.width(),
                        finest ? denoisers.finestBlendFrom() : 0));
            }
            long[] levelSeeds = seeds;
            if (!finest) {
                levelSeeds = new long[n];
                for (int j = 0; j < n; j++) {
                    levelSeeds[j] = SeededNoise.mix(seeds[j] ^ (LEVEL_STREAM * (levels.size() - 1 - l)));
                }
            }
            long before = done[0];
            previous = denoise(step, cpu, level.denoiser(), schedule, level.spec().solver(schedule, start), p,
                    levelSeeds, (d, t) -> progress.update(done[0] = before + d, -1));
        }
        return previous;
    }

    /**
     * The copy guard ({@link CopyGuard}) on a finished batch {@code x0}: the images closer to
     * {@code reference} than the guard's distance are drawn again together, each from the noise of
     * (its seed, attempt), until they are far enough or out of attempts; each is replaced in
     * {@code x0} by the farthest of its draws. Re-draws add their evaluations to {@code done} and
     * {@code total}.
     */
    private static void guard(NDManager step, NDManager cpu, Denoisers denoisers, List<CoarseToFine.Level> levels, CanvasPlan plan,
            int start, Generation request, NDArray reference, NDArray x0, long[] seeds, int first, long[] done, long[] total) {
        CopyGuard g = request.copyGuard();
        long perDraw = evaluationsPerBatch(levels, denoisers.schedule(), plan);
        int n = seeds.length;
        double[] drawn = new double[n];
        double[] kept = new double[n];
        for (int j = 0; j < n; j++) {
            drawn[j] = kept[j] = CopyDistance.of(x0.get("{}:{}", j, j + 1), reference);
        }
        for (int attempt = 1; attempt <= g.redraws(); attempt++) {
            List<Integer> again = new ArrayList<>();
            for (int j = 0; j < n; j++) {
                if (kept[j] < g.minDistance()) {
                    again.add(j);
                }
            }
            if (again.isEmpty()) {
                break;
            }
            long[] redrawSeeds = new long[again.size()];
            for (int k = 0; k < again.size(); k++) {
                redrawSeeds[k] = SeededNoise.mix(seeds[again.get(k)] ^ (REDRAW_STREAM * attempt));
            }
            total[0] += perDraw;
            long before = done[0];
            NDArray draws = throughLevels(step, cpu, denoisers, levels, plan, start, redrawSeeds,
                    (d, t) -> request.progress().update(done[0] = before + d, total[0]));
            for (int k = 0; k < again.size(); k++) {
                int j = again.get(k);
                NDArray draw = draws.get("{}:{}", k, k + 1);
                double d = CopyDistance.of(draw, reference);
                if (d > kept[j]) {
                    kept[j] = d;
                    x0.set(new NDIndex("{}:{}", j, j + 1), draw);
                }
            }
        }
        for (int j = 0; j < n; j++) {
            if (drawn[j] < g.minDistance()) {
                request.progress().redrawn(first + j, drawn[j], kept[j]);
            }
        }
    }

    /**
     * Denoiser evaluations of one batch of {@code plan} through {@code levels}: each level's
     * solver from the plan's start level, times the resampling of its hooks.
     *
     * @throws InvalidValue if a level's solver asks for more steps than the schedule has
     */
    static long evaluationsPerBatch(List<CoarseToFine.Level> levels, NoiseSchedule schedule, CanvasPlan plan) {
        int start = schedule.startTimestep(plan.strength());
        long perBatch = 0;
        for (CoarseToFine.Level l : levels) {
            perBatch += (long) l.spec().solver(schedule, start).evaluations() * plan.hooks().resample();
        }
        return perBatch;
    }

    /** One batch of a plan, from its start noise (seeded per image) to x_0, (n, 3, H, W) on {@code step}. */
    private static NDArray denoise(NDManager step, NDManager cpu, Denoiser denoiser, NoiseSchedule schedule, Solver solver,
            CanvasPlan plan, long[] seeds, Progress progress) {
        SeededNoise noise = new SeededNoise(seeds, cpu);
        NDArray x = startNoise(noise, step, seeds.length, plan);
        if (plan.startsFromInput()) {
            int start = schedule.startTimestep(plan.strength());
            x = ForwardProcess.noised(schedule, plan.init().toDevice(step.getDevice(), false), start, x);
        }
        return solver.sample(denoiser, x, noise, plan.hooks(), progress);
    }

    /** The start noise of a batch: i.i.d., or mixed with block noise as the plan says. */
    static NDArray startNoise(SeededNoise noise, NDManager manager, int n, CanvasPlan plan) {
        int h = plan.height();
        int w = plan.width();
        NDArray z = noise.next(manager, new Shape(n, 3, h, w));
        CanvasPlan.BlockNoise b = plan.blockNoise();
        if (b.block() == 1 || b.mix() == 0) {
            return z;
        }
        int k = b.block();
        NDArray coarse = noise.next(manager, new Shape(n, 3, (h + k - 1) / k, (w + k - 1) / k));
        NDArray blocks = coarse.repeat(2, k).repeat(3, k).get(":, :, :{}, :{}", h, w);
        return z.mul((float) Math.sqrt(1 - b.mix())).add(blocks.mul((float) Math.sqrt(b.mix())));
    }
}
