package dev.sindiff.sample;

import dev.sindiff.diffusion.Tiling;
import ai.djl.ndarray.NDManager;
import dev.sindiff.diffusion.NoiseSchedule;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A generative model of one image, as the commands use it: a trained run ({@link TrainedModel})
 * or the training-free closed-form patch model of an image file ({@link ImageModel}). Both
 * generate through the same reverse-diffusion loop ({@link ReverseDiffusion}); they differ in their
 * denoiser, in how the layout is made by default and in what bounds their memory.
 */
public interface Model extends AutoCloseable {
    /** The forward process the denoiser inverts. */
    NoiseSchedule schedule();

    /** Where the model's tensors live (its device is the one generation runs on). */
    NDManager manager();

    /** The image modelled, at the size it is modelled at: the training image, or the image at its working size. */
    BufferedImage image();

    /** {@link #image()}'s height in pixels: the default canvas height. */
    int height();

    /** {@link #image()}'s width in pixels: the default canvas width. */
    int width();

    /** One line saying which denoiser generates (e.g. "UNet, trained 1200 steps, EMA weights"). */
    String description();

    /** How the layout is made when the user does not say. */
    CoarseToFine defaultCoarse();

    /** The sampler to use when the user names neither a sampler nor a step count; {@code commandDefault} unless the model has its own. */
    SolverChoice defaultSampler(SolverChoice commandDefault);

    /**
     * How h×w canvases are sampled under {@code budget} bytes: the tile side (0 = whole) and the
     * images denoised together, at most {@code wantedBatch}.
     *
     * @param tile a tile side asked for, or null to choose one
     */
    MemoryBudget.Plan memoryPlan(int h, int w, Integer tile, int wantedBatch, long budget, int overlap);

    /**
     * Runs a plan (unconditional, image-to-image, inpainting, guidance...; see {@link
     * dev.sindiff.edit.Edits}) coarse to fine as {@code coarse} says, the canvas seen as {@code
     * tiling} says.
     *
     * @return {@code count} images of the plan's height × width; image i depends only on (seed, i)
     */
    List<BufferedImage> generate(SolverChoice spec, CanvasPlan plan, Tiling tiling, CoarseToFine coarse, int count, long seed,
            int batch, ReverseDiffusion.Progress progress);

    /** Frees the model's tensors. */
    @Override
    void close();
}
