package dev.sindiff.run;

import dev.sindiff.InvalidValue;
import java.util.Locale;

/**
 * How a trained run makes the layout of its samples when a request does not say: coarse to fine
 * ({@code "patch"}) or the network alone ({@code "none"}), chosen when training finished by
 * measuring both (see {@code dev.sindiff.eval.LayoutChooser}) and kept in {@code layout.json}.
 *
 * @param coarse {@code "patch"} or {@code "none"}
 * @param step the checkpoint step it was measured at; a choice of another step is stale
 * @param samples samples drawn each way, at the training size
 * @param seed their seed
 * @param patchSwd mean patch SWD of the coarse-to-fine samples (lower = closer to the image's patches)
 * @param patchLayout mean layout distance of the coarse-to-fine samples, pixel values of [-1, 1]
 * @param noneSwd mean patch SWD of the network's samples
 * @param noneLayout mean layout distance of the network's samples
 * @throws InvalidValue if {@code coarse} is neither
 */
public record LayoutChoice(
        String coarse, long step, int samples, long seed, double patchSwd, double patchLayout, double noneSwd, double noneLayout) {
    public static final String PATCH = "patch";
    public static final String NONE = "none";

    public LayoutChoice {
        if (!PATCH.equals(coarse) && !NONE.equals(coarse)) {
            throw new InvalidValue(LayoutChoice.class, "coarse", "must be \"patch\" or \"none\", got " + coarse);
        }
    }

    /**
     * The rule: the network alone only when its samples keep the layout at least as well and
     * match the image's patches at least as well as coarse to fine's; coarse to fine otherwise.
     */
    public static LayoutChoice of(long step, int samples, long seed, double patchSwd, double patchLayout, double noneSwd, double noneLayout) {
        boolean networkAlone = noWorseOnBoth(noneSwd, noneLayout, patchSwd, patchLayout);
        return new LayoutChoice(networkAlone ? NONE : PATCH, step, samples, seed, patchSwd, patchLayout, noneSwd, noneLayout);
    }

    /**
     * The rule of both run choices (this one and {@link PhaseChoice}): the alternative measured
     * ({@code swd}, {@code layout}) wins only when it is at least as good on both measures as the
     * default ({@code otherSwd}, {@code otherLayout}).
     */
    static boolean noWorseOnBoth(double swd, double layout, double otherSwd, double otherLayout) {
        return swd <= otherSwd && layout <= otherLayout;
    }

    /** Mean patch SWD of the chosen way's samples. */
    public double chosenSwd() {
        return NONE.equals(coarse) ? noneSwd : patchSwd;
    }

    /** Mean layout distance of the chosen way's samples. */
    public double chosenLayout() {
        return NONE.equals(coarse) ? noneLayout : patchLayout;
    }

    /** The same choice, recorded for the checkpoint of {@code newStep} (whose weights it measured). */
    public LayoutChoice atStep(long newStep) {
        return new LayoutChoice(coarse, newStep, samples, seed, patchSwd, patchLayout, noneSwd, noneLayout);
    }

    /** One line for the terminal. */
    public String summary() {
        return "default layout: " + description();
    }

    /** The choice and its measurements, e.g. "coarse to fine (--coarse patch) (8 samples each: …)". */
    public String description() {
        return String.format(Locale.ROOT,
                "%s (%d samples each: coarse to fine patch SWD %.3f, layout %.3f; network alone %.3f, %.3f)",
                NONE.equals(coarse) ? "the network alone (--coarse none)" : "coarse to fine (--coarse patch)",
                samples, patchSwd, patchLayout, noneSwd, noneLayout);
    }
}
