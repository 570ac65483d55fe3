package dev.sindiff.patch;

import ai.djl.ndarray.NDArray;
import dev.sindiff.diffusion.StepHook;
import dev.sindiff.image.TensorResize;
import dev.sindiff.image.TensorResize.Mode;

/**
 * Coarse-to-fine consistency on x̂_0 (Qiu et al. 2026, after ILVR): after every denoiser call the
 * low frequencies of x̂_0 are replaced by the finished coarser level,
 * x̂_0 ← U(c) + (x̂_0 - U(D(x̂_0))), with D an area downsampling to the coarser level's size and U a
 * bicubic upsampling back. x̂_0 keeps its own detail band; its layout follows the coarser level.
 */
public final class LaplacianBlend implements StepHook {
    private final int coarseHeight;
    private final int coarseWidth;
    /** U(c) at the canvas size. */
    private final NDArray upCoarse;
    /** Blend only at timesteps t ≥ this. */
    private final int fromLevel;

    /**
     * @param coarse the finished coarser level, (N, 3, h, w) in [-1, 1], one per image of the batch
     * @param height the canvas height this blend is applied at
     * @param width the canvas width
     * @param fromLevel blend x̂_0 at timesteps t ≥ this only (0: at every step); below it the
     *     denoiser's own low frequencies, already fixed in x_t, are left alone
     */
    public LaplacianBlend(NDArray coarse, int height, int width, int fromLevel) {
        this.fromLevel = fromLevel;
        this.coarseHeight = (int) coarse.getShape().get(2);
        this.coarseWidth = (int) coarse.getShape().get(3);
        this.upCoarse = TensorResize.resize(coarse, height, width, Mode.BICUBIC);
    }

    @Override
    public NDArray onX0(NDArray x0, NDArray xt, int t) {
        return t >= fromLevel ? blend(x0) : x0;
    }

    /** x̂_0 with its band below the coarser level's resolution taken from that level. */
    public NDArray blend(NDArray x0) {
        int h = (int) x0.getShape().get(2);
        int w = (int) x0.getShape().get(3);
        NDArray low = TensorResize.resize(TensorResize.resize(x0, coarseHeight, coarseWidth, Mode.AREA), h, w, Mode.BICUBIC);
        return x0.sub(low).add(upCoarse);
    }
}
