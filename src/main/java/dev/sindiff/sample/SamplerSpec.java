package dev.sindiff.sample;

import dev.sindiff.UserError;
import dev.sindiff.diffusion.DdimSampler;
import dev.sindiff.diffusion.DdpmSampler;
import dev.sindiff.diffusion.NoiseSchedule;
import dev.sindiff.diffusion.Sampler;

/**
 * A sampler chosen by the user.
 *
 * @param kind algorithm
 * @param steps denoiser evaluations (DDIM); ignored by DDPM, which visits all T steps
 * @param eta DDIM stochasticity (0 deterministic, 1 DDPM-like)
 */
public record SamplerSpec(Kind kind, int steps, double eta) {
    public enum Kind { DDPM, DDIM }

    public SamplerSpec {
        if (kind == Kind.DDIM && steps < 1) {
            throw new UserError("--steps must be >= 1 for DDIM, got " + steps);
        }
        if (!(eta >= 0 && eta <= 1)) {
            throw new UserError("--eta must be in [0, 1], got " + eta);
        }
    }

    public static SamplerSpec ddpm() {
        return new SamplerSpec(Kind.DDPM, 0, 1);
    }

    public static SamplerSpec ddim(int steps, double eta) {
        return new SamplerSpec(Kind.DDIM, steps, eta);
    }

    public Sampler create(NoiseSchedule schedule) {
        return switch (kind) {
            case DDPM -> new DdpmSampler(schedule, DdpmSampler.Variance.LARGE);
            case DDIM -> {
                if (steps > schedule.steps()) {
                    throw new UserError("--steps must be at most the model's " + schedule.steps() + " diffusion steps, got " + steps);
                }
                yield new DdimSampler(schedule, steps, eta);
            }
        };
    }

    @Override
    public String toString() {
        return kind == Kind.DDPM ? "ddpm" : "ddim(steps=" + steps + ", eta=" + eta + ")";
    }
}
