package dev.sindiff.edit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.sindiff.InvalidValue;
import dev.sindiff.diffusion.Hooks;
import dev.sindiff.diffusion.NoiseSchedule;
import dev.sindiff.guide.Score;
import dev.sindiff.guide.ScoreGuidance;
import dev.sindiff.image.ImageSize;
import dev.sindiff.image.TensorResize;
import dev.sindiff.image.TensorResize.Mode;
import dev.sindiff.sample.CanvasPlan;

/**
 * The applications as sampling plans: a start point, hooks and a canvas (the table in the
 * {@linkplain dev.sindiff.edit package documentation}). Inputs are (1, 3, H, W) tensors in
 * [-1, 1]; masks are (1, 1, H, W), 1 = change.
 *
 * <pre>{@code
 * try (TrainedModel m = TrainedModel.load(Path.of("models/hubble"), Device.cpu(), true)) {
 *     NDArray sketch = ImageTensors.toTensor(m.manager(), ImageFiles.readRgb(Path.of("sketch.png")));
 *     List<BufferedImage> painted = m.generate(Edits.imageToImage(sketch, 0.6), Generation.of(4));
 * }
 * }</pre>
 */
public final class Edits {
    private Edits() {}

    /** The largest enlargement of {@link #superResolve}. */
    public static final double MAX_ENLARGEMENT = 16;

    /**
     * Image-to-image and paint-to-image (SDEdit, Meng et al. 2022): the input noised to
     * {@code strength} and denoised. 0 returns the input; 1 ignores it.
     *
     * @throws InvalidValue if the strength is not in [0, 1]
     */
    public static CanvasPlan imageToImage(NDArray input, double strength) {
        return new CanvasPlan(height(input), width(input), input, strength, Hooks.NONE);
    }

    /**
     * Inpainting (RePaint): generated from noise where {@code fill} is 1, the input kept exactly
     * elsewhere; {@code resample} repeats each step to blend the seam.
     */
    public static CanvasPlan inpaint(NDArray input, NDArray fill, NoiseSchedule schedule, int resample) {
        NDArray keep = fill.sub(1f).neg();
        return new CanvasPlan(height(input), width(input), null, 1,
                Hooks.of(new KnownRegion(input, keep, schedule)).withResample(resample));
    }

    /**
     * Margins in pixels added around an image by outpainting, each in [0, {@link ImageSize#MAX_SIDE}],
     * at least one of them above 0.
     */
    public record Margins(int top, int bottom, int left, int right) {
        /** The quantity a refused margin is reported as. */
        static final String QUANTITY = "top, bottom, left or right";

        /** @throws InvalidValue if a margin is out of range or all are 0 */
        public Margins {
            for (int m : new int[] {top, bottom, left, right}) {
                InvalidValue.require(m >= 0 && m <= ImageSize.MAX_SIDE, QUANTITY, "must be in [0, " + ImageSize.MAX_SIDE + "] pixels", m);
            }
            if (top + bottom + left + right == 0) {
                throw new InvalidValue(QUANTITY, "give at least one margin: {" + QUANTITY + "} (pixels to add)");
            }
        }
    }

    /**
     * Outpainting: the canvas grows by the margins, the input is kept exactly where it was and
     * the model continues it into the margins (inpainting of the new border).
     *
     * @throws InvalidValue if the grown canvas exceeds {@link ImageSize#MAX_SIDE} on a side
     */
    public static CanvasPlan outpaint(NDArray input, Margins m, NoiseSchedule schedule, int resample) {
        int h = height(input);
        int w = width(input);
        int ch = h + m.top() + m.bottom();
        int cw = w + m.left() + m.right();
        NDManager mgr = input.getManager();
        NDIndex inside = new NDIndex(":, :, {}:{}, {}:{}", m.top(), m.top() + h, m.left(), m.left() + w);
        NDArray canvas = mgr.zeros(new Shape(1, 3, ch, cw));
        canvas.set(inside, input);
        NDArray keep = mgr.zeros(new Shape(1, 1, ch, cw));
        keep.set(inside, 1f);
        return new CanvasPlan(ch, cw, null, 1, Hooks.of(new KnownRegion(canvas, keep, schedule)).withResample(resample));
    }

    /**
     * Harmonization and editing (SinGAN's applications): the input noised to {@code strength}
     * and denoised, so that pasted or moved parts take the image's patch statistics and the seams
     * disappear. With a region, only it changes and the rest is kept exactly.
     *
     * @param region 1 where the image may change, or null for the whole image
     * @throws InvalidValue if the strength is not in [0, 1]
     */
    public static CanvasPlan rediffuse(NDArray input, NDArray region, double strength, NoiseSchedule schedule) {
        Hooks hooks = region == null ? Hooks.NONE : Hooks.of(new KnownRegion(input, region.sub(1f).neg(), schedule));
        return new CanvasPlan(height(input), width(input), input, strength, hooks);
    }

    /**
     * Super-resolution: the input upsampled (bicubic) by {@code factor}, each side rounded to the
     * nearest pixel, noised to {@code strength} and denoised with ILVR's low-pass consistency, so
     * the model adds detail while the result, downsampled, stays the input.
     *
     * @param factor the enlargement, in (1, {@value #MAX_ENLARGEMENT}]
     * @throws InvalidValue if the factor or the strength is out of range, or the enlarged canvas
     *     exceeds {@link ImageSize#MAX_SIDE} on a side
     */
    public static CanvasPlan superResolve(NDArray input, double factor, double strength, NoiseSchedule schedule) {
        requireEnlargement(factor);
        int height = (int) Math.round(height(input) * factor);
        int width = (int) Math.round(width(input) * factor);
        NDArray up = TensorResize.resize(input, height, width, Mode.BICUBIC).clip(-1f, 1f);
        LowPassConsistency ilvr = new LowPassConsistency(up, height(input), width(input), schedule, 2);
        return new CanvasPlan(height, width, up, strength, Hooks.of(ilvr));
    }

    /**
     * The rule of {@link #superResolve}'s factor, for checking it before there is an input.
     *
     * @return {@code factor}
     * @throws InvalidValue unless it is in (1, {@value #MAX_ENLARGEMENT}]
     */
    public static double requireEnlargement(double factor) {
        InvalidValue.require(factor > 1 && factor <= MAX_ENLARGEMENT, "enlargement factor", "must be in (1, 16]", factor);
        return factor;
    }

    /**
     * Score guidance from noise: x̂_0 follows the score's gradient at the levels of {@code window}
     * ({@link ScoreGuidance}).
     *
     * @param scale RMS step of x̂_0 per solver step, in [0, {@value ScoreGuidance#MAX_SCALE}]
     * @throws InvalidValue if the scale or the canvas is out of range
     */
    public static CanvasPlan guided(int height, int width, Score score, double scale, ScoreGuidance.Window window,
            NoiseSchedule schedule) {
        return new CanvasPlan(height, width, null, 1, Hooks.of(new ScoreGuidance(score, scale, window, schedule)));
    }

    private static int height(NDArray x) {
        return (int) x.getShape().get(2);
    }

    private static int width(NDArray x) {
        return (int) x.getShape().get(3);
    }
}
