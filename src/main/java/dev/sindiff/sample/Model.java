package dev.sindiff.sample;

import ai.djl.ndarray.NDManager;
import dev.sindiff.diffusion.NoiseSchedule;
import dev.sindiff.image.ImageTensors;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A generative model of one image: a trained run ({@link TrainedModel}) or the training-free
 * closed-form patch model of an image file ({@link ImageModel}). Both generate through the same
 * reverse-diffusion loop ({@link ReverseDiffusion}); they differ in their denoisers, in how the
 * layout is made by default and in what bounds their memory.
 *
 * <pre>{@code
 * try (Model m = TrainedModel.load(Path.of("models/hubble"), Device.cpu(), true)) {
 *     List<BufferedImage> wide = m.generate(CanvasPlan.unconditional(m.height(), 4 * m.width()), Generation.of(4).seed(7));
 * }
 * }</pre>
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

    /**
     * How much larger than the model's image an input's shorter side may be before {@link
     * #atModelScale} scales it down.
     */
    int INPUT_SCALE_LIMIT = 4;

    /**
     * An input image (to edit, extend, enlarge, follow...) at this model's scale. The model's
     * patches have the scale of its image, so an input whose shorter side is more than {@value
     * #INPUT_SCALE_LIMIT} times the image's (a full-resolution photo, say) is scaled down (area
     * resampling) to the image's shorter side, its aspect ratio kept. Anything smaller (a panorama
     * made by sindiff, a sketch) is returned as it is.
     *
     * @return {@code input} itself, or a scaled copy
     */
    default BufferedImage atModelScale(BufferedImage input) {
        int modelShort = Math.min(height(), width());
        int inShort = Math.min(input.getHeight(), input.getWidth());
        if (inShort <= INPUT_SCALE_LIMIT * modelShort) {
            return input;
        }
        double f = (double) modelShort / inShort;
        int h = Math.max(1, (int) Math.round(input.getHeight() * f));
        int w = Math.max(1, (int) Math.round(input.getWidth() * f));
        return ImageTensors.resizedByArea(manager(), input, h, w);
    }

    /** How the layout is made when the request does not say. */
    CoarseToFine defaultCoarse();

    /** The solver when the request names none. */
    SolverChoice defaultSolver();

    /**
     * How h×w canvases are sampled under {@code budget} bytes: the tile side (0 = whole) and the
     * images denoised together, at most {@code wantedBatch}.
     *
     * @param tile a tile side asked for, or null to choose one
     * @throws dev.sindiff.InvalidValue if even the smallest tile does not fit the budget
     */
    MemoryBudget.Plan memoryPlan(int h, int w, Integer tile, int wantedBatch, long budget, int overlap);

    /**
     * The denoisers of one run of {@code plan}: coarse levels as {@code request.coarse()} says, the
     * finest seeing the canvas as its tiling and the plan's wrap-around say. Close them when done.
     *
     * @param request with the model's defaults filled in ({@link Generation#withDefaultsOf})
     */
    Denoisers denoisers(CanvasPlan plan, Generation request);

    /**
     * Generates a plan's images (unconditional, image-to-image, inpainting, guidance...; see {@link
     * dev.sindiff.edit.Edits}) as {@code request} says, with this model's solver and layout where
     * it names none; in the two stages of its relay when it has one. Random variations that come
     * out as near-copies of {@link #image()} are drawn again as the request's {@link CopyGuard} says.
     *
     * @return {@code request.count()} images of the plan's height × width; image i depends only on (seed, i)
     * @throws dev.sindiff.InvalidValue if the request does not fit the model (more solver steps than its schedule has)
     */
    default List<BufferedImage> generate(CanvasPlan plan, Generation request) {
        Generation r = request.withDefaultsOf(this);
        if (r.relay() != null) {
            return r.relay().generate(this, plan, r);
        }
        try (Denoisers d = denoisers(plan, r)) {
            return ReverseDiffusion.run(manager(), d, plan, r, image());
        }
    }

    /** Frees the model's tensors. */
    @Override
    void close();
}
