package dev.sindiff.run;

import java.util.Locale;

/** The learning rate over a run: optional linear warm-up, then constant or cosine decay. */
public enum LearningRate {
    /** SinDiffusion's constant rate. */
    CONSTANT,
    /** Half a cosine from the base rate down to {@link #FLOOR} of it at the last step. */
    COSINE;

    /** The cosine ends at this fraction of the base rate. */
    public static final double FLOOR = 0.1;

    /**
     * The rate for update n (0-based) of a run of {@code total} steps:
     * base · min(1, (n+1)/warmup) · d(n), with d = 1 (constant) or
     * FLOOR + (1 - FLOOR)(1 + cos(π n/(total-1)))/2 (cosine).
     */
    public double at(long n, double base, int warmup, long total) {
        double w = warmup > 0 ? Math.min(1.0, (n + 1) / (double) warmup) : 1.0;
        if (this == CONSTANT || total <= 1) {
            return base * w;
        }
        double progress = Math.min(1.0, n / (double) (total - 1));
        return base * w * (FLOOR + (1 - FLOOR) * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }

    /** The name on the command line: {@code constant} or {@code cosine}. */
    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
