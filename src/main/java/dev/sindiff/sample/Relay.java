package dev.sindiff.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sindiff.InvalidValue;
import dev.sindiff.diffusion.Hooks;
import dev.sindiff.diffusion.NoiseSchedule;
import dev.sindiff.diffusion.Progress;
import dev.sindiff.diffusion.SeededNoise;
import dev.sindiff.image.ImageSize;
import dev.sindiff.image.ImageTensors;
import dev.sindiff.image.TensorResize;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Relay sampling (after Relay Diffusion, Teng et al. 2024), a plan in two stages: generate at
 * 1/factor of the canvas, upsample (bicubic), noise to {@code strength} with block noise of the
 * factor's size, and continue at full size for the steps of the solver's schedule that lie below
 * that level only. The layout comes from the cheap small image; the full-size network evaluations
 * are a fraction of plain sampling's. The first stage runs in the request's batches, the second
 * image by image; neither makes its layout coarse to fine.
 *
 * @param factor the first stage is 1/factor of the canvas in each axis, at least 2
 * @param strength noise level the full-size stage starts from, in (0, 1]
 * @param blockMix share of block noise in that stage's start noise, in [0, 1] (0 = i.i.d. only)
 */
public record Relay(int factor, double strength, double blockMix) {
    /**
     * Defaults measured by scripts/bench-relay.sh (docs/canvases.md): i.i.d. start
     * noise, because a model trained on i.i.d. noise reads block noise as structure.
     */
    public static final Relay DEFAULT = new Relay(2, 0.5, 0.0);

    /** @throws InvalidValue if a setting is out of range */
    public Relay {
        InvalidValue.require(factor >= 2, "relay factor", "must be >= 2", factor);
        InvalidValue.require(strength > 0 && strength <= 1, "relay strength", "must be in (0, 1]", strength);
        InvalidValue.require(blockMix >= 0 && blockMix <= 1, "block-noise mix", "must be in [0, 1]", blockMix);
    }

    /** The first stage's canvas for a height × width canvas: 1/factor of it, rounded, at least 1 px. */
    public ImageSize firstStage(int height, int width) {
        return new ImageSize(Math.max(1, Math.round((float) height / factor)), Math.max(1, Math.round((float) width / factor)));
    }

    /**
     * The solver of the full-size stage: as many steps as {@code solver}'s schedule has at or
     * below the relay's start level, spaced the same way over [0, start].
     */
    public SolverChoice fullSizeSolver(SolverChoice solver, NoiseSchedule schedule) {
        int start = schedule.startTimestep(strength);
        if (solver.algorithm() == SolverChoice.Algorithm.DDPM) {
            return solver;
        }
        int[] all = solver.spacing().timesteps(schedule, Math.min(solver.steps(), schedule.steps()));
        int below = 0;
        for (int t : all) {
            if (t <= start) {
                below++;
            }
        }
        return solver.withSteps(Math.max(1, below));
    }

    /**
     * Generates {@code request.count()} images of the plan's canvas by relay: {@link Model#generate}
     * calls this for a request with a relay. Progress is told in denoiser evaluations of both stages.
     *
     * @param plan an unconditional plan ({@link CanvasPlan#isUnconditional}), flat or seamless
     * @param request with the model's defaults filled in ({@link Generation#withDefaultsOf})
     * @throws IllegalArgumentException if the plan starts from an image or has hooks
     */
    public List<BufferedImage> generate(Model model, CanvasPlan plan, Generation request) {
        if (!plan.isUnconditional()) {
            throw new IllegalArgumentException("relay continues an unconditional plan; this one has an init or hooks");
        }
        NoiseSchedule schedule = model.schedule();
        int height = plan.height();
        int width = plan.width();
        ImageSize low = firstStage(height, width);
        SolverChoice full = fullSizeSolver(request.solver(), schedule);
        Generation stage = request.relay(null).coarse(CoarseToFine.NONE);
        long lowTotal = (long) request.solver().solver(schedule).evaluations() * request.batches();
        long fullEach = full.solver(schedule, schedule.startTimestep(strength)).evaluations();
        long total = lowTotal + fullEach * request.count();
        Progress progress = request.progress();
        List<BufferedImage> small = model.generate(CanvasPlan.unconditional(low.height(), low.width()).withSeamless(plan.seamless()),
                stage.progress((d, t) -> progress.update(d, total)));
        List<BufferedImage> out = new ArrayList<>(request.count());
        CanvasPlan.BlockNoise block = new CanvasPlan.BlockNoise(factor, blockMix);
        for (int i = 0; i < request.count(); i++) {
            try (NDManager m = model.manager().newSubManager()) {
                NDArray up = TensorResize.resize(ImageTensors.toTensor(m, small.get(i)), height, width, TensorResize.Mode.BICUBIC)
                        .clip(-1f, 1f);
                long before = lowTotal + fullEach * i;
                out.addAll(model.generate(new CanvasPlan(height, width, up, strength, Hooks.NONE, block, plan.seamless()),
                        stage.solver(full).count(1).batch(1).seed(SeededNoise.sampleSeed(request.seed(), i))
                                .progress((d, t) -> progress.update(before + d, total))));
                progress.imagesDone(i, List.of(out.get(i)));
            }
        }
        return out;
    }
}
