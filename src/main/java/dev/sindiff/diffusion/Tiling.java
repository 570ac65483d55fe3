package dev.sindiff.diffusion;

import dev.sindiff.InvalidValue;

/**
 * How a network sees a large canvas: whole, or in overlapping tiles, so that the memory of an
 * evaluation depends on the tile, not the canvas ({@link TiledDenoiser}). A memory knob only: the
 * canvas itself, wrapped around or not, is the sampling plan's.
 *
 * @param tile tile side in pixels, 0 for the whole canvas at once
 * @param overlap pixels shared by neighbouring tiles (unused without tiles)
 */
public record Tiling(int tile, int overlap) {
    /** The whole canvas at once. */
    public static final Tiling NONE = new Tiling(0, 0);

    /** Default tile side and overlap (docs/canvases.md measures them). */
    public static final int DEFAULT_TILE = 256;
    public static final int DEFAULT_OVERLAP = 64;

    /** @throws InvalidValue if a side is negative, or a tile is smaller than twice the overlap */
    public Tiling {
        InvalidValue.require(overlap >= 0, "overlap", "must be >= 0", overlap);
        InvalidValue.require(tile >= 0, "tile", "must be >= 0 (0 = the whole canvas)", tile);
        if (tile > 0 && tile < 2 * overlap) {
            throw new InvalidValue("tile", "{tile} must be at least twice {overlap} (" + overlap + "), got " + tile);
        }
    }

    /** Whether the canvas is seen in tiles. */
    public boolean tiled() {
        return tile > 0;
    }

    /**
     * {@code denoiser} seeing the canvas as this tiling says: itself, or in tiles whose offsets are
     * multiples of {@code align} (the network's size multiple).
     */
    public Denoiser wrap(Denoiser denoiser, int align) {
        return tiled() ? new TiledDenoiser(denoiser, this, align) : denoiser;
    }
}
