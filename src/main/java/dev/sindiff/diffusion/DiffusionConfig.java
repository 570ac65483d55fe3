package dev.sindiff.diffusion;

import dev.sindiff.InvalidValue;

/**
 * The forward process a model was trained for, and what its network predicts.
 *
 * @param schedule how β_t grows with t
 * @param steps T, the number of noise levels, in [2, {@value #MAX_STEPS}]
 * @param prediction ε (SinDiffusion) or v; absent in runs written before it existed, which are ε
 * @throws InvalidValue if the schedule is missing or T is out of range
 */
public record DiffusionConfig(ScheduleKind schedule, int steps, Prediction prediction) {
    /** The largest T accepted. */
    public static final int MAX_STEPS = 100_000;

    public DiffusionConfig {
        if (schedule == null) {
            throw new InvalidValue(DiffusionConfig.class, "schedule", "must be given (one of linear, cosine)");
        }
        if (steps < 2 || steps > MAX_STEPS) {
            throw new InvalidValue(DiffusionConfig.class, "steps", "must be in [2, " + MAX_STEPS + "], got " + steps);
        }
        prediction = prediction == null ? Prediction.EPS : prediction;
    }

    public DiffusionConfig(ScheduleKind schedule, int steps) {
        this(schedule, steps, Prediction.EPS);
    }

    /** SinDiffusion's: the linear schedule of Ho et al. with T = 1000, ε-prediction. */
    public static DiffusionConfig sindiffusion() {
        return new DiffusionConfig(ScheduleKind.LINEAR, 1000, Prediction.EPS);
    }

    /**
     * SinDiffusion's schedule with v-prediction: the fast recipe's, and the schedule the
     * training-free image model samples on.
     */
    public static DiffusionConfig fast() {
        return sindiffusion().withPrediction(Prediction.V);
    }

    public DiffusionConfig withPrediction(Prediction p) {
        return new DiffusionConfig(schedule, steps, p);
    }

    public NoiseSchedule noiseSchedule() {
        return NoiseSchedule.of(schedule, steps);
    }
}
