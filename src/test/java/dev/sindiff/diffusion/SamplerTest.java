package dev.sindiff.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class SamplerTest {
    /** An analytic denoiser: the optimal ε for data that is a point mass at c (x0 = c everywhere). */
    private static Denoiser pointMass(NoiseSchedule s, float c) {
        return (x, t) -> {
            int ti = (int) t.getFloat(0);
            return x.sub(c * (float) s.sqrtAlphaCumprod(ti)).div((float) s.sqrtOneMinusAlphaCumprod(ti));
        };
    }

    private static float[] run(Sampler sampler, Denoiser d, long seed) {
        try (NDManager m = NDManager.newBaseManager()) {
            SeededNoise noise = new SeededNoise(new long[] {seed, seed + 1}, m);
            NDArray x = noise.next(m, new Shape(2, 3, 5, 7));
            return sampler.sample(d, x, noise, Sampler.StepListener.NONE).toFloatArray();
        }
    }

    @Test
    void ddimWithEtaOneOnTheFullScheduleIsDdpmWithPosteriorVariance() {
        NoiseSchedule s = NoiseSchedule.of(ScheduleKind.LINEAR, 100);
        // A denoiser that is not exact, so that x̂0 varies and is clipped sometimes.
        Denoiser d = (x, t) -> x.mul(0.7f).tanh();
        float[] ddpm = run(new DdpmSampler(s, DdpmSampler.Variance.SMALL), d, 42);
        float[] ddim = run(new DdimSampler(s, 100, 1.0), d, 42);
        assertArrayEquals(ddpm, ddim, 2e-4f);
    }

    @Test
    void ddimStepEqualsPosteriorMeanAndVarianceInClosedForm() {
        NoiseSchedule s = NoiseSchedule.sindiffusion();
        for (int t : new int[] {1, 50, 999}) {
            double ab = s.alphaCumprod(t);
            double abPrev = s.alphaCumprodPrev(t);
            double sigma2 = (1 - abPrev) / (1 - ab) * (1 - ab / abPrev);
            assertEquals(s.posteriorVariance(t), sigma2, 1e-12);
            double x0 = 0.4;
            double eps = 0.9;
            double xt = Math.sqrt(ab) * x0 + Math.sqrt(1 - ab) * eps;
            double ddimMean = Math.sqrt(abPrev) * x0 + Math.sqrt(1 - abPrev - sigma2) * eps;
            double ddpmMean = s.posteriorMeanCoefX0(t) * x0 + s.posteriorMeanCoefXt(t) * xt;
            assertEquals(ddpmMean, ddimMean, 1e-9);
        }
    }

    @Test
    void deterministicDdimIsReproducibleAndConverges() {
        NoiseSchedule s = NoiseSchedule.sindiffusion();
        Denoiser d = pointMass(s, 0.25f);
        float[] a = run(new DdimSampler(s, 20, 0.0), d, 7);
        float[] b = run(new DdimSampler(s, 20, 0.0), d, 7);
        assertArrayEquals(a, b, 0f);
        for (float v : a) {
            assertEquals(0.25f, v, 1e-3f); // the exact denoiser of a point mass lands on it
        }
        float[] ddpm = run(new DdpmSampler(s, DdpmSampler.Variance.LARGE), d, 7);
        for (float v : ddpm) {
            assertEquals(0.25f, v, 0.05f);
        }
    }

    @Test
    void samplesDoNotDependOnTheBatchTheyAreDrawnIn() {
        try (NDManager m = NDManager.newBaseManager()) {
            SeededNoise pair = new SeededNoise(new long[] {11, 12}, m);
            SeededNoise single = new SeededNoise(new long[] {12}, m);
            float[] both = pair.next(m, new Shape(2, 3, 4, 4)).get(1).toFloatArray();
            float[] one = single.next(m, new Shape(1, 3, 4, 4)).get(0).toFloatArray();
            assertArrayEquals(one, both, 0f);
        }
    }

    @Test
    void spacedTimestepsDescendAndEndAtZero() {
        int[] ts = TimestepSampler.spaced(1000, 25);
        assertEquals(25, ts.length);
        assertEquals(0, ts[24]);
        assertEquals(960, ts[0]);
        for (int i = 1; i < ts.length; i++) {
            assertTrue(ts[i] < ts[i - 1]);
        }
        assertEquals(1000, TimestepSampler.spaced(1000, 1000).length);
    }
}
