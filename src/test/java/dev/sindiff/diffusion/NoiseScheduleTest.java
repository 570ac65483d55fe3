package dev.sindiff.diffusion;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NoiseScheduleTest {
    private final NoiseSchedule s = NoiseSchedule.sindiffusion();

    @Test
    void linearBetasSpanSinDiffusionRange() {
        assertEquals(1000, s.steps());
        assertEquals(1e-4, s.beta(0), 1e-15);
        assertEquals(0.02, s.beta(999), 1e-15);
        assertEquals(1e-4 + (0.02 - 1e-4) * 500 / 999.0, s.beta(500), 1e-15);
    }

    @Test
    void alphaCumprodIsTheProductOfOneMinusBeta() {
        double prod = 1;
        for (int t = 0; t < s.steps(); t++) {
            prod *= 1 - s.beta(t);
            assertEquals(prod, s.alphaCumprod(t), 1e-14);
            assertEquals(t == 0 ? 1.0 : s.alphaCumprod(t - 1), s.alphaCumprodPrev(t), 1e-14);
        }
        // Known value for the linear schedule: ᾱ_999 ≈ 4.04e-5
        assertEquals(4.035e-5, s.alphaCumprod(999), 1e-7);
    }

    @Test
    void posteriorMeanMatchesEpsilonForm() {
        // Ho et al. eq. 11: μ̃ = (x_t - β_t/√(1-ᾱ_t) ε) / √α_t, with x_t = √ᾱ x0 + √(1-ᾱ) ε
        double x0 = 0.3;
        double eps = -1.7;
        for (int t : new int[] {1, 10, 500, 999}) {
            double xt = s.sqrtAlphaCumprod(t) * x0 + s.sqrtOneMinusAlphaCumprod(t) * eps;
            double viaCoefs = s.posteriorMeanCoefX0(t) * x0 + s.posteriorMeanCoefXt(t) * xt;
            double viaEps = (xt - s.beta(t) / s.sqrtOneMinusAlphaCumprod(t) * eps) / Math.sqrt(1 - s.beta(t));
            assertEquals(viaEps, viaCoefs, 1e-12);
            // x̂0 from the true ε recovers x0 exactly
            assertEquals(x0, s.sqrtRecipAlphaCumprod(t) * xt - s.sqrtRecipm1AlphaCumprod(t) * eps, 1e-12);
        }
    }

    @Test
    void posteriorVarianceClosedForm() {
        for (int t : new int[] {1, 2, 100, 999}) {
            double expected = (1 - s.alphaCumprod(t - 1)) / (1 - s.alphaCumprod(t)) * s.beta(t);
            assertEquals(expected, s.posteriorVariance(t), 1e-15);
            assertTrue(s.posteriorVariance(t) < s.beta(t));
        }
        assertEquals(0.0, s.posteriorVariance(0), 0.0);
        assertEquals(s.posteriorVariance(1), s.largeVariance(0), 0.0);
        assertEquals(s.beta(5), s.largeVariance(5), 0.0);
    }

    @Test
    void cosineScheduleFollowsItsFormula() {
        NoiseSchedule c = NoiseSchedule.of(ScheduleKind.COSINE, 1000);
        double f0 = Math.pow(Math.cos(0.008 / 1.008 * Math.PI / 2), 2);
        for (int t : new int[] {0, 10, 500, 900}) {
            double ft = Math.pow(Math.cos(((t + 1) / 1000.0 + 0.008) / 1.008 * Math.PI / 2), 2);
            assertEquals(ft / f0, c.alphaCumprod(t), 1e-9);
        }
        assertEquals(0.999, c.beta(999), 1e-12);
    }

    @Test
    void snrDecreases() {
        for (int t = 1; t < s.steps(); t++) {
            assertTrue(s.snr(t) < s.snr(t - 1));
        }
    }
}
