package dev.sindiff.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;

/**
 * The loop every timestep-based solver shares: walks a descending list of timesteps, runs one
 * update per step inside its own scope (so each step's temporaries are freed at once) and keeps
 * only the new x and the step's x̂_0 (which multistep solvers reuse). Hooks see every x̂_0 and
 * every new x; with resampling, a step is redone after noising its result back. Subclasses write
 * the update of one step.
 */
abstract class TimestepSolver implements Solver {
    protected final NoiseSchedule schedule;
    /** Descending timesteps to visit; {@code timesteps[i+1]} is step i's target level (-1 = clean). */
    protected final int[] timesteps;

    TimestepSolver(NoiseSchedule schedule, int[] timesteps) {
        if (timesteps.length == 0) {
            throw new IllegalArgumentException("a sampler needs at least one timestep");
        }
        for (int i = 1; i < timesteps.length; i++) {
            if (timesteps[i] >= timesteps[i - 1]) {
                throw new IllegalArgumentException("timesteps must be strictly descending");
            }
        }
        this.schedule = schedule;
        this.timesteps = timesteps.clone();
    }

    /** The outcome of one step: the new x and the clean-image prediction it was built from. */
    protected record Step(NDArray x, NDArray x0) {}

    /** The denoiser at an integer timestep, counting its evaluations and applying x̂_0 hooks. */
    protected final class Model {
        private final Denoiser denoiser;
        private final Hooks hooks;
        private int evaluations;

        Model(Denoiser denoiser, Hooks hooks) {
            this.denoiser = denoiser;
            this.hooks = hooks;
        }

        /** ε̂(x, t). */
        NDArray eps(NDArray x, int t) {
            evaluations++;
            NDArray tt = x.getManager().full(new Shape(x.getShape().get(0)), (float) t);
            return denoiser.predictNoise(x, tt);
        }

        /**
         * x̂_0 = √(1/ᾱ_t) x_t - √(1/ᾱ_t - 1) ε̂, clipped to [-1, 1] as SinDiffusion does, then
         * passed through the hooks (guidance) and clipped again.
         */
        NDArray x0(NDArray x, int t) {
            NDArray x0 = x.mul((float) schedule.sqrtRecipAlphaCumprod(t))
                    .sub(eps(x, t).mul((float) schedule.sqrtRecipm1AlphaCumprod(t)))
                    .clip(-1f, 1f);
            if (hooks.list().isEmpty()) {
                return x0;
            }
            for (StepHook h : hooks.list()) {
                x0 = h.onX0(x0, x, t);
            }
            return x0.clip(-1f, 1f);
        }
    }

    @Override
    public int evaluations() {
        return timesteps.length;
    }

    @Override
    public NDArray sample(Denoiser denoiser, NDArray x, NoiseSource noise, Hooks hooks, Progress progress) {
        NDManager home = x.getManager();
        Model model = new Model(denoiser, hooks);
        int total = evaluations() * hooks.resample();
        NDArray current = x;
        NDArray lastX0 = null;
        for (int i = 0; i < timesteps.length; i++) {
            Step step;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                step = hookedStep(model, current, i, lastX0, noise, hooks);
                NDScope.unregister(step.x(), step.x0());
            }
            step.x().attach(home);
            step.x0().attach(home);
            NDArray oldX = current;
            NDArray oldX0 = lastX0;
            current = step.x();
            lastX0 = step.x0();
            if (oldX != x) {
                oldX.close();
            }
            if (oldX0 != null && oldX0 != oldX) {
                oldX0.close();
            }
            progress.update(model.evaluations, total);
        }
        if (lastX0 != null && lastX0 != current) {
            lastX0.close();
        }
        return current;
    }

    /** Step i with the projections after it, repeated {@code resample} times (RePaint). */
    private Step hookedStep(Model model, NDArray x, int i, NDArray previousX0, NoiseSource noise, Hooks hooks) {
        int level = target(i);
        NDArray in = x;
        for (int r = 0; ; r++) {
            Step s = step(model, in, i, previousX0, noise);
            NDArray projected = s.x();
            for (StepHook h : hooks.list()) {
                projected = h.onStep(projected, level, noise);
            }
            if (r + 1 >= hooks.resample()) {
                return new Step(projected, s.x0());
            }
            in = ForwardProcess.renoised(schedule, projected, level, timesteps[i], noise);
        }
    }

    /** Target level of step i: the next timestep, or -1 (the clean image) after the last. */
    protected int target(int i) {
        return i + 1 < timesteps.length ? timesteps[i + 1] : -1;
    }

    /**
     * One update from {@code timesteps[i]} to {@link #target(int) target(i)}.
     *
     * @param previousX0 the x̂_0 the previous step returned, or null at the first step
     */
    protected abstract Step step(Model model, NDArray x, int i, NDArray previousX0, NoiseSource noise);

    /** ε consistent with x_t and a (clipped, guided) x̂_0: (√(1/ᾱ_t) x_t - x̂_0) / √(1/ᾱ_t - 1). */
    protected NDArray epsFromX0(NDArray x, NDArray x0, int t) {
        return x.mul((float) schedule.sqrtRecipAlphaCumprod(t))
                .sub(x0)
                .div((float) schedule.sqrtRecipm1AlphaCumprod(t));
    }
}
