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

    public static DiffusionConfig sindiffusion() {
        return new DiffusionConfig(ScheduleKind.LINEAR, 1000, Prediction.EPS);
    }

    public DiffusionConfig withPrediction(Prediction p) {
        return new DiffusionConfig(schedule, steps, p);
    }

    public NoiseSchedule noiseSchedule() {
        return NoiseSchedule.of(schedule, steps);
    }
}
