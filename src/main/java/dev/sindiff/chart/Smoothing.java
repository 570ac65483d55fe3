package dev.sindiff.chart;

/** Curve smoothing for charts. */
public final class Smoothing {
    private Smoothing() {}

    /**
     * Bias-corrected exponential moving average (as TensorBoard draws loss curves):
     * m_i = a m_{i-1} + (1-a) y_i with m_{-1} = 0, divided by 1 - a^(i+1), with a = 1 - 2/(span+1).
     * The correction makes the first points the average of what was seen so far, not a ramp from 0.
     */
    public static double[] ema(double[] y, int span) {
        if (span < 1) {
            throw new IllegalArgumentException("span must be >= 1, got " + span);
        }
        double a = 1 - 2.0 / (span + 1);
        double[] out = new double[y.length];
        double m = 0;
        double weight = 0;
        for (int i = 0; i < y.length; i++) {
            m = a * m + (1 - a) * y[i];
            weight = a * weight + (1 - a);
            out[i] = m / weight;
        }
        return out;
    }

    /** The span used for a loss curve of n points: n/50, between 5 and 500. */
    public static int spanFor(int n) {
        return Math.max(5, Math.min(500, n / 50));
    }
}
