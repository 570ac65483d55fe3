package dev.sindiff.sample;

import ai.djl.ndarray.NDArray;
import dev.sindiff.diffusion.Denoiser;
import dev.sindiff.diffusion.NoiseSchedule;
import dev.sindiff.diffusion.Spacing;
import dev.sindiff.image.TensorResize;
import dev.sindiff.patch.PatchPosteriorDenoiser;
import dev.sindiff.patch.PatchSearch;
import dev.sindiff.patch.PyramidLevels;
import java.util.ArrayList;
import java.util.List;

/**
 * Coarse-to-fine sampling (Qiu et al. 2026): the canvas is first sampled at the coarse levels of
 * the image's pyramid with the closed-form patch denoiser of that level ({@link
 * PatchPosteriorDenoiser}), coarsest first, each level's x̂_0 Laplacian-blended with the finished
 * level above it ({@link dev.sindiff.patch.LaplacianBlend}); the finest level, at the canvas size,
 * is then sampled the same way with the run's own denoiser. At the coarsest level a patch spans
 * most of the image's height, so the layout (sky above, ground below) is the image's; the finer
 * levels rearrange content under it. On a canvas taller than the image, the coarsest level keeps
 * the image's coarsest height, so the layout is stretched (the horizon stays at its relative
 * height) instead of repeated.
 *
 * @param patch patch side P at the coarse levels (odd)
 * @param rho fold window width over the patch's [-1, 1] coordinates
 * @param minShortSide the coarsest level's shorter side in pixels
 * @param levels how many coarse levels are sampled, counted from the coarsest (0 = none: the
 *     denoiser alone); the finest level blends with the finest of them
 * @param spec the sampler of the coarse levels
 * @param heightSigma τ of the height prior of the coarsest level (0 = none; see {@link
 *     PatchPosteriorDenoiser}): the coarsest level then takes its patches from about the same
 *     relative height of the image, so the sky stays up at every canvas size
 * @param blendFrom the finest level blends with the coarse ones at noise levels t/T ≥ this only
 *     (0 = at every step), so that the denoiser makes its own low frequencies agree with its detail
 * @param search how the closed-form denoisers find their patches ({@link PatchSearch})
 */
public record CoarseToFine(int patch, double rho, int minShortSide, int levels, SolverChoice spec, double heightSigma, double blendFrom,
        PatchSearch search) {
    /**
     * P = 15, ρ = 0.2 and a coarsest side of 1.6·P, as the paper, DPM-Solver++ with 10 steps; the
     * two coarsest levels, a height prior of τ = 0.2 at the coarsest, and the finest level
     * blended down to t = 0.3·T: the best of the variants measured by scripts/layout-table.sh
     * (docs/layout.md).
     */
    public static final CoarseToFine DEFAULT = new CoarseToFine(15, 0.2, 24, 2, SolverChoice.dpmSolver(10, Spacing.KARRAS), 0.2, 0.3,
            PatchSearch.FAST);

    /** No coarse level: the run's denoiser alone. */
    public static final CoarseToFine NONE = new CoarseToFine(15, 0.2, 24, 0, SolverChoice.dpmSolver(10, Spacing.KARRAS), 0.0, 0.0,
            PatchSearch.FAST);

    /**
     * The training-free model of an image: every level closed-form, the finest included ({@link
     * #finest}), each x̂_0 blended with the level above at every step, as the paper; the height
     * prior of {@link #DEFAULT} at the coarsest level, and the approximate search. The sampler
     * is the paper's deterministic one, here DPM-Solver++(2M) with 10 Karras-spaced steps:
     * stochastic DDIM (η = 1) was measured too, and left more near-copies (docs/closed-form.md).
     */
    public static final CoarseToFine CLOSED_FORM = new CoarseToFine(15, 0.2, 24, Integer.MAX_VALUE,
            SolverChoice.dpmSolver(10, Spacing.KARRAS), 0.2, 0.0, PatchSearch.FAST);

    public CoarseToFine {
        if (patch < 1 || patch % 2 == 0 || !(rho > 0) || minShortSide < patch || levels < 0 || search == null || !(blendFrom >= 0 && blendFrom <= 1) || !(heightSigma >= 0)) {
            throw new IllegalArgumentException("bad coarse-to-fine settings: patch " + patch + ", rho " + rho
                    + ", min side " + minShortSide + ", levels " + levels);
        }
    }

    /** One level of a run: the canvas size there, its denoiser and its sampler. */
    public record Level(int height, int width, Denoiser denoiser, SolverChoice spec) {}

    /**
     * The coarse levels for a canvas, coarsest first, each with the closed-form denoiser of the
     * image's pyramid at that level; empty when the image is too small for a coarser level. The
     * denoisers live on {@code image}'s manager.
     *
     * @param image the training image, (1, 3, H, W) in [-1, 1]
     */
    public List<Level> coarseLevels(NDArray image, NoiseSchedule schedule, int canvasHeight, int canvasWidth) {
        int h = (int) image.getShape().get(2);
        int w = (int) image.getShape().get(3);
        PyramidLevels pyramid = PyramidLevels.of(h, w, minShortSide, 64);
        List<Level> out = new ArrayList<>();
        NDArray above = image;
        List<NDArray> images = new ArrayList<>();
        for (int l = 1; l < pyramid.count(); l++) {
            above = TensorResize.resize(above, pyramid.heights()[l], pyramid.widths()[l], TensorResize.Mode.AREA);
            images.add(above);
        }
        for (int l = pyramid.count() - 1; l >= Math.max(1, pyramid.count() - levels); l--) {
            int[] canvas = pyramid.canvasAt(l, canvasHeight, canvasWidth, patch);
            if (l == pyramid.count() - 1) {
                // a canvas taller than the image stretches the image's layout at the coarsest level
                // rather than stacking it: its patches span most of the image's height there
                canvas[0] = Math.min(canvas[0], Math.max(patch, pyramid.heights()[l]));
            }
            out.add(new Level(canvas[0], canvas[1],
                    new PatchPosteriorDenoiser(images.get(l - 1), patch, rho, l == pyramid.count() - 1 ? heightSigma : 0, search, schedule),
                    spec));
        }
        return out;
    }

    /**
     * The closed-form denoiser of the image itself, for the finest level of a training-free run
     * (without the height prior, which only the coarsest level has). Close it when done.
     *
     * @param image the image, (1, 3, H, W) in [-1, 1] with H, W ≥ {@link #patch()}
     */
    public PatchPosteriorDenoiser finest(NDArray image, NoiseSchedule schedule) {
        return new PatchPosteriorDenoiser(image, patch, rho, 0, search, schedule);
    }

    /** The timestep from which the finest level blends with the coarse ones: {@link #blendFrom()} of the schedule's T. */
    public int finestBlendFrom(NoiseSchedule schedule) {
        return (int) Math.round(blendFrom * (schedule.steps() - 1));
    }

    /** These settings with {@code sampler} at the coarse levels. */
    public CoarseToFine withSpec(SolverChoice sampler) {
        return new CoarseToFine(patch, rho, minShortSide, levels, sampler, heightSigma, blendFrom, search);
    }

    /** Closes the closed-form denoisers of {@code levels}. */
    public static void close(List<Level> levels) {
        for (Level l : levels) {
            if (l.denoiser() instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }
}
