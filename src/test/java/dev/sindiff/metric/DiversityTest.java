package dev.sindiff.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sindiff.UserError;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntBinaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DiversityTest {
    private static NDManager m;
    private static NDArray train;

    @BeforeAll
    static void load() {
        m = NDManager.newBaseManager();
        train = EvalImages.load(m, EvalImages.HUBBLE, 48, 56);
    }

    @AfterAll
    static void close() {
        m.close();
    }

    /** Population std of the training image's grey values, by a plain loop. */
    private static double trainGreyStd() {
        float[] v = train.toFloatArray();
        int n = v.length / 3;
        double[] g = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            g[i] = 0.299 * v[i] + 0.587 * v[n + i] + 0.114 * v[2 * n + i];
            mean += g[i];
        }
        mean /= n;
        double var = 0;
        for (double x : g) {
            var += (x - mean) * (x - mean);
        }
        return Math.sqrt(var / n);
    }

    private static NDArray constant(float r, float g, float b, int h, int w) {
        return m.create(new float[] {r, g, b}, new Shape(1, 3, 1, 1)).broadcast(new Shape(1, 3, h, w));
    }

    @Test
    void identicalSamplesHaveZeroDiversity() {
        assertEquals(0, Diversity.of(List.of(train, train, train), train), 1e-6);
    }

    @Test
    void constantSamplesMatchTheClosedForm() {
        // grey a = 0.299*0.5 + 0.587*0.2 - 0.114*0.4, grey b = -0.3: per-pixel sample std |a - b| / sqrt 2
        double ga = 0.299 * 0.5 + 0.587 * 0.2 + 0.114 * -0.4;
        double gb = -0.3;
        double expected = Math.abs(ga - gb) / Math.sqrt(2) / trainGreyStd();
        double got = Diversity.of(List.of(constant(0.5f, 0.2f, -0.4f, 30, 70), constant(-0.3f, -0.3f, -0.3f, 30, 70)), train);
        assertEquals(expected, got, 1e-5 * expected);
        // three values: sample std of {ga, gb, gc} (divided by N - 1 = 2)
        double gc = 0.1;
        double mean = (ga + gb + gc) / 3;
        double std3 = Math.sqrt(((ga - mean) * (ga - mean) + (gb - mean) * (gb - mean) + (gc - mean) * (gc - mean)) / 2);
        got = Diversity.of(List.of(constant(0.5f, 0.2f, -0.4f, 8, 8), constant(-0.3f, -0.3f, -0.3f, 8, 8),
                constant(0.1f, 0.1f, 0.1f, 8, 8)), train);
        assertEquals(std3 / trainGreyStd(), got, 1e-5);
    }

    @Test
    void independentNoiseImagesMatchTheirExpectation() {
        // two images of i.i.d. N(0, s^2) values: grey g ~ N(0, s^2 sum w^2), per-pixel sample std
        // of two draws = |g1 - g2| / sqrt 2 with mean s sqrt(sum w^2) sqrt(2 / pi)
        float s = 0.2f;
        int h = 48, w = 56;
        SplittableRandom r = new SplittableRandom(11);
        NDArray[] x = new NDArray[2];
        for (int k = 0; k < 2; k++) {
            float[] v = new float[3 * h * w];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) r.nextGaussian() * s;
            }
            x[k] = m.create(v, new Shape(1, 3, h, w));
        }
        double sumW2 = 0.299 * 0.299 + 0.587 * 0.587 + 0.114 * 0.114;
        double expected = s * Math.sqrt(sumW2) * Math.sqrt(2 / Math.PI) / trainGreyStd();
        assertEquals(expected, Diversity.of(List.of(x[0], x[1]), train), 0.04 * expected);
        // a near-identical pair: every pixel differs by 0.01 in grey, sample std 0.01 / sqrt 2
        assertEquals(0.01 / Math.sqrt(2) / trainGreyStd(), Diversity.of(List.of(train, train.add(0.01f)), train), 1e-4);
    }

    /** An image whose grey value is {@code value(y, x)} (equal channels, so grey = value). */
    private static NDArray greyImage(int h, int w, IntBinaryOperator value) {
        float[] v = new float[3 * h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                float g = value.applyAsInt(y, x) / 10f;
                v[y * w + x] = g;
                v[h * w + y * w + x] = g;
                v[2 * h * w + y * w + x] = g;
            }
        }
        return m.create(v, new Shape(1, 3, h, w));
    }

    @Test
    void rowKeptCeilingMatchesTheClosedForms() {
        // vertical stripes: every row holds all of the image's values, W = V
        NDArray vertical = greyImage(6, 8, (y, x) -> x % 3 - 1);
        assertEquals(Math.sqrt(8 / 7.0), Diversity.rowKeptCeiling(vertical, 8), 1e-5);
        assertEquals(Math.sqrt(2), Diversity.rowKeptCeiling(vertical, 2), 1e-5);
        // horizontal stripes: each row one value, nothing can move sideways
        assertEquals(0, Diversity.rowKeptCeiling(greyImage(6, 8, (y, x) -> y % 2), 8), 1e-6);
        // rows 0 and 1 of a 2x2 image: {0, 0.2} and {0.4, 0.4}: W = (0.01 + 0) / 2, V = 0.0275
        NDArray two = greyImage(2, 2, (y, x) -> y == 0 ? 2 * x : 4);
        assertEquals(Math.sqrt(2 * 0.005 / 0.0275), Diversity.rowKeptCeiling(two, 2), 1e-5);
        assertEquals(1, Diversity.withinRowShare(vertical), 1e-6);
        assertEquals(0, Diversity.withinRowShare(greyImage(6, 8, (y, x) -> y % 2)), 1e-6);
        assertEquals(0.005 / 0.0275, Diversity.withinRowShare(two), 1e-5);
        assertEquals(1, Diversity.withinRowShare(constant(0.1f, 0.3f, -0.2f, 4, 4)), "a flat image has no layout");
        assertThrows(UserError.class, () -> Diversity.rowKeptCeiling(vertical, 1));
        assertThrows(UserError.class, () -> Diversity.rowKeptCeiling(constant(0.1f, 0.3f, -0.2f, 4, 4), 8));
    }

    /** {@code image} with the pixels of each row in a random order (all three channels alike). */
    private static NDArray rowsShuffled(NDArray image, SplittableRandom r) {
        int h = Ops.height(image);
        int w = Ops.width(image);
        float[] v = image.toFloatArray();
        float[] out = new float[v.length];
        for (int y = 0; y < h; y++) {
            int[] order = IntStream.range(0, w).toArray();
            for (int i = w - 1; i > 0; i--) {
                int j = r.nextInt(i + 1);
                int t = order[i];
                order[i] = order[j];
                order[j] = t;
            }
            for (int c = 0; c < 3; c++) {
                for (int x = 0; x < w; x++) {
                    out[c * h * w + y * w + x] = v[c * h * w + y * w + order[x]];
                }
            }
        }
        return m.create(out, image.getShape());
    }

    @Test
    void samplesThatKeepEveryRowStayUnderTheCeiling() {
        // a scene (the cat) and a texture (the deep field), brute force: rows shuffled at random
        // (the most a kept layout allows) never go above the ceiling, nor do sideways rolls of the
        // image; on the cat, whose grey values spread evenly, they come close to it (on the deep
        // field's few bright points the mean of the per-pixel std is well under its root mean square)
        NDArray cat = EvalImages.load(m, EvalImages.CHELSEA, 40, 64);
        for (NDArray image : List.of(cat, train)) {
            SplittableRandom r = new SplittableRandom(5);
            List<NDArray> shuffled = new ArrayList<>();
            List<NDArray> rolled = new ArrayList<>();
            for (int k = 0; k < 8; k++) {
                shuffled.add(rowsShuffled(image, r));
                rolled.add(Ops.roll(image, 0, 7 * k));
            }
            double ceiling = Diversity.rowKeptCeiling(image, 8);
            double d = Diversity.of(shuffled, image);
            assertTrue(d <= ceiling + 1e-6 && (image != cat || d > 0.85 * ceiling), "shuffled rows " + d + ", ceiling " + ceiling);
            double dr = Diversity.of(rolled, image);
            assertTrue(dr <= ceiling + 1e-6, "rolled " + dr + ", ceiling " + ceiling);
        }
        // horizontal stripes upside down in half the samples: content moved between rows goes
        // above the ceiling (0 here) at once
        NDArray stripes = greyImage(6, 8, (y, x) -> y % 2);
        assertEquals(0, Diversity.rowKeptCeiling(stripes, 4), 1e-6);
        assertTrue(Diversity.of(List.of(stripes, stripes.flip(2), stripes, stripes.flip(2)), stripes) > 0.5);
    }

    @Test
    void rejectsMismatchedSizesAndSingleSamples() {
        UserError e = assertThrows(UserError.class,
                () -> Diversity.of(List.of(train, train.get(":, :, :40, :")), train));
        assertTrue(e.getMessage().contains("one size"), e.getMessage());
        assertThrows(UserError.class, () -> Diversity.of(List.of(train), train));
    }
}
