package dev.sindiff.patch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sindiff.diffusion.NoiseSchedule;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PatchPosteriorDenoiserTest {
    private static final NoiseSchedule SCHEDULE = NoiseSchedule.sindiffusion();

    private static NDArray random(NDManager m, long seed, int h, int w) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[3 * h * w];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (2 * r.nextDouble() - 1);
        }
        return m.create(v, new Shape(1, 3, h, w));
    }

    /** D(q) and the Gaussian-weighted fold written as plain loops over pixels, patches and offsets. */
    private static float[] bruteForce(float[] img, int ih, int iw, float[] xt, int h, int w, int p, double rho, double a, double s) {
        int np = (ih - p + 1) * (iw - p + 1);
        int d = 3 * p * p;
        double[][] y = new double[np][d];
        int k = 0;
        for (int py = 0; py + p <= ih; py++) {
            for (int px = 0; px + p <= iw; px++, k++) {
                for (int c = 0; c < 3; c++) {
                    for (int i = 0; i < p; i++) {
                        for (int j = 0; j < p; j++) {
                            y[k][c * p * p + i * p + j] = img[(c * ih + py + i) * iw + px + j];
                        }
                    }
                }
            }
        }
        double[] g = new double[p];
        for (int i = 0; i < p; i++) {
            double u = p == 1 ? 0 : -1 + 2.0 * i / (p - 1);
            g[i] = Math.exp(-0.5 * (u / rho) * (u / rho));
        }
        double[] num = new double[3 * h * w];
        double[] den = new double[3 * h * w];
        for (int qy = 0; qy + p <= h; qy++) {
            for (int qx = 0; qx + p <= w; qx++) {
                double[] logit = new double[np];
                double max = Double.NEGATIVE_INFINITY;
                for (int j2 = 0; j2 < np; j2++) {
                    double dist = 0;
                    for (int c = 0; c < 3; c++) {
                        for (int i = 0; i < p; i++) {
                            for (int j = 0; j < p; j++) {
                                double diff = xt[(c * h + qy + i) * w + qx + j] - a * y[j2][c * p * p + i * p + j];
                                dist += diff * diff;
                            }
                        }
                    }
                    logit[j2] = -dist / (2 * s * s);
                    max = Math.max(max, logit[j2]);
                }
                double z = 0;
                for (int j2 = 0; j2 < np; j2++) {
                    z += Math.exp(logit[j2] - max);
                }
                for (int c = 0; c < 3; c++) {
                    for (int i = 0; i < p; i++) {
                        for (int j = 0; j < p; j++) {
                            double mean = 0;
                            for (int j2 = 0; j2 < np; j2++) {
                                mean += Math.exp(logit[j2] - max) / z * y[j2][c * p * p + i * p + j];
                            }
                            int at = (c * h + qy + i) * w + qx + j;
                            num[at] += g[i] * g[j] * mean;
                            den[at] += g[i] * g[j];
                        }
                    }
                }
            }
        }
        float[] out = new float[num.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) (num[i] / den[i]);
        }
        return out;
    }

    @Test
    void posteriorMeanEqualsBruteForceLoops() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray img = random(m, 1, 7, 8);
            NDArray xt = random(m, 2, 6, 9);
            int t = 400;
            double a = SCHEDULE.sqrtAlphaCumprod(t);
            double s = SCHEDULE.sqrtOneMinusAlphaCumprod(t);
            try (PatchPosteriorDenoiser d = new PatchPosteriorDenoiser(img, 3, 0.5, SCHEDULE)) {
                float[] got = d.posteriorMean(xt, a, s).toFloatArray();
                float[] want = bruteForce(img.toFloatArray(), 7, 8, xt.toFloatArray(), 6, 9, 3, 0.5, a, s);
                assertArrayEquals(want, got, 2e-4f);
            }
        }
    }

    @Test
    void predictedNoiseIsConsistentWithThePosteriorMean() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray img = random(m, 3, 6, 6);
            NDArray xt = random(m, 4, 5, 7).concat(random(m, 5, 5, 7), 0);
            try (PatchPosteriorDenoiser d = new PatchPosteriorDenoiser(img, 3, 0.2, SCHEDULE)) {
                int[] ts = {900, 50};
                NDArray eps = d.predictNoise(xt, m.create(new float[] {ts[0], ts[1]}));
                for (int i = 0; i < 2; i++) {
                    double a = SCHEDULE.sqrtAlphaCumprod(ts[i]);
                    double s = SCHEDULE.sqrtOneMinusAlphaCumprod(ts[i]);
                    NDArray x = xt.get("{}:{}", i, i + 1);
                    NDArray x0 = x.sub(eps.get("{}:{}", i, i + 1).mul((float) s)).div((float) a);
                    assertArrayEquals(d.posteriorMean(x, a, s).toFloatArray(), x0.toFloatArray(), 1e-3f);
                }
            }
        }
    }

    @Test
    void aSinglePatchIsReturnedWhateverTheNoise() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray img = random(m, 6, 5, 5);
            try (PatchPosteriorDenoiser d = new PatchPosteriorDenoiser(img, 5, 0.2, SCHEDULE)) {
                assertEquals(1, d.patchCount());
                NDArray x0 = d.posteriorMean(random(m, 7, 5, 5), 0.3, 0.95);
                assertArrayEquals(img.toFloatArray(), x0.toFloatArray(), 1e-5f);
            }
        }
    }

    @Test
    void withoutSignalEveryPixelIsThePatchMean() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray img = random(m, 8, 6, 7);
            try (PatchPosteriorDenoiser d = new PatchPosteriorDenoiser(img, 3, 0.2, SCHEDULE)) {
                NDArray x0 = d.posteriorMean(random(m, 9, 5, 5), 0, 1);
                // a = 0: uniform weights, D(q) = mean patch; the fold then averages its elements
                NDArray meanPatch = Patches.unfold(img, 3).mean(new int[] {0}); // (27)
                float[] mp = meanPatch.toFloatArray();
                float[] got = x0.toFloatArray();
                // the centre pixel (2, 2) is covered by all nine patches of a 5x5 canvas; its value is
                // the window-weighted mean of the mean patch's elements, per channel
                float[] win = PatchPosteriorDenoiser.window(m, 3, 0.2).toFloatArray();
                for (int c = 0; c < 3; c++) {
                    double num = 0;
                    double den = 0;
                    for (int k = 0; k < 9; k++) {
                        num += win[k] * mp[c * 9 + k];
                        den += win[k];
                    }
                    assertEquals(num / den, got[c * 25 + 2 * 5 + 2], 1e-5);
                }
                // the top-left pixel is covered only by the first patch's element (0, 0)
                assertEquals(mp[0], got[0], 1e-5);
            }
        }
    }

    @Test
    void atVanishingNoiseTheNearestPatchWins() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray img = random(m, 10, 9, 9);
            try (PatchPosteriorDenoiser d = new PatchPosteriorDenoiser(img, 9, 0.2, SCHEDULE)) {
                // one 9x9 patch; a query near it, with a second, far image as the alternative
                NDArray q = img.add(random(m, 11, 9, 9).mul(0.05f));
                float[] x0 = d.posteriorMean(q, 1, 1e-3).toFloatArray();
                assertArrayEquals(img.toFloatArray(), x0, 1e-5f);
            }
            NDArray two = random(m, 12, 5, 6); // two 5x5 patches, at x = 0 and x = 1
            try (PatchPosteriorDenoiser d = new PatchPosteriorDenoiser(two, 5, 0.2, SCHEDULE)) {
                NDArray second = two.get(":, :, :, 1:6");
                NDArray q = second.add(random(m, 13, 5, 5).mul(0.1f));
                float[] x0 = d.posteriorMean(q, 1, 1e-3).toFloatArray();
                assertArrayEquals(second.toFloatArray(), x0, 1e-5f);
            }
        }
    }

    @Test
    void foldIsTheAdjointOfUnfold() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = random(m, 14, 6, 8);
            NDArray y = random(m, 15, 8, 27).reshape(24, 27); // (Nq = 4*6, D = 27) for P = 3 on 6x8
            double lhs = Patches.unfold(x, 3).mul(y).sum().getFloat();
            double rhs = x.mul(Patches.fold(y, 3, 6, 8, 3)).sum().getFloat();
            assertEquals(lhs, rhs, 1e-3);
            assertTrue(Math.abs(lhs) > 0.1);
        }
    }

    @Test
    void stridedFoldIsTheAdjointOfStridedUnfoldOverABatch() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = random(m, 16, 7, 9).concat(random(m, 17, 7, 9), 0); // (2, 3, 7, 9)
            int p = 3;
            long nq = 2 * Patches.corners(7, p, 2) * Patches.corners(9, p, 2); // 2 * 3 * 4
            assertEquals(24, nq);
            NDArray y = random(m, 18, 8, 27).reshape(24, 27);
            double lhs = Patches.unfold(x, p, 2).mul(y).sum().getFloat();
            double rhs = x.mul(Patches.fold(y, 2, 3, 7, 9, p, 2)).sum().getFloat();
            assertEquals(lhs, rhs, 1e-3);
            assertTrue(Math.abs(lhs) > 0.1);
            // the second image's first patch is its own top-left corner
            assertArrayEquals(x.get("1:2, :, 0:3, 0:3").toFloatArray(), Patches.unfold(x, p, 2).get(12).toFloatArray());
        }
    }

    @Test
    void searchOverEveryCandidateIsTheExactPosteriorMean() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray img = random(m, 19, 10, 11); // 8 x 9 patches of 3 x 3: 4 x 5 ranked ones
            NDArray xt = random(m, 20, 9, 12).concat(random(m, 21, 9, 12), 0);
            // every ranked patch kept, queries at stride 1: the short list is every patch
            PatchSearch all = new PatchSearch(4, 20, 1, 0);
            try (PatchPosteriorDenoiser exact = new PatchPosteriorDenoiser(img, 3, 0.3, 0.2, PatchSearch.EXACT, SCHEDULE);
                    PatchPosteriorDenoiser searched = new PatchPosteriorDenoiser(img, 3, 0.3, 0.2, all, SCHEDULE)) {
                assertTrue(exact.exact());
                assertTrue(!searched.exact());
                for (int t : new int[] {50, 500, 950}) {
                    double a = SCHEDULE.sqrtAlphaCumprod(t);
                    double s = SCHEDULE.sqrtOneMinusAlphaCumprod(t);
                    assertArrayEquals(exact.posteriorMean(xt, a, s).toFloatArray(), searched.posteriorMean(xt, a, s).toFloatArray(), 1e-4f);
                }
            }
        }
    }

    @Test
    void stridedSearchFindsTheNearestPatchAndCoversEveryPixel() {
        try (NDManager m = NDManager.newBaseManager()) {
            // every one of the 6 x 7 ranked patches kept, so the short list holds the nearest patch:
            // this checks the query grid (stride 2, with the extra row and column of corners flush
            // with the border) and the strided fold, which must put the patch back on every pixel
            float[] v = new float[3 * 16 * 17];
            for (int c = 0; c < 3; c++) {
                for (int y = 0; y < 16; y++) {
                    for (int x = 0; x < 17; x++) {
                        v[(c * 16 + y) * 17 + x] = (float) (0.5 * Math.sin(0.45 * x + 0.2 * y * y / 16 + c) + 0.4 * Math.cos(0.37 * y - 0.03 * x * x + 2 * c));
                    }
                }
            }
            NDArray img = m.create(v, new Shape(1, 3, 16, 17));
            // canvas = a crop of the image at an odd offset, so the nearest patches are not on the ranked grid;
            // 10 x 11 makes (H - P) odd in both directions, so the canvas is padded for the stride
            NDArray crop = img.get(":, :, 3:13, 5:16");
            try (PatchPosteriorDenoiser d = new PatchPosteriorDenoiser(img, 5, 0.2, 0, new PatchSearch(8, 42, 2, 0), SCHEDULE)) {
                float[] x0 = d.posteriorMean(crop.add(random(m, 23, 10, 11).mul(0.01f)), 1, 1e-3).toFloatArray();
                assertArrayEquals(crop.toFloatArray(), x0, 1e-4f);
            }
        }
    }

    @Test
    void principalAxesOfADiagonalMatrixAreItsLargestCoordinates() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray diag = m.eye(5).mul(m.create(new float[] {1, 5, 0.5f, 9, 2})); // (5, 5), columns scaled
            float[] axes = PatchPosteriorDenoiser.principalAxes(diag, 2).toFloatArray(); // (5, 2)
            assertEquals(1, Math.abs(axes[3 * 2]), 1e-4); // first axis: coordinate 3 (9)
            assertEquals(1, Math.abs(axes[1 * 2 + 1]), 1e-4); // second: coordinate 1 (5)
        }
    }
}
