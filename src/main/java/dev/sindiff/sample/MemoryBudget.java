package dev.sindiff.sample;

import dev.sindiff.InvalidValue;
import dev.sindiff.model.UNetConfig;
import java.util.Locale;

/**
 * Chooses a tiling that keeps a sampling run's resident memory under a budget, from a linear
 * model measured with scripts/bench-canvas.sh: a fixed part (JVM, libtorch), the full-canvas
 * tensors the sampler keeps, and one network evaluation, proportional to the pixels it sees and
 * to the network's width.
 */
public final class MemoryBudget {
    private MemoryBudget() {}

    /** JVM, libtorch and the model. */
    static final double FIXED_BYTES = 0.6e9;
    /** Full-canvas tensors alive during a step (x, x̂_0, the previous x̂_0, ε, noise, tile sums...), per pixel and image: measured 150 B at 4096x4096 with 384-px tiles. */
    static final double CANVAS_BYTES_PER_PIXEL = 150;
    /** Peak bytes of one network evaluation per pixel and image, for 32 base channels (measured: 7.7 KB). */
    static final double EVAL_BYTES_PER_PIXEL_32 = 7700;
    /** Smallest tile side chosen automatically. */
    static final int MIN_TILE = 64;

    /** Estimated peak resident bytes of sampling {@code batch} images of h×w seen in tiles of {@code tile} (0 = whole). */
    public static double estimate(UNetConfig config, int h, int w, int batch, int tile) {
        double evalPixels = tile == 0 ? (double) h * w : (double) Math.min(tile, h) * Math.min(tile, w);
        return FIXED_BYTES + CANVAS_BYTES_PER_PIXEL * h * w * batch
                + EVAL_BYTES_PER_PIXEL_32 * config.baseChannels() / 32.0 * evalPixels * batch;
    }

    /**
     * The smallest tile (multiple of 32) that needs no more tiles than {@code tile} along an axis
     * of {@code length}: the same memory bound with less work repeated in overlaps (a 2048-px axis
     * in tiles of 1664 px would overlap by 1280 px; in tiles of 1056 by 64).
     */
    static int balanced(int tile, int length, int overlap) {
        if (tile >= length) {
            return tile;
        }
        int n = (int) Math.ceil((double) (length - overlap) / (tile - overlap));
        int side = (int) Math.ceil((double) (length - overlap) / n) + overlap;
        return Math.min(tile, Math.max(2 * overlap, (side + 31) / 32 * 32));
    }

    /**
     * The tile side for a budget: 0 (the whole canvas) when that fits, else the largest multiple
     * of 32 that fits and exceeds twice the overlap.
     *
     * @param budget bytes to stay under
     * @throws InvalidValue naming the budget when even the smallest tile does not fit
     */
    public static int tileFor(UNetConfig config, int h, int w, int batch, long budget, int overlap) {
        if (estimate(config, h, w, batch, 0) <= budget) {
            return 0;
        }
        int min = Math.max(MIN_TILE, 2 * overlap + 32);
        for (int tile = Math.max(h, w) / 32 * 32; tile >= min; tile -= 32) {
            if (estimate(config, h, w, batch, tile) <= budget) {
                return balanced(tile, Math.max(h, w), overlap);
            }
        }
        throw new InvalidValue("memory budget", String.format(Locale.ROOT,
                "a %dx%d canvas in batches of %d needs about %.1f GB even in %d-px tiles, over {memory budget} (%s);"
                        + " raise {memory budget} or lower {batch}",
                h, w, batch, estimate(config, h, w, batch, min) / 1e9, min, describe(budget)));
    }

    /**
     * How a canvas is sampled under a budget: the tile side (0 = whole canvas) and the images
     * denoised together.
     */
    public record Plan(int tile, int batch) {}

    /**
     * The plan for sampling h×w images under {@code budget} bytes: first the tile for a single
     * image ({@link #tileFor} with batch 1: tiles only when one image does not fit whole), then
     * the largest batch up to {@code wantedBatch} that fits with that tile (at least 1). The tile
     * never depends on the batch or the image count, so image i of a seed is the same whatever
     * --batch and --count are; only the time changes.
     *
     * @param tile the tile side to use, or null to choose it from the budget
     * @param budget bytes to stay under
     * @throws InvalidValue when a single image does not fit even in the smallest tile
     */
    public static Plan plan(UNetConfig config, int h, int w, Integer tile, int wantedBatch, long budget, int overlap) {
        int side = tile != null ? tile : tileFor(config, h, w, 1, budget, overlap);
        int batch = Math.max(1, wantedBatch);
        while (batch > 1 && estimate(config, h, w, batch, side) > budget) {
            batch--;
        }
        return new Plan(side, batch);
    }

    /** A byte count as the user would write it: "4 bytes", "512.0 MB", "4.0 GB". */
    static String describe(long bytes) {
        if (bytes < 1_000_000) {
            return bytes + " bytes";
        }
        return bytes < 1e9 ? String.format(Locale.ROOT, "%.1f MB", bytes / 1e6) : String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
    }
}
