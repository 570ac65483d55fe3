package dev.sindiff.train;

import dev.sindiff.diffusion.NoiseSchedule;
import dev.sindiff.diffusion.ScheduleKind;

/** The forward process a model was trained for. */
public record DiffusionConfig(ScheduleKind schedule, int steps) {
    public static DiffusionConfig sindiffusion() {
        return new DiffusionConfig(ScheduleKind.LINEAR, 1000);
    }

    public NoiseSchedule noiseSchedule() {
        return NoiseSchedule.of(schedule, steps);
    }
}
