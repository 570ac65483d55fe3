package dev.sindiff.edit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.sindiff.diffusion.Hooks;
import dev.sindiff.diffusion.NoiseSchedule;
import dev.sindiff.guide.Score;
import dev.sindiff.guide.ScoreGuidance;
import dev.sindiff.image.TensorResize;
import dev.sindiff.image.TensorResize.Mode;
import dev.sindiff.sample.CanvasPlan;

/**
 * The applications as sampling plans: a start point, hooks and a canvas (ARCHITECTURE.md's
 * table). Inputs are (1, 3, H, W) tensors in [-1, 1]; masks are (1, 1, H, W), 1 = change.
 *
 * <pre>{@code
 * try (TrainedModel m = TrainedModel.load(Path.of("models/hubble"), Device.cpu(), true)) {
 *     NDArray input = ImageTensors.toTensor(m.manager(), ImageFiles.readRgb(Path.of("sketch.png")));
 *     List<BufferedImage> out = m.generate(SolverChoice.DEFAULT, Edits.imageToImage(input, 0.6), 4, 0, 4,
 *             ReverseDiffusion.Progress.NONE);
 * }
 * }</pre>
 */
public final class Edits {
    private Edits() {}

    /**
     * Image-to-image and paint-to-image (SDEdit, Meng et al. 2022): the input noised to
     * {@code strength} and denoised. 0 returns the input; 1 ignores it.
     */
    public static CanvasPlan imageToImage(NDArray input, double strength) {
        checkStrength(strength);
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

    /** Margins in pixels added around an image by outpainting. */
    public record Margins(int top, int bottom, int left, int right) {
        public Margins {
            if (top < 0 || bottom < 0 || left < 0 || right < 0) {
                throw new IllegalArgumentException("margins must be >= 0");
            }
        }

        public boolean isEmpty() {
            return top + bottom + left + right == 0;
        }
    }

    /**
     * Outpainting: the canvas grows by the margins, the input is kept exactly where it was and
     * the model continues it into the margins (inpainting of the new border).
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
     */
    public static CanvasPlan rediffuse(NDArray input, NDArray region, double strength, NoiseSchedule schedule) {
        checkStrength(strength);
        Hooks hooks = region == null ? Hooks.NONE : Hooks.of(new KnownRegion(input, region.sub(1f).neg(), schedule));
        return new CanvasPlan(height(input), width(input), input, strength, hooks);
    }

    /**
     * Super-resolution: the input upsampled (bicubic) to {@code height} x {@code width}, noised to
     * {@code strength} and denoised with ILVR's low-pass consistency, so the model adds detail
     * while the result, downsampled, stays the input.
     */
    public static CanvasPlan superResolve(NDArray input, int height, int width, double strength, NoiseSchedule schedule) {
        checkStrength(strength);
        NDArray up = TensorResize.resize(input, height, width, Mode.BICUBIC).clip(-1f, 1f);
        LowPassConsistency ilvr = new LowPassConsistency(up, height(input), width(input), schedule, 2);
        return new CanvasPlan(height, width, up, strength, Hooks.of(ilvr));
    }

    /**
     * Score guidance from noise: x̂_0 follows the score's gradient at levels between
     * {@code from} and {@code to} (fractions of T, 1 = noisiest).
     */
    public static CanvasPlan guided(int height, int width, Score score, double scale, double from, double to,
            NoiseSchedule schedule) {
        if (!(from >= to && to >= 0 && from <= 1)) {
            throw new IllegalArgumentException("guidance window must satisfy 1 >= from >= to >= 0, got " + from + ", " + to);
        }
        int fromLevel = from == 0 ? 0 : schedule.startTimestep(from);
        int toLevel = (int) Math.floor(to * (schedule.steps() - 1));
        return new CanvasPlan(height, width, null, 1, Hooks.of(new ScoreGuidance(score, scale, fromLevel, toLevel)));
    }

    /** Rejects a strength outside [0, 1] with the command-line message. */
    public static void checkStrength(double s) {
        if (!(s >= 0 && s <= 1)) {
            throw new dev.sindiff.UserError("--strength must be in [0, 1], got " + s);
        }
    }

    private static int height(NDArray x) {
        return (int) x.getShape().get(2);
    }

    private static int width(NDArray x) {
        return (int) x.getShape().get(3);
    }
}
