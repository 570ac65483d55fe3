package dev.sindiff.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;

/**
 * The loop every timestep-based sampler shares: walks a descending list of timesteps, runs one
 * update per step inside its own scope (so each step's temporaries are freed at once) and keeps
 * only the new x. Subclasses write the update of one step.
 */
abstract class TimestepSampler implements Sampler {
    protected final NoiseSchedule schedule;
    /** Descending timesteps to visit; {@code timesteps[i+1]} is step i's target level (-1 = clean). */
    protected final int[] timesteps;

    TimestepSampler(NoiseSchedule schedule, int[] timesteps) {
        this.schedule = schedule;
        this.timesteps = timesteps.clone();
    }

    @Override
    public int evaluations() {
        return timesteps.length;
    }

    @Override
    public NDArray sample(Denoiser denoiser, NDArray x, NoiseSource noise, StepListener listener) {
        NDArray current = x;
        for (int i = 0; i < timesteps.length; i++) {
            int t = timesteps[i];
            int prev = i + 1 < timesteps.length ? timesteps[i + 1] : -1;
            NDArray next;
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                NDArray tt = current.getManager().full(new Shape(current.getShape().get(0)), (float) t);
                NDArray eps = denoiser.predictNoise(current, tt);
                next = step(current, eps, t, prev, noise);
                NDScope.unregister(next);
            }
            next.attach(x.getManager());
            if (current != x) {
                current.close();
            }
            current = next;
            listener.onStep(i + 1, timesteps.length);
        }
        return current;
    }

    /** One update from level t to level prev (-1 = clean image), given the predicted ε. */
    protected abstract NDArray step(NDArray x, NDArray eps, int t, int prev, NoiseSource noise);

    /** x̂_0 = √(1/ᾱ_t) x_t - √(1/ᾱ_t - 1) ε, clipped to [-1, 1] as SinDiffusion does. */
    protected NDArray predictX0(NDArray x, NDArray eps, int t) {
        return x.mul((float) schedule.sqrtRecipAlphaCumprod(t))
                .sub(eps.mul((float) schedule.sqrtRecipm1AlphaCumprod(t)))
                .clip(-1f, 1f);
    }

    /** ε consistent with x_t and a (clipped) x̂_0: (√(1/ᾱ_t) x_t - x̂_0) / √(1/ᾱ_t - 1). */
    protected NDArray epsFromX0(NDArray x, NDArray x0, int t) {
        return x.mul((float) schedule.sqrtRecipAlphaCumprod(t))
                .sub(x0)
                .div((float) schedule.sqrtRecipm1AlphaCumprod(t));
    }

    /** Evenly spaced descending timesteps: ⌊i·T/k⌋ for i = k-1 … 0. */
    static int[] spaced(int total, int k) {
        if (k < 1 || k > total) {
            throw new IllegalArgumentException("steps must be in [1, " + total + "], got " + k);
        }
        int[] ts = new int[k];
        for (int i = 0; i < k; i++) {
            ts[k - 1 - i] = (int) ((long) i * total / k);
        }
        return ts;
    }
}
