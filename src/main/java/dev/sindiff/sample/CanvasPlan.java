package dev.sindiff.sample;

import ai.djl.ndarray.NDArray;
import dev.sindiff.InvalidValue;
import dev.sindiff.diffusion.Hooks;
import dev.sindiff.diffusion.StepHook;
import dev.sindiff.image.ImageSize;
import dev.sindiff.image.TensorResize;
import java.util.ArrayList;
import java.util.List;

/**
 * What one run of the reverse-diffusion loop denoises: the canvas, the start point and the hooks.
 * Every application is one of these (the table of applications in the package documentation of
 * {@link dev.sindiff.edit}); {@link dev.sindiff.edit.Edits} builds them.
 *
 * @param height canvas height in pixels, 1 to {@link ImageSize#MAX_SIDE}
 * @param width canvas width, likewise
 * @param init the image to start from, (1, 3, H, W) in [-1, 1], or null to start from noise
 * @param strength how far {@code init} is noised before denoising (SDEdit), in [0, 1]: 0 returns
 *     it as it is, 1 starts from pure noise (unconditional); must be 1 without {@code init}
 * @param hooks guidance and projections applied at every step
 * @param blockNoise what the start noise is made of (i.i.d., or mixed with block noise for relay)
 * @param seamless whether the canvas wraps around (a torus), so that the result tiles without a seam
 */
public record CanvasPlan(int height, int width, NDArray init, double strength, Hooks hooks, BlockNoise blockNoise,
        boolean seamless) {
    /** A plan on a flat canvas whose start noise is i.i.d. */
    public CanvasPlan(int height, int width, NDArray init, double strength, Hooks hooks) {
        this(height, width, init, strength, hooks, BlockNoise.NONE, false);
    }

    /**
     * Relay Diffusion's block noise (Teng et al. 2024): the start noise is
     * √(1-mix)·z + √mix·b, with z i.i.d. and b i.i.d. per {@code block}×{@code block} square,
     * still of unit variance per pixel. A noise level then destroys the same frequencies at every
     * resolution, so an upsampled low-resolution image can be continued from it.
     *
     * @param block side of the squares in pixels, at least 1
     * @param mix share of the block noise, in [0, 1]
     */
    public record BlockNoise(int block, double mix) {
        public static final BlockNoise NONE = new BlockNoise(1, 0);

        public BlockNoise {
            InvalidValue.require(block >= 1, "noise block", "must be >= 1", block);
            InvalidValue.require(mix >= 0 && mix <= 1, "block-noise mix", "must be in [0, 1]", mix);
        }
    }

    /** @throws InvalidValue if the canvas or the strength is out of range */
    public CanvasPlan {
        if (!new ImageSize(height, width).withinLimits()) {
            throw InvalidValue.of("canvas", "must be 1 to " + ImageSize.MAX_SIDE + " px on a side", height + "x" + width + " (HxW)");
        }
        requireStrength(strength);
        if (init == null && strength != 1) {
            throw new IllegalArgumentException("a start from noise has strength 1, got " + strength);
        }
        if (init != null && (init.getShape().dimension() != 4 || init.getShape().get(0) != 1 || init.getShape().get(1) != 3
                || init.getShape().get(2) != height || init.getShape().get(3) != width)) {
            throw new IllegalArgumentException("init must be (1, 3, " + height + ", " + width + "), got " + init.getShape());
        }
    }

    /**
     * The rule of {@link #strength()}, for checking a strength before there is a plan.
     *
     * @return {@code strength}
     * @throws InvalidValue unless it is in [0, 1]
     */
    public static double requireStrength(double strength) {
        InvalidValue.require(strength >= 0 && strength <= 1, "strength", "must be in [0, 1]", strength);
        return strength;
    }

    /**
     * Whether the run starts from {@code init} noised part way. Such a run draws its noise from a
     * stream of its own (see {@link ReverseDiffusion}): its input may be a sample that the same
     * seed made, and that sample's start noise added to it again doubles its structure.
     */
    public boolean startsFromInput() {
        return init != null && strength < 1;
    }

    /** Whether the plan starts from pure noise without hooks: random variations. */
    public boolean isUnconditional() {
        return init == null && hooks.list().isEmpty();
    }

    /**
     * This plan on the canvas scaled to {@code h} x {@code w} (a coarser level of a coarse-to-fine
     * run, or a relay's first stage): the init area-resized, each hook scaled ({@link
     * StepHook#scaledTo}; those without meaning there are left out), the same strength, start
     * noise and wrap-around.
     */
    public CanvasPlan scaledTo(int h, int w) {
        if (h == height && w == width) {
            return this;
        }
        List<StepHook> scaled = new ArrayList<>();
        for (StepHook hook : hooks.list()) {
            StepHook s = hook.scaledTo(h, w);
            if (s != null) {
                scaled.add(s);
            }
        }
        NDArray small = init == null ? null : TensorResize.resize(init, h, w, TensorResize.Mode.AREA);
        return new CanvasPlan(h, w, small, strength, new Hooks(scaled, hooks.resample()), blockNoise, seamless);
    }

    /** This plan with {@code hook} called before its own hooks. */
    public CanvasPlan withFirstHook(StepHook hook) {
        List<StepHook> l = new ArrayList<>();
        l.add(hook);
        l.addAll(hooks.list());
        return new CanvasPlan(height, width, init, strength, new Hooks(l, hooks.resample()), blockNoise, seamless);
    }

    /** This plan on a canvas that wraps around ({@code true}) or not. */
    public CanvasPlan withSeamless(boolean wrap) {
        return new CanvasPlan(height, width, init, strength, hooks, blockNoise, wrap);
    }

    /** Pure noise at {@code height} x {@code width}, no hooks: random variations. */
    public static CanvasPlan unconditional(int height, int width) {
        return new CanvasPlan(height, width, null, 1, Hooks.NONE);
    }
}
