package dev.sindiff.diffusion;

import dev.sindiff.InvalidValue;
import java.util.List;

/**
 * The hooks of a sampling run and RePaint's resampling: each step is taken {@code resample}
 * times, the first {@code resample - 1} results being noised back to the step's level and
 * denoised again, so that the generated and the projected regions agree (Lugmayr et al. 2022).
 *
 * @param list called in order, at every step
 * @param resample 1 = no resampling, up to {@value #MAX_RESAMPLE}; denoiser evaluations grow by this factor
 */
public record Hooks(List<StepHook> list, int resample) {
    /** The most times a step is taken: RePaint's seam is blended well before. */
    public static final int MAX_RESAMPLE = 20;

    public static final Hooks NONE = new Hooks(List.of(), 1);

    /** @throws InvalidValue if {@code resample} is out of range */
    public Hooks {
        list = List.copyOf(list);
        InvalidValue.require(resample >= 1 && resample <= MAX_RESAMPLE, "resample", "must be in [1, 20]", resample);
    }

    public static Hooks of(StepHook... hooks) {
        return new Hooks(List.of(hooks), 1);
    }

    public Hooks withResample(int r) {
        return new Hooks(list, r);
    }

    public Hooks and(StepHook hook) {
        List<StepHook> l = new java.util.ArrayList<>(list);
        l.add(hook);
        return new Hooks(l, resample);
    }
}
