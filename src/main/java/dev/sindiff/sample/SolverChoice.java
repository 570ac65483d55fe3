package dev.sindiff.sample;

import dev.sindiff.InvalidValue;
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
 * The user's choice of solver: an algorithm and its settings, made into a {@link Solver} for a
 * model's schedule by {@link #solver}.
 *
 * @param algorithm the algorithm
 * @param steps timesteps visited, at least 1 (ignored by DDPM, which visits all T). Denoiser
 *     evaluations are {@code steps} for DDIM and DPM-Solver++, {@code 2·steps - 1} for Heun.
 * @param eta DDIM stochasticity in [0, 1] (0 deterministic, 1 DDPM-like); ignored by the others
 * @param spacing which timesteps the few-step solvers visit
 */
public record SolverChoice(Algorithm algorithm, int steps, double eta, Spacing spacing) {
    /** The algorithms, each written as its short name ({@link #toString()}: ddpm, ddim, dpm++2m, heun). */
    public enum Algorithm {
        /** Ancestral sampling over all T steps ({@link DdpmSolver}). */
        DDPM("ddpm", 0),
        /** DDIM, 100 uniformly spaced steps by default ({@link DdimSolver}). */
        DDIM("ddim", 100),
        /** DPM-Solver++(2M), 20 Karras-spaced steps by default ({@link DpmSolverPlusPlus}). */
        DPMPP_2M("dpm++2m", 20),
        /** Heun's second-order method, 10 Karras-spaced steps (19 evaluations) by default ({@link HeunSolver}). */
        HEUN("heun", 10);

        private final String shortName;
        private final int defaultSteps;

        Algorithm(String shortName, int defaultSteps) {
            this.shortName = shortName;
            this.defaultSteps = defaultSteps;
        }

        /** Steps visited unless the user says (0 for DDPM, which visits all T). */
        public int defaultSteps() {
            return defaultSteps;
        }

        /** Spacing unless the user says: uniform for DDIM (its paper's), Karras for the others. */
        public Spacing defaultSpacing() {
            return this == DDIM ? Spacing.UNIFORM : Spacing.KARRAS;
        }

        /**
         * The algorithm of a short name, in any case, with "pp" for "++" and dashes or underscores
         * ignored (dpm++2m = DPMPP_2M = dpm-pp-2m).
         *
         * @throws InvalidValue naming the algorithms for any other name
         */
        public static Algorithm named(String name) {
            String k = name.toLowerCase(Locale.ROOT).replace("pp", "++").replace("-", "").replace("_", "");
            for (Algorithm a : values()) {
                if (a.shortName.equals(k)) {
                    return a;
                }
            }
            throw InvalidValue.of("sampler", "must be one of " + Arrays.stream(values()).map(Algorithm::toString)
                    .collect(Collectors.joining(", ")), "'" + name + "'");
        }

        /** The short name: ddpm, ddim, dpm++2m or heun. */
        @Override
        public String toString() {
            return shortName;
        }
    }

    /** The default: the best few-step solver measured on the shipped model (docs/quality.md, "Samplers"). */
    public static final SolverChoice DEFAULT = dpmSolver(20, Spacing.KARRAS);

    /** @throws InvalidValue if {@code steps} or {@code eta} is out of range */
    public SolverChoice {
        InvalidValue.require(algorithm == Algorithm.DDPM || steps >= 1, "steps", "must be >= 1", steps);
        InvalidValue.require(eta >= 0 && eta <= 1, "eta", "must be in [0, 1]", eta);
    }

    public static SolverChoice ddpm() {
        return new SolverChoice(Algorithm.DDPM, 0, 1, Spacing.UNIFORM);
    }

    public static SolverChoice ddim(int steps, double eta) {
        return new SolverChoice(Algorithm.DDIM, steps, eta, Spacing.UNIFORM);
    }

    public static SolverChoice dpmSolver(int steps, Spacing spacing) {
        return new SolverChoice(Algorithm.DPMPP_2M, steps, 0, spacing);
    }

    public static SolverChoice heun(int steps, Spacing spacing) {
        return new SolverChoice(Algorithm.HEUN, steps, 0, spacing);
    }

    /**
     * {@code algorithm} with the settings given, each null one the algorithm's default.
     *
     * @param steps timesteps visited, or null for {@link Algorithm#defaultSteps()}
     * @param eta DDIM stochasticity in [0, 1]
     * @param spacing the spacing, or null for {@link Algorithm#defaultSpacing()}
     * @throws InvalidValue if {@code steps} or {@code eta} is out of range
     */
    public static SolverChoice of(Algorithm algorithm, Integer steps, double eta, Spacing spacing) {
        return new SolverChoice(algorithm, steps != null ? steps : algorithm.defaultSteps(), eta,
                spacing != null ? spacing : algorithm.defaultSpacing());
    }

    /**
     * The solver for unconditional generation, from the noisiest level.
     *
     * @throws InvalidValue if {@code steps} exceeds the schedule's T
     */
    public Solver solver(NoiseSchedule schedule) {
        return solver(schedule, schedule.steps() - 1);
    }

    /**
     * The solver starting at level {@code start} (image-to-image): {@code steps} timesteps
     * spaced over [0, start], or every level below it when there are fewer.
     *
     * @throws InvalidValue if {@code steps} exceeds the schedule's T
     */
    public Solver solver(NoiseSchedule schedule, int start) {
        InvalidValue.require(algorithm == Algorithm.DDPM || steps <= schedule.steps(), "steps",
                "must be at most the model's " + schedule.steps() + " diffusion steps", steps);
        int k = Math.min(steps, start + 1);
        return switch (algorithm) {
            case DDPM -> new DdpmSolver(schedule, DdpmSolver.Variance.LARGE, start);
            case DDIM -> new DdimSolver(schedule, spacing.timesteps(schedule, k, start), eta);
            case DPMPP_2M -> new DpmSolverPlusPlus(schedule, spacing.timesteps(schedule, k, start));
            case HEUN -> new HeunSolver(schedule, spacing.timesteps(schedule, k, start));
        };
    }

    /** This choice with {@code n} steps. */
    public SolverChoice withSteps(int n) {
        return new SolverChoice(algorithm, n, eta, spacing);
    }

    @Override
    public String toString() {
        return switch (algorithm) {
            case DDPM -> "ddpm";
            case DDIM -> String.format(Locale.ROOT, "ddim(steps=%d, eta=%s, spacing=%s)", steps, eta, spacing);
            default -> String.format(Locale.ROOT, "%s(steps=%d, spacing=%s)", algorithm, steps, spacing);
        };
    }
}
