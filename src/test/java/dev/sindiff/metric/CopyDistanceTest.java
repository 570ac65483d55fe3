package dev.sindiff.metric;

import dev.sindiff.eval.Evaluation;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sindiff.UserError;
import dev.sindiff.image.ImageTensors;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class CopyDistanceTest {
    private static NDManager m;
    private static NDArray gravel;
    private static NDArray hubble;

    @BeforeAll
    static void load() {
        m = NDManager.newBaseManager();
        gravel = EvalImages.load(m, EvalImages.GRAVEL, 64, 64);
        hubble = EvalImages.load(m, EvalImages.HUBBLE, 84, 96);
    }

    @AfterAll
    static void close() {
        m.close();
    }

    @Test
    void exactCopyIsZero() {
        assertEquals(0, CopyDistance.of(gravel, gravel), 1e-6);
        assertEquals(0, CopyDistance.of(hubble, hubble), 1e-6);
        assertTrue(CopyDistance.isNearCopy(CopyDistance.of(hubble, hubble)));
    }

    @Test
    void translatedAndCroppedCopyIsAboutZero() {
        NDArray crop = hubble.get(":, :, 5:, 3:80");
        double d = CopyDistance.of(crop, hubble);
        assertEquals(0, d, 1e-6, "cropped copy");
        assertEquals(0, CopyDistance.of(hubble, crop), 1e-6, "roles swapped");
        assertEquals(0, CopyDistance.of(Degradations.shifted(hubble), hubble), 1e-6, "rolled copy");
    }

    @Test
    void independentImagesAreFar() {
        double noise = CopyDistance.of(Degradations.noise(gravel, 1), gravel);
        assertTrue(noise > 1.2 && noise < 1.6, "noise " + noise);
        double other = CopyDistance.of(gravel.flip(3), gravel);
        assertTrue(other > 1.0, "mirrored " + other);
    }

    @Test
    void matchesBruteForceOverAllHalfOverlapShifts() {
        // noisy partial copies whose best shift overlaps just over half the smaller side, where the
        // smaller image (the conv kernel) is taller (case 1) or wider (case 2) than the larger
        checkAgainstBruteForce(21, 15, 18, 26, -11, 4); // 10 of 18 rows overlap
        checkAgainstBruteForce(10, 30, 20, 20, 3, -18); // 12 of 20 columns overlap
    }

    /** Sample pixel (y, x) copies train pixel (y + dy, x + dx) plus noise; 0.3 plus noise elsewhere. */
    private static void checkAgainstBruteForce(int hs, int ws, int ht, int wt, int dy, int dx) {
        SplittableRandom r = new SplittableRandom(7);
        float[] tv = new float[3 * ht * wt];
        for (int i = 0; i < tv.length; i++) {
            tv[i] = (float) r.nextGaussian() * 0.5f;
        }
        float[] sv = new float[3 * hs * ws];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < hs; y++) {
                for (int x = 0; x < ws; x++) {
                    int ty = y + dy, tx = x + dx;
                    boolean inside = ty >= 0 && ty < ht && tx >= 0 && tx < wt;
                    float base = inside ? tv[(c * ht + ty) * wt + tx] : 0.3f;
                    sv[(c * hs + y) * ws + x] = base + (float) r.nextGaussian() * 0.1f;
                }
            }
        }
        NDArray t = m.create(tv, new Shape(1, 3, ht, wt));
        NDArray s = m.create(sv, new Shape(1, 3, hs, ws));
        double expected = bruteForce(sv, hs, ws, tv, ht, wt);
        assertTrue(expected > 0.1 && expected < 0.3, "test setup: " + expected);
        assertEquals(expected, CopyDistance.distance(s, t), 1e-4 * expected, "conv formulation vs loop");
        double swapped = bruteForce(tv, ht, wt, sv, hs, ws);
        assertEquals(swapped, CopyDistance.distance(t, s), 1e-4 * swapped, "roles swapped");
        double rho = bruteForceCorrelation(sv, hs, ws, tv, ht, wt);
        assertTrue(rho > 0.8 && rho < 0.99, "test setup: " + rho);
        assertEquals(rho, CopyDistance.maxCorrelation(s, t), 1e-4, "correlation: conv formulation vs loop");
    }

    @Test
    void correlationIsOneForACopyAtAnyContrastAndSmallForIndependentImages() {
        NDArray d = CopyDistance.detail(hubble);
        assertEquals(1, CopyDistance.maxCorrelation(d, d), 1e-5);
        // (not exactly 1: both maps are centred by the training detail's mean, about 0 but not 0)
        assertEquals(1, CopyDistance.maxCorrelation(d.mul(0.1f), d), 1e-3, "a faint copy still correlates fully");
        assertEquals(0, CopyDistance.detailDistance(d.mul(0.1f), d), 0.03);
        NDArray other = CopyDistance.detail(gravel);
        double rho = CopyDistance.maxCorrelation(other, d);
        assertTrue(Math.abs(rho) < 0.2, "independent images: " + rho);
        assertEquals(Math.sqrt(2 * (1 - rho)), CopyDistance.detailDistance(other, d), 1e-9);
    }

    /**
     * The false alarm this design removes: a training image with a faint half (a night sky) and a
     * blurry sample that is faint everywhere and copies nothing. Against the faint half, the
     * difference is small on the images and on their detail (the previous definition, the detail
     * difference scaled by the training detail's std, flagged it); the detail maps do not
     * correlate, so the detail distance stays near sqrt 2.
     */
    @Test
    void aFaintSampleIsNotACopyOfAFaintRegion() {
        SplittableRandom r = new SplittableRandom(3);
        int h = 48, w = 96;
        float[] tv = new float[3 * h * w];
        float[] sv = new float[3 * h * w];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    tv[(c * h + y) * w + x] = (float) r.nextGaussian() * (x < w / 2 ? 0.6f : 0.03f);
                    sv[(c * h + y) * w + x] = (float) r.nextGaussian() * 0.03f;
                }
            }
        }
        NDArray t = m.create(tv, new Shape(1, 3, h, w));
        NDArray s = m.create(sv, new Shape(1, 3, h, w));
        assertTrue(CopyDistance.isNearCopy(CopyDistance.distance(s, t)), "whole-image term alone: a false alarm");
        assertTrue(CopyDistance.isNearCopy(CopyDistance.distance(CopyDistance.detail(s), CopyDistance.detail(t))),
                "previous detail term: a false alarm");
        double d = CopyDistance.of(s, t);
        assertFalse(CopyDistance.isNearCopy(d), "copy distance " + d);
        assertTrue(d > 1.2, "copy distance " + d);
        NDArray copy = t.get(":, :, :, 40:").add(m.randomNormal(0, 0.01f, new Shape(1, 3, h, w - 40), ai.djl.ndarray.types.DataType.FLOAT32));
        assertTrue(CopyDistance.isNearCopy(CopyDistance.of(copy, t)), "a crop across both halves is a copy");
    }

    /** Sums over the overlap of one shift, both images centred by t's per-channel mean. */
    private record ShiftSums(double diff2, double st, double ss, double tt, int count) {}

    /**
     * The sums of every shift whose overlap is at least ceil(min/2) per axis, by loops: sample
     * pixel (y, x) against train pixel (y + dy, x + dx).
     */
    private static List<ShiftSums> everyShift(float[] s, int hs, int ws, float[] t, int ht, int wt) {
        double[] mean = new double[3];
        for (int c = 0; c < 3; c++) {
            for (int i = 0; i < ht * wt; i++) {
                mean[c] += t[c * ht * wt + i] / (double) (ht * wt);
            }
        }
        int oh = (Math.min(hs, ht) + 1) / 2;
        int ow = (Math.min(ws, wt) + 1) / 2;
        List<ShiftSums> out = new ArrayList<>();
        for (int dy = -(hs - 1); dy <= ht - 1; dy++) {
            for (int dx = -(ws - 1); dx <= wt - 1; dx++) {
                int y0 = Math.max(0, -dy), y1 = Math.min(hs, ht - dy);
                int x0 = Math.max(0, -dx), x1 = Math.min(ws, wt - dx);
                if (y1 - y0 < oh || x1 - x0 < ow) {
                    continue;
                }
                double diff2 = 0, st = 0, ss = 0, tt = 0;
                for (int c = 0; c < 3; c++) {
                    for (int y = y0; y < y1; y++) {
                        for (int x = x0; x < x1; x++) {
                            double a = s[(c * hs + y) * ws + x] - mean[c];
                            double b = t[(c * ht + y + dy) * wt + x + dx] - mean[c];
                            diff2 += (a - b) * (a - b);
                            st += a * b;
                            ss += a * a;
                            tt += b * b;
                        }
                    }
                }
                out.add(new ShiftSums(diff2, st, ss, tt, 3 * (y1 - y0) * (x1 - x0)));
            }
        }
        return out;
    }

    /** min over shifts of RMS(s - t) / std(t), by loops. */
    private static double bruteForce(float[] s, int hs, int ws, float[] t, int ht, int wt) {
        double best = everyShift(s, hs, ws, t, ht, wt).stream()
                .mapToDouble(k -> Math.sqrt(k.diff2() / k.count())).min().orElseThrow();
        return best / std(t);
    }

    /** max over shifts of the normalised cross-correlation, by loops. */
    private static double bruteForceCorrelation(float[] s, int hs, int ws, float[] t, int ht, int wt) {
        return everyShift(s, hs, ws, t, ht, wt).stream()
                .mapToDouble(k -> k.st() / Math.sqrt(k.ss() * k.tt())).max().orElseThrow();
    }

    private static double std(float[] v) {
        double mean = 0;
        for (float f : v) {
            mean += f;
        }
        mean /= v.length;
        double var = 0;
        for (float f : v) {
            var += (f - mean) * (f - mean);
        }
        return Math.sqrt(var / v.length);
    }

    @Test
    void lightlyBlurredCopyIsFlaggedShuffledAndNoiseAreNot() {
        NDArray coffee = EvalImages.load(m, EvalImages.COFFEE, 64, 96);
        for (NDArray img : new NDArray[] {hubble, coffee}) {
            double blur = CopyDistance.of(Degradations.blurred(img, 1.0), img);
            assertTrue(CopyDistance.isNearCopy(blur), "blurred copy, sigma 1: " + blur);
        }
        for (NDArray img : new NDArray[] {gravel, hubble, coffee}) {
            double shuffled = CopyDistance.of(Degradations.blockShuffled(img, 1), img);
            assertFalse(CopyDistance.isNearCopy(shuffled), "block-shuffled: " + shuffled);
            double noise = CopyDistance.of(Degradations.noise(img, 1), img);
            assertFalse(CopyDistance.isNearCopy(noise), "noise: " + noise);
        }
    }

    @Test
    void flatTrainingImageIsAUserError() {
        NDArray flat = m.zeros(new Shape(1, 3, 16, 16));
        assertThrows(UserError.class, () -> CopyDistance.of(gravel, flat));
    }

    /** An h×w image of one 8-bit colour, as the image files give it. */
    private static NDArray flat(int h, int w, int rgb) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setColor(new Color(rgb));
        g.fillRect(0, 0, w, h);
        g.dispose();
        return ImageTensors.toTensor(m, img);
    }

    private static NDArray flat(int h, int w) {
        return flat(h, w, 0x4d4d4d);
    }

    /** {@code base} plus ±1 grey level (2/255) of seeded dither per value. */
    private static NDArray dithered(NDArray base, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] d = new float[(int) base.size()];
        for (int i = 0; i < d.length; i++) {
            d[i] = (r.nextInt(3) - 1) * 2 / 255f;
        }
        return base.add(m.create(d, base.getShape()));
    }

    @Test
    void copiesOfAFlatImageAreNearCopies() {
        for (int rgb : new int[] {0x000000, 0x808080, 0xffffff, 0x4d4d4d, 0x336699}) {
            for (int side : new int[] {20, 64}) {
                String what = Integer.toHexString(rgb) + " at " + side + " px";
                NDArray flat = flat(side, side, rgb);
                assertEquals(0, CopyDistance.of(flat, flat), 1e-9, what);
                assertEquals(0, CopyDistance.of(flat(side, 2 * side, rgb), flat), 1e-9, "a wider canvas of " + what);
                // the calibration table agrees: the image itself and its shifted copy are copies
                List<Evaluation.CalibrationRow> rows = Evaluation.calibrate(flat, PatchSwd.Config.DEFAULT);
                assertEquals(0, rows.get(0).copyDistance(), 1e-9, "self, " + what);
                assertEquals(0, rows.get(1).copyDistance(), 1e-9, "shifted, " + what);
            }
        }
        // a grey image of another grey has no defined distance from it (it has no contrast to scale by)
        assertThrows(UserError.class, () -> CopyDistance.of(flat(64, 64, 0x505050), flat(64, 64)));
    }

    @Test
    void nearFlatImagesKeepTheDefinition() {
        NDArray dither = dithered(flat(64, 64), 1);
        assertEquals(0, CopyDistance.of(dither, dither), 1e-6, "exact copy");
        double independent = CopyDistance.of(dithered(flat(64, 64), 2), dither);
        assertTrue(independent > 1.2 && independent < 1.6, "independent dither " + independent);
        double mean = CopyDistance.of(flat(64, 64), dither);
        assertFalse(CopyDistance.isNearCopy(mean), "the flat mean colour is not a copy of the dither: " + mean);
        // a faint smooth ramp (two grey levels from top to bottom): no detail, the plain distance decides
        float[] ramp = new float[3 * 64 * 64];
        for (int i = 0; i < ramp.length; i++) {
            ramp[i] = 77 / 127.5f - 1 + Math.round(2f * (i / 64 % 64) / 63) * 2 / 255f;
        }
        NDArray faint = m.create(ramp, new Shape(1, 3, 64, 64));
        assertEquals(0, CopyDistance.of(faint, faint), 1e-6, "exact copy of a faint ramp");
        assertEquals(0, CopyDistance.of(faint.get(":, :, 8:, :"), faint), 1e-6, "crop of a faint ramp");
        assertFalse(CopyDistance.isNearCopy(CopyDistance.of(faint.flip(2), faint)), "the ramp upside down");
    }

    @Test
    void bigInputsAreDownsampledFirst() {
        // 1024 x 1024 against 64 x 64 is 4.3e9 pixel pairs: halved once (then 2.7e8)
        NDArray big = EvalImages.load(m, EvalImages.GRAVEL, 1024, 1024).get(":, :, :1000, :1000");
        NDArray crop = big.get(":, :, 200:264, 300:364");
        long t0 = System.nanoTime();
        double d = CopyDistance.of(crop, big);
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(0, d, 1e-6, "a crop of the big image at an even offset");
        assertTrue(seconds < 10, seconds + " s");
        // and the cap itself: 1000 x 1000 against 64 x 64 exceeds it, 500 x 500 against 32 x 32 not
        assertTrue(1000.0 * 1000 * 64 * 64 > CopyDistance.MAX_PIXEL_PRODUCT);
        assertTrue(500.0 * 500 * 32 * 32 < CopyDistance.MAX_PIXEL_PRODUCT);
        // an odd offset does not survive the halving exactly, but stays a near-copy
        assertTrue(CopyDistance.isNearCopy(CopyDistance.of(big.get(":, :, 201:265, 301:365"), big)));
    }
}
