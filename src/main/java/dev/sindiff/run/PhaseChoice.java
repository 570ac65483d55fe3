package dev.sindiff.run;

import java.util.Locale;

/**
 * Whether a run keeps its whole-image phase ({@link TrainConfig#wholeImageFraction}): the weights
 * after the crop steps and after the phase are each measured with their own default layout
 * ({@link LayoutChoice}, the same samples and seed), and the phase is kept only when its samples
 * are at least as good on both measures. Kept in {@code whole-image-phase.json}.
 *
 * @param kept whether the run's weights are those after the phase (else those after the crops)
 * @param from the step the crops ended and the phase began
 * @param step the step the phase ended (the run's checkpoint step)
 * @param crops the layout choice measured on the weights of step {@code from}
 * @param wholeImage the layout choice measured on the weights of step {@code step}
 */
public record PhaseChoice(boolean kept, long from, long step, LayoutChoice crops, LayoutChoice wholeImage) {
    /**
     * An image whose rows hold at least this share of its grey-value variance
     * ({@code Diversity.withinRowShare}) has no vertical layout for the phase to teach: a texture.
     * Its run skips the phase and ends after its crop steps. Measured on the eight images of
     * docs/layout.md ("Textures skip the phase"): the four whose phase was dropped have 0.91
     * (chelsea), 0.97 (brick), 0.98 (hubble) and 0.98 (gravel); the four that kept it 0.13
     * (coldripple) to 0.79 (bythewater, coffee).
     */
    public static final double TEXTURE_WITHIN_ROW_SHARE = 0.9;

    /**
     * Why a run on an image with this within-row share has no phase, e.g. "the image's rows hold
     * 98% of its variance (at least 90%: a texture, no layout to learn)".
     */
    public static String skipReason(double withinRowShare) {
        return String.format(Locale.ROOT, "the image's rows hold %.0f%% of its variance (at least %.0f%%: a texture, no layout to learn)",
                100 * withinRowShare, 100 * TEXTURE_WITHIN_ROW_SHARE);
    }

    /** Whether a run on an image with this within-row share of its variance tries the phase at all. */
    public static boolean worthTrying(double withinRowShare) {
        return withinRowShare < TEXTURE_WITHIN_ROW_SHARE;
    }

    /**
     * The rule: keep the phase when its weights' samples, each way sampled by its own default,
     * have a patch SWD and a layout distance at most those of the crops' weights.
     */
    public static PhaseChoice of(long from, long step, LayoutChoice crops, LayoutChoice wholeImage) {
        boolean kept = LayoutChoice.noWorseOnBoth(wholeImage.chosenSwd(), wholeImage.chosenLayout(),
                crops.chosenSwd(), crops.chosenLayout());
        return new PhaseChoice(kept, from, step, crops, wholeImage);
    }

    /** The layout choice of the weights the run keeps, for its checkpoint at {@link #step}. */
    public LayoutChoice layout() {
        return (kept ? wholeImage : crops).atStep(step);
    }

    /** One line for the terminal. */
    public String summary() {
        return "whole-image phase: " + description();
    }

    /**
     * The choice and its measurements, e.g. "kept (after steps 801-1000 on the whole image: patch
     * SWD 0.122, layout 0.165; after the crops: 0.128, 0.182)".
     */
    public String description() {
        return String.format(Locale.ROOT, "%s (after steps %d-%d on the whole image: patch SWD %.3f, layout %.3f;"
                        + " after the crops: %.3f, %.3f)",
                kept ? "kept" : "dropped, the run keeps the weights of step " + from, from + 1, step,
                wholeImage.chosenSwd(), wholeImage.chosenLayout(), crops.chosenSwd(), crops.chosenLayout());
    }
}
