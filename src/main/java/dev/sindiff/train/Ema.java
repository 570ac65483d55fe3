package dev.sindiff.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDScope;
import java.util.List;

/**
 * Exponential moving average of the weights, kept in a second network whose parameters are the
 * averages (so the average model samples directly). The decay warms up as min(decay,
 * (1+n)/(10+n)) so that short runs get a usable average instead of their initial weights.
 */
public final class Ema {
    private Ema() {}

    /** The decay used at update number {@code n} (0-based). */
    public static double effectiveDecay(double decay, long n) {
        return Math.min(decay, (1.0 + n) / (10.0 + n));
    }

    /** shadow ← d·shadow + (1-d)·live, in place. */
    public static void update(List<NDArray> shadow, List<NDArray> live, double d) {
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            for (int i = 0; i < shadow.size(); i++) {
                shadow.get(i).muli((float) d).addi(live.get(i).mul((float) (1 - d)));
            }
        }
    }
}
