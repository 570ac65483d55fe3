package dev.sindiff.diffusion;

/**
 * The forward process a model was trained for, and what its network predicts.
 *
 * @param prediction ε (SinDiffusion) or v; absent in runs written before it existed, which are ε
 */
public record DiffusionConfig(ScheduleKind schedule, int steps, Prediction prediction) {
    public DiffusionConfig {
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
