package dev.sindiff.sample;

import dev.sindiff.UserError;
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

    /** Parses "4g", "512m", "2048k" or a number of bytes. */
    public static long parse(String s) {
        String v = s.trim().toLowerCase(Locale.ROOT);
        double mult = 1;
        if (v.endsWith("g") || v.endsWith("gb")) {
            mult = 1e9;
        } else if (v.endsWith("m") || v.endsWith("mb")) {
            mult = 1e6;
        } else if (v.endsWith("k") || v.endsWith("kb")) {
            mult = 1e3;
        }
        try {
            double n = Double.parseDouble(v.replaceAll("[a-z]+$", ""));
            if (n > 0) {
                return (long) (n * mult);
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new UserError("--max-memory must be a size like 4g or 512m, got '" + s + "'");
    }

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
        return Math.min(tile, (side + 31) / 32 * 32);
    }

    /**
     * The tile side for a budget: 0 (the whole canvas) when that fits, else the largest multiple
     * of 32 that fits and exceeds twice the overlap.
     *
     * @throws UserError when even the smallest tile does not fit
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
        throw new UserError(String.format(Locale.ROOT,
                "a %dx%d canvas with --batch %d needs about %.1f GB even in %d-px tiles; raise --max-memory or lower --batch",
                h, w, batch, estimate(config, h, w, batch, min) / 1e9, min));
    }
}
