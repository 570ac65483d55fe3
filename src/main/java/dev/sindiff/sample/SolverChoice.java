package dev.sindiff.sample;

import dev.sindiff.UserError;
import dev.sindiff.diffusion.DdimSolver;
import dev.sindiff.diffusion.DdpmSolver;
import dev.sindiff.diffusion.DpmSolverPlusPlus;
import dev.sindiff.diffusion.HeunSolver;
import dev.sindiff.diffusion.NoiseSchedule;
import dev.sindiff.diffusion.Solver;
import dev.sindiff.diffusion.Spacing;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A sampler chosen by the user.
 *
 * @param kind algorithm
 * @param steps timesteps visited (ignored by DDPM, which visits all T). Denoiser evaluations are
 *     {@code steps} for DDIM and DPM-Solver++, {@code 2·steps - 1} for Heun.
 * @param eta DDIM stochasticity (0 deterministic, 1 DDPM-like); ignored by the others
 * @param spacing which timesteps the few-step samplers visit
 */
public record SolverChoice(Kind kind, int steps, double eta, Spacing spacing) {
    /** The algorithms, with their command-line names. */
    public enum Kind {
        DDPM("ddpm"), DDIM("ddim"), DPMPP_2M("dpm++2m"), HEUN("heun");

        public final String cliName;

        Kind(String cliName) {
            this.cliName = cliName;
        }

        public static Kind parse(String s) {
            String k = s.toLowerCase(Locale.ROOT).replace("pp", "++").replace("-", "").replace("_", "");
            for (Kind kind : values()) {
                if (kind.cliName.replace("-", "").equals(k)) {
                    return kind;
                }
            }
            throw new UserError("--sampler must be one of " + names() + ", got '" + s + "'");
        }

        static String names() {
            return Arrays.stream(values()).map(k -> k.cliName).collect(Collectors.joining(", "));
        }
    }

    /** The default: the best few-step sampler measured on the shipped model (README, "Samplers"). */
    public static final SolverChoice DEFAULT = dpmSolver(20, Spacing.KARRAS);

    public SolverChoice {
        if (kind != Kind.DDPM && steps < 1) {
            throw new UserError("--steps must be >= 1, got " + steps);
        }
        if (!(eta >= 0 && eta <= 1)) {
            throw new UserError("--eta must be in [0, 1], got " + eta);
        }
    }

    public static SolverChoice ddpm() {
        return new SolverChoice(Kind.DDPM, 0, 1, Spacing.UNIFORM);
    }

    public static SolverChoice ddim(int steps, double eta) {
        return new SolverChoice(Kind.DDIM, steps, eta, Spacing.UNIFORM);
    }

    public static SolverChoice dpmSolver(int steps, Spacing spacing) {
        return new SolverChoice(Kind.DPMPP_2M, steps, 0, spacing);
    }

    public static SolverChoice heun(int steps, Spacing spacing) {
        return new SolverChoice(Kind.HEUN, steps, 0, spacing);
    }

    /** Parses the command-line choice; {@code steps} null means the algorithm's default. */
    public static SolverChoice parse(String kind, Integer steps, double eta, String spacing) {
        Kind k = Kind.parse(kind);
        Spacing sp;
        try {
            sp = spacing == null ? (k == Kind.DDIM ? Spacing.UNIFORM : Spacing.KARRAS) : Spacing.parse(spacing);
        } catch (IllegalArgumentException e) {
            throw new UserError("--spacing must be uniform, quadratic or karras, got '" + spacing + "'");
        }
        int defaultSteps = switch (k) {
            case DDPM -> 0;
            case DDIM -> 100;
            case DPMPP_2M -> DEFAULT.steps();
            case HEUN -> 10;
        };
        return new SolverChoice(k, steps == null ? defaultSteps : steps, eta, sp);
    }

    /** The sampler for unconditional generation, from the noisiest level. */
    public Solver create(NoiseSchedule schedule) {
        return create(schedule, schedule.steps() - 1);
    }

    /**
     * The sampler starting at level {@code start} (image-to-image): {@code steps} timesteps
     * spaced over [0, start], or every level below it when there are fewer.
     */
    public Solver create(NoiseSchedule schedule, int start) {
        if (kind != Kind.DDPM && steps > schedule.steps()) {
            throw new UserError("--steps must be at most the model's " + schedule.steps() + " diffusion steps, got " + steps);
        }
        int k = Math.min(steps, start + 1);
        return switch (kind) {
            case DDPM -> new DdpmSolver(schedule, DdpmSolver.Variance.LARGE, start);
            case DDIM -> new DdimSolver(schedule, spacing.timesteps(schedule, k, start), eta);
            case DPMPP_2M -> new DpmSolverPlusPlus(schedule, spacing.timesteps(schedule, k, start));
            case HEUN -> new HeunSolver(schedule, spacing.timesteps(schedule, k, start));
        };
    }

    @Override
    public String toString() {
        return switch (kind) {
            case DDPM -> "ddpm";
            case DDIM -> String.format(Locale.ROOT, "ddim(steps=%d, eta=%s, spacing=%s)", steps, eta, spacing);
            default -> String.format(Locale.ROOT, "%s(steps=%d, spacing=%s)", kind.cliName, steps, spacing);
        };
    }
}
