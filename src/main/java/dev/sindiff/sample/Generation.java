package dev.sindiff.sample;

import dev.sindiff.InvalidValue;
import dev.sindiff.diffusion.Progress;
import dev.sindiff.diffusion.Tiling;
import java.util.Objects;

/**
 * How a model generates a plan's images ({@link Model#generate}): how many, from which seed, with
 * which solver, how many at once, and so on. Built from {@link #of} and the methods named after
 * the fields, each returning a copy with that field changed:
 *
 * <pre>{@code
 * model.generate(CanvasPlan.unconditional(128, 512), Generation.of(4).seed(7).solver(SolverChoice.ddim(50, 0)));
 * }</pre>
 *
 * @param count images to generate, 1 to {@link #MAX_COUNT}; image i depends only on (seed, i)
 * @param seed the seed of all randomness
 * @param batch images denoised together, at least 1 (at most {@code count} are)
 * @param solver the solver, or null for the model's own ({@link Model#defaultSolver})
 * @param coarse how the layout is made, or null for the model's own way ({@link Model#defaultCoarse})
 * @param tiling how the network sees a large canvas (a memory bound; {@link Tiling#NONE}: whole)
 * @param relay generate in two stages ({@link Relay}), or null for one
 * @param copyGuard which random variations are drawn again as near-copies of the model's image ({@link CopyGuard})
 * @param progress told of the work done and of each finished batch
 */
public record Generation(int count, long seed, int batch, SolverChoice solver, CoarseToFine coarse, Tiling tiling, Relay relay,
        CopyGuard copyGuard, Progress progress) {
    /** The most images one request makes. */
    public static final int MAX_COUNT = 100_000;

    /** Images denoised together unless {@link #batch(int)} says otherwise. */
    public static final int DEFAULT_BATCH = 4;

    /** @throws InvalidValue if the count or the batch is out of range */
    public Generation {
        InvalidValue.require(count >= 1 && count <= MAX_COUNT, "count", "must be in [1, " + MAX_COUNT + "]", count);
        InvalidValue.require(batch >= 1, "batch", "must be >= 1", batch);
        Objects.requireNonNull(tiling, "tiling");
        Objects.requireNonNull(copyGuard, "copyGuard");
        Objects.requireNonNull(progress, "progress");
    }

    /**
     * {@code count} images from seed 0, {@value #DEFAULT_BATCH} at a time, with the model's own
     * solver and layout, the canvas whole, in one stage, near-copies re-drawn ({@link
     * CopyGuard#DEFAULT}), telling nobody.
     */
    public static Generation of(int count) {
        return new Generation(count, 0, DEFAULT_BATCH, null, null, Tiling.NONE, null, CopyGuard.DEFAULT, Progress.NONE);
    }

    /** This request for {@code n} images. */
    public Generation count(int n) {
        return new Generation(n, seed, batch, solver, coarse, tiling, relay, copyGuard, progress);
    }

    /** This request from seed {@code s}. */
    public Generation seed(long s) {
        return new Generation(count, s, batch, solver, coarse, tiling, relay, copyGuard, progress);
    }

    /** This request denoising {@code n} images together. */
    public Generation batch(int n) {
        return new Generation(count, seed, n, solver, coarse, tiling, relay, copyGuard, progress);
    }

    /** This request with solver {@code s} (null: the model's). */
    public Generation solver(SolverChoice s) {
        return new Generation(count, seed, batch, s, coarse, tiling, relay, copyGuard, progress);
    }

    /** This request making the layout as {@code c} says (null: the model's way). */
    public Generation coarse(CoarseToFine c) {
        return new Generation(count, seed, batch, solver, c, tiling, relay, copyGuard, progress);
    }

    /** This request with the network seeing the canvas as {@code t} says. */
    public Generation tiling(Tiling t) {
        return new Generation(count, seed, batch, solver, coarse, t, relay, copyGuard, progress);
    }

    /** This request in the two stages of {@code r} (null: one stage). */
    public Generation relay(Relay r) {
        return new Generation(count, seed, batch, solver, coarse, tiling, r, copyGuard, progress);
    }

    /** This request re-drawing near-copies as {@code g} says ({@link CopyGuard#OFF}: never). */
    public Generation copyGuard(CopyGuard g) {
        return new Generation(count, seed, batch, solver, coarse, tiling, relay, g, progress);
    }

    /** This request telling {@code p} of its progress. */
    public Generation progress(Progress p) {
        return new Generation(count, seed, batch, solver, coarse, tiling, relay, copyGuard, p);
    }

    /** This request with the model's solver and layout where it names none. */
    public Generation withDefaultsOf(Model model) {
        return solver(solver != null ? solver : model.defaultSolver()).coarse(coarse != null ? coarse : model.defaultCoarse());
    }

    /** The batches the images are denoised in: ⌈count / batch⌉. */
    public int batches() {
        return (count + batch - 1) / batch;
    }
}
