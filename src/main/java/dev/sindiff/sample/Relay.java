package dev.sindiff.sample;

import dev.sindiff.diffusion.Tiling;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sindiff.diffusion.Hooks;
import dev.sindiff.diffusion.SeededNoise;
import dev.sindiff.image.ImageTensors;
import dev.sindiff.image.TensorResize;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Relay sampling (after Relay Diffusion, Teng et al. 2024): generate at 1/factor of the canvas,
 * upsample (bicubic), noise to {@code strength} with block noise of the factor's size, and
 * continue at full size for the steps of the sampler's schedule that lie below that level only.
 * The layout comes from the cheap small image; the full-size network evaluations are a fraction
 * of plain sampling's.
 *
 * @param factor the low-resolution stage is 1/factor of the canvas in each axis
 * @param strength noise level the full-size stage starts from, in (0, 1]
 * @param blockMix share of block noise in the start noise (0 = i.i.d. only)
 */
public record Relay(int factor, double strength, double blockMix) {
    /**
     * Defaults measured by scripts/bench-relay.sh (README, "Canvases of any size"): i.i.d. start
     * noise, because a model trained on i.i.d. noise reads block noise as structure.
     */
    public static final Relay DEFAULT = new Relay(2, 0.5, 0.0);

    public Relay {
        if (factor < 2) {
            throw new dev.sindiff.UserError("--relay factor must be >= 2, got " + factor);
        }
        if (!(strength > 0 && strength <= 1)) {
            throw new dev.sindiff.UserError("--relay-strength must be in (0, 1], got " + strength);
        }
        if (!(blockMix >= 0 && blockMix <= 1)) {
            throw new dev.sindiff.UserError("--relay-block-mix must be in [0, 1], got " + blockMix);
        }
    }

    /**
     * The sampler of the full-size stage: as many steps as {@code spec}'s schedule has at or
     * below the relay's start level, spaced the same way over [0, start].
     */
    public SolverChoice fullSizeSpec(SolverChoice spec, Model model) {
        int start = model.schedule().startTimestep(strength);
        if (spec.kind() == SolverChoice.Kind.DDPM) {
            return spec;
        }
        int[] all = spec.spacing().timesteps(model.schedule(), Math.min(spec.steps(), model.schedule().steps()));
        int below = 0;
        for (int t : all) {
            if (t <= start) {
                below++;
            }
        }
        return new SolverChoice(spec.kind(), Math.max(1, below), spec.eta(), spec.spacing());
    }

    /** Generates {@code count} images of {@code height} x {@code width} by relay. */
    public List<BufferedImage> generate(Model model, SolverChoice spec, Tiling tiling, int count, int height, int width,
            long seed, int batch, ReverseDiffusion.Progress progress) {
        int lh = Math.max(1, Math.round((float) height / factor));
        int lw = Math.max(1, Math.round((float) width / factor));
        SolverChoice full = fullSizeSpec(spec, model);
        long lowCost = (long) spec.create(model.schedule()).evaluations() * lh * lw;
        long fullCost = (long) full.create(model.schedule(), model.schedule().startTimestep(strength)).evaluations() * height * width;
        double lowShare = (double) lowCost / (lowCost + fullCost);
        List<BufferedImage> low = model.generate(spec, CanvasPlan.unconditional(lh, lw), tiling, CoarseToFine.NONE, count, seed, batch,
                (d, t) -> progress.update(Math.round(1000 * lowShare * d / t), 1000));
        List<BufferedImage> out = new ArrayList<>(count);
        CanvasPlan.BlockNoise block = new CanvasPlan.BlockNoise(factor, blockMix);
        for (int i = 0; i < count; i++) {
            try (NDManager m = model.manager().newSubManager()) {
                NDArray up = TensorResize.resize(ImageTensors.toTensor(m, low.get(i)), height, width, TensorResize.Mode.BICUBIC)
                        .clip(-1f, 1f);
                CanvasPlan plan = new CanvasPlan(height, width, up, strength, Hooks.NONE, block);
                int done = i;
                out.addAll(model.generate(full, plan, tiling, CoarseToFine.NONE, 1, SeededNoise.sampleSeed(seed, i), 1,
                        (d, t) -> progress.update(Math.round(1000 * (lowShare + (1 - lowShare) * (done + (double) d / t) / count)), 1000)));
                progress.imagesDone(i, List.of(out.get(i)));
            }
        }
        return out;
    }
}
