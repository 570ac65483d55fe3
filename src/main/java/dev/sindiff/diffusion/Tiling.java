package dev.sindiff.diffusion;

import dev.sindiff.model.UNetConfig;

/**
 * How the network sees the canvas: whole, or in overlapping tiles (memory bounded by the tile),
 * and optionally wrapped around (seamless textures).
 *
 * @param tile tile side in pixels, 0 for the whole canvas at once
 * @param overlap pixels shared by neighbouring tiles
 * @param seamless treat the canvas as a torus, so the result tiles without a seam
 */
public record Tiling(int tile, int overlap, boolean seamless) {
    /** The whole canvas at once, not wrapped. */
    public static final Tiling NONE = new Tiling(0, 0, false);

    /** Default tile side and overlap (README, "Canvases of any size", measures them). */
    public static final int DEFAULT_TILE = 256;
    public static final int DEFAULT_OVERLAP = 64;

    public Tiling {
        if (tile < 0 || overlap < 0 || (tile > 0 && overlap >= tile)) {
            throw new dev.sindiff.UserError("--tile must be >= 0 and --overlap in [0, tile), got tile " + tile + ", overlap " + overlap);
        }
    }

    /** The network's denoiser wrapped as this tiling says. */
    public Denoiser wrap(Denoiser unet, UNetConfig config) {
        Denoiser d = unet;
        if (tile > 0) {
            d = new TiledDenoiser(d, tile, overlap, config.sizeMultiple());
        }
        if (seamless) {
            d = new CircularDenoiser(d, CircularDenoiser.padFor(config.receptiveField(), config.sizeMultiple()));
        }
        return d;
    }
}
