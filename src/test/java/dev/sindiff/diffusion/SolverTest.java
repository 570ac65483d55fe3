package dev.sindiff.diffusion;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class SolverTest {
    /** An analytic denoiser: the optimal ε for data that is a point mass at c (x0 = c everywhere). */
    private static Denoiser pointMass(NoiseSchedule s, float c) {
        return (x, t) -> {
            int ti = (int) t.getFloat(0);
            return x.sub(c * (float) s.sqrtAlphaCumprod(ti)).div((float) s.sqrtOneMinusAlphaCumprod(ti));
        };
    }

    private static float[] run(Solver sampler, Denoiser d, long seed) {
        try (NDManager m = NDManager.newBaseManager()) {
            SeededNoise noise = new SeededNoise(new long[] {seed, seed + 1}, m);
            NDArray x = noise.next(m, new Shape(2, 3, 5, 7));
            return sampler.sample(d, x, noise, Progress.NONE).toFloatArray();
        }
    }

    @Test
    void ddimWithEtaOneOnTheFullScheduleIsDdpmWithPosteriorVariance() {
        NoiseSchedule s = NoiseSchedule.of(ScheduleKind.LINEAR, 100);
        // A denoiser that is not exact, so that x̂0 varies and is clipped sometimes.
        Denoiser d = (x, t) -> x.mul(0.7f).tanh();
        float[] ddpm = run(new DdpmSolver(s, DdpmSolver.Variance.SMALL), d, 42);
        float[] ddim = run(new DdimSolver(s, 100, 1.0), d, 42);
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
        float[] a = run(new DdimSolver(s, 20, 0.0), d, 7);
        float[] b = run(new DdimSolver(s, 20, 0.0), d, 7);
        assertArrayEquals(a, b, 0f);
        for (float v : a) {
            assertEquals(0.25f, v, 1e-3f); // the exact denoiser of a point mass lands on it
        }
        float[] ddpm = run(new DdpmSolver(s, DdpmSolver.Variance.LARGE), d, 7);
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
    void everySpacingGivesDistinctDescendingTimestepsEndingAtZero() {
        NoiseSchedule s = NoiseSchedule.sindiffusion();
        int[] uniform = Spacing.UNIFORM.timesteps(s, 25);
        assertEquals(960, uniform[0]);
        assertEquals(1000, Spacing.UNIFORM.timesteps(s, 1000).length);
        for (Spacing spacing : Spacing.values()) {
            for (int k : new int[] {1, 2, 7, 25, 100, 1000}) {
                int[] ts = spacing.timesteps(s, k);
                assertEquals(k, ts.length, spacing + " " + k);
                assertEquals(0, ts[k - 1], spacing + " " + k);
                for (int i = 1; i < k; i++) {
                    assertTrue(ts[i] < ts[i - 1], spacing + " " + k + " at " + i);
                }
                assertTrue(ts[0] < 1000);
            }
        }
        // quadratic and Karras start at the noisiest level and crowd the clean end
        int[] q = Spacing.QUADRATIC.timesteps(s, 11);
        assertEquals(999, q[0]);
        assertEquals(Math.round(0.81 * 999), q[1]);
        int[] karras = Spacing.KARRAS.timesteps(s, 20);
        assertEquals(999, karras[0]);
        assertTrue(karras[15] < 150, "Karras spacing crowds the clean end: " + karras[15]);
        // Karras levels are evenly spaced in σ^(1/7)
        double a = Math.pow(Spacing.sigma(s, karras[5]), 1 / 7.0) - Math.pow(Spacing.sigma(s, karras[6]), 1 / 7.0);
        double b = Math.pow(Spacing.sigma(s, karras[6]), 1 / 7.0) - Math.pow(Spacing.sigma(s, karras[7]), 1 / 7.0);
        assertEquals(a, b, 0.05 * a);
    }

    /**
     * Data x0 ~ N(μ, s²) per value: the optimal denoiser is linear and the probability-flow ODE
     * from level t0 maps x to μ + s (x - √ᾱ μ) / √(ᾱ s² + 1 - ᾱ) exactly, so an ODE solver's error
     * against that map measures its accuracy.
     */
    private static final float MU = 0.1f;
    private static final float SD = 0.2f;

    private static Denoiser gaussian(NoiseSchedule s) {
        return (x, t) -> {
            int ti = (int) t.getFloat(0);
            double ab = s.alphaCumprod(ti);
            double gain = Math.sqrt(ab) * SD * SD / (ab * SD * SD + 1 - ab);
            // E[x0 | x_t] = μ + gain (x_t - √ᾱ μ); ε = (x_t - √ᾱ E[x0|x_t]) / √(1-ᾱ)
            NDArray x0 = x.sub((float) (Math.sqrt(ab) * MU)).mul((float) gain).add(MU);
            return x.sub(x0.mul((float) Math.sqrt(ab))).div((float) Math.sqrt(1 - ab));
        };
    }

    /** Mean absolute error of a sampler against the exact ODE map, starting at t = 999. */
    private static double odeError(Solver sampler, NoiseSchedule s) {
        try (NDManager m = NDManager.newBaseManager()) {
            SeededNoise noise = new SeededNoise(new long[] {5, 6}, m);
            NDArray x = noise.next(m, new Shape(2, 3, 8, 8));
            double ab = s.alphaCumprod(999);
            NDArray exact = x.sub((float) (Math.sqrt(ab) * MU)).mul((float) (SD / Math.sqrt(ab * SD * SD + 1 - ab))).add(MU);
            NDArray got = sampler.sample(gaussian(s), x, noise, Progress.NONE);
            return got.sub(exact).abs().mean().getFloat();
        }
    }

    @Test
    void secondOrderSolversConvergeAtSecondOrderAndDdimAtFirst() {
        NoiseSchedule s = NoiseSchedule.sindiffusion();
        double[] ddim = new double[2];
        double[] dpm = new double[2];
        double[] heun = new double[2];
        for (int j = 0; j < 2; j++) {
            int k = 40 << j;
            ddim[j] = odeError(new DdimSolver(s, k, 0.0, Spacing.KARRAS), s);
            dpm[j] = odeError(new DpmSolverPlusPlus(s, k, Spacing.KARRAS), s);
            heun[j] = odeError(new HeunSolver(s, k, Spacing.KARRAS), s);
        }
        String all = "ddim " + java.util.Arrays.toString(ddim) + ", dpm++ " + java.util.Arrays.toString(dpm)
                + ", heun " + java.util.Arrays.toString(heun);
        // doubling the steps halves a first-order error and quarters a second-order one
        assertEquals(2, ddim[0] / ddim[1], 0.4, all);
        assertTrue(dpm[0] / dpm[1] > 3.5, all);
        assertTrue(heun[0] / heun[1] > 3.5, all);
        // at 20 evaluations DPM-Solver++ is several times closer to the exact flow than DDIM
        double ddim20 = odeError(new DdimSolver(s, 20, 0.0, Spacing.KARRAS), s);
        double dpm20 = odeError(new DpmSolverPlusPlus(s, 20, Spacing.KARRAS), s);
        assertTrue(dpm20 < ddim20 / 2.5, "ddim " + ddim20 + ", dpm++ " + dpm20);
        assertEquals(19, new HeunSolver(s, 10, Spacing.KARRAS).evaluations());
    }

    @Test
    void fewStepSamplersAreDeterministicAndCountTheirEvaluations() {
        NoiseSchedule s = NoiseSchedule.sindiffusion();
        Denoiser d = (x, t) -> x.mul(0.7f).tanh();
        for (Solver sampler : new Solver[] {
                new DpmSolverPlusPlus(s, 12, Spacing.KARRAS), new HeunSolver(s, 6, Spacing.QUADRATIC)}) {
            int[] calls = {0};
            Denoiser counted = (x, t) -> {
                calls[0]++;
                return d.predictNoise(x, t);
            };
            float[] a = run(sampler, counted, 3);
            assertEquals(sampler.evaluations(), calls[0] / 1, sampler.getClass().getSimpleName());
            float[] b = run(sampler, d, 3);
            assertArrayEquals(a, b, 0f);
            float[] c = run(sampler, d, 4);
            assertTrue(Math.abs(a[0] - c[0]) + Math.abs(a[1] - c[1]) > 1e-4, "a different seed gives a different image");
        }
    }

    @Test
    void aLaterStartSpacesTheStepsBelowItAndStrengthMapsToTheStartLevel() {
        NoiseSchedule s = NoiseSchedule.sindiffusion();
        for (Spacing sp : Spacing.values()) {
            assertArrayEquals(sp.timesteps(s, 10), sp.timesteps(s, 10, 999), sp.toString());
            int[] ts = sp.timesteps(s, 10, 400);
            assertEquals(10, ts.length);
            assertTrue(ts[0] <= 400 && ts[0] >= 350, sp + " starts at " + ts[0]);
            assertEquals(0, ts[9]);
            for (int i = 1; i < ts.length; i++) {
                assertTrue(ts[i] < ts[i - 1], sp + " not descending");
            }
        }
        assertEquals(999, s.startTimestep(1.0));
        assertEquals(499, s.startTimestep(0.5));
        assertEquals(0, s.startTimestep(1e-6));
        assertEquals(3, new DdimSolver(s, Spacing.UNIFORM.timesteps(s, 3, 2), 0).evaluations());
    }

    @Test
    void hooksSeeEveryPredictionAndEveryNewLevelAndResamplingRepeatsSteps() {
        NoiseSchedule s = NoiseSchedule.sindiffusion();
        Solver sampler = new DpmSolverPlusPlus(s, 5, Spacing.KARRAS);
        java.util.List<Integer> levels = new java.util.ArrayList<>();
        int[] predictions = {0};
        StepHook recorder = new StepHook() {
            @Override
            public NDArray onX0(NDArray x0, NDArray xt, int t) {
                predictions[0]++;
                return x0;
            }

            @Override
            public NDArray onStep(NDArray x, int level, NoiseSource noise) {
                levels.add(level);
                return level < 0 ? x.zerosLike().add(0.25f) : x; // a projection of the clean image
            }
        };
        int[] ts = Spacing.KARRAS.timesteps(s, 5);
        try (NDManager m = NDManager.newBaseManager()) {
            SeededNoise noise = new SeededNoise(new long[] {1}, m);
            NDArray out = sampler.sample(pointMass(s, 0.1f), noise.next(m, new Shape(1, 3, 4, 4)), noise,
                    Hooks.of(recorder).withResample(2), Progress.NONE);
            assertEquals(0.25f, out.getFloat(0, 0, 0, 0), 0f);
        }
        assertEquals(10, predictions[0], "one x0 hook call per evaluation");
        java.util.List<Integer> expected = new java.util.ArrayList<>();
        for (int i = 0; i < ts.length; i++) {
            int target = i + 1 < ts.length ? ts[i + 1] : -1;
            expected.add(target);
            expected.add(target);
        }
        assertEquals(expected, levels);
    }
}
