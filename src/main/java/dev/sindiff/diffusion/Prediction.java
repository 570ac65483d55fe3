package dev.sindiff.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Locale;

/**
 * What the network is trained to output. Samplers always receive ε; a v-network's output is
 * converted exactly with the schedule.
 *
 * <p>With α = √ᾱ_t and σ = √(1-ᾱ_t), x_t = α x_0 + σ ε, and v = α ε - σ x_0 (Salimans and Ho
 * 2022), so ε = σ x_t + α v and x_0 = α x_t - σ v. At high noise an ε-network's error reaches x̂_0
 * multiplied by σ/α (about 157 at t = 999 of the linear schedule), which shows up as a colour
 * cast over the whole sample; a v-network's error reaches it multiplied by σ ≤ 1.
 */
public enum Prediction {
    /** The noise ε (DDPM, SinDiffusion). */
    EPS,
    /** The velocity v = α ε - σ x_0. */
    V;

    /** The regression target for a batch noised with per-sample levels {@code timesteps}. */
    public NDArray target(NDArray x0, NDArray eps, float[] timesteps, NoiseSchedule schedule) {
        if (this == EPS) {
            return eps;
        }
        NDManager m = eps.getManager();
        return eps.mul(ForwardProcess.signalScales(m, timesteps, schedule)).sub(x0.mul(ForwardProcess.noiseScales(m, timesteps, schedule)));
    }

    /** ε from the network's output at x_t and per-sample levels {@code t}. */
    public NDArray toEps(NDArray output, NDArray xt, NDArray t, NoiseSchedule schedule) {
        if (this == EPS) {
            return output;
        }
        float[] ts = t.toFloatArray();
        NDManager m = output.getManager();
        return xt.mul(ForwardProcess.noiseScales(m, ts, schedule)).add(output.mul(ForwardProcess.signalScales(m, ts, schedule)));
    }

    /** The name on the command line and in messages: {@code eps} or {@code v}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
