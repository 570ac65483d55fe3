package dev.sindiff.metric;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sindiff.UserError;
import dev.sindiff.image.TensorResize;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PatchSwdTest {
    private static NDManager m;
    private static NDArray gravel;
    private static NDArray hubble;

    @BeforeAll
    static void load() {
        m = NDManager.newBaseManager();
        gravel = EvalImages.gravelCrop(m, 96);
        hubble = EvalImages.load(m, EvalImages.HUBBLE, 84, 96);
    }

    @AfterAll
    static void close() {
        m.close();
    }

    private static double swd(NDArray s, NDArray t) {
        return PatchSwd.distance(s, t, PatchSwd.Config.DEFAULT).total();
    }

    /** The SWD of each calibration reference of t against t. */
    private record References(double self, double shifted, double blurred, double shuffled, double noise) {
        static References of(NDArray t) {
            return new References(swd(t, t), swd(Degradations.shifted(t), t), swd(Degradations.blurred(t), t),
                    swd(Degradations.blockShuffled(t, 0), t), swd(Degradations.noise(t, 0), t));
        }

        @Override
        public String toString() {
            return String.format("self %.2g shifted %.4f blurred %.4f shuffled %.4f noise %.4f",
                    self, shifted, blurred, shuffled, noise);
        }
    }

    @Test
    void degradationsAreOrderedOnPhotos() {
        // photos with smooth regions: blur (sigma 2) is far from noise. On fine textures (gravel,
        // the Hubble field) a sigma-2 blur removes about as much patch structure as noise adds,
        // so there only self < shifted < blurred and shuffled < noise are asserted (next test).
        NDArray coffee = EvalImages.load(m, EvalImages.COFFEE, 64, 96);
        NDArray chelsea = EvalImages.load(m, EvalImages.CHELSEA, 64, 96);
        for (NDArray t : new NDArray[] {coffee, chelsea}) {
            References r = References.of(t);
            assertTrue(r.self < 1e-5, r.toString());
            assertTrue(r.self < r.shifted, r.toString());
            assertTrue(r.shifted < r.blurred, r.toString());
            assertTrue(r.self < r.shuffled, r.toString());
            assertTrue(r.blurred < r.noise, r.toString());
            assertTrue(r.shuffled < r.noise, r.toString());
        }
    }

    @Test
    void degradationsAreOrderedOnTextures() {
        for (NDArray t : new NDArray[] {gravel, hubble}) {
            References r = References.of(t);
            assertTrue(r.self < 1e-5, r.toString());
            assertTrue(r.self < r.shifted, r.toString());
            assertTrue(r.shifted < r.blurred, r.toString());
            assertTrue(r.self < r.shuffled, r.toString());
            assertTrue(r.shuffled < r.noise, r.toString());
            assertTrue(2 * r.shuffled < r.blurred, r.toString());
        }
    }

    @Test
    void colourShiftIsPenalised() {
        NDArray tint = m.create(new float[] {0.2f, 0f, -0.1f}, new Shape(1, 3, 1, 1));
        double tinted = swd(hubble.add(tint), hubble);
        assertTrue(tinted > swd(Degradations.shifted(hubble), hubble) * 3, "tinted " + tinted);
    }

    @Test
    void sameSeedSameValueOtherSeedCloseValue() {
        PatchSwd.Config a = PatchSwd.Config.DEFAULT;
        PatchSwd.Config b = a.withSeed(1);
        NDArray noise = Degradations.noise(gravel, 3);
        PatchSwd.Result r1 = PatchSwd.distance(noise, gravel, a);
        PatchSwd.Result r2 = PatchSwd.distance(noise, gravel, a);
        PatchSwd.Result r3 = PatchSwd.distance(noise, gravel, b);
        assertEquals(r1.total(), r2.total());
        assertArrayEquals(r1.perLevel(), r2.perLevel());
        assertNotEquals(r1.total(), r3.total());
        assertEquals(r1.total(), r3.total(), 0.1 * r1.total());
    }

    @Test
    void subsetsAreSeededAndDeterministic() {
        // 90x90 level 0 patches > 1000, so both images are subsampled
        PatchSwd.Config small = new PatchSwd.Config(0, 7, 64, 1000, 5);
        NDArray blur = Degradations.blurred(gravel);
        double v1 = PatchSwd.distance(blur, gravel, small).total();
        assertEquals(v1, PatchSwd.distance(blur, gravel, small).total());
        assertEquals(0, PatchSwd.distance(gravel, gravel, small).total(), 1e-6, "same subset for equal sizes");
        double full = PatchSwd.distance(blur, gravel, new PatchSwd.Config(0, 7, 64, 16384, 5)).total();
        assertEquals(full, v1, 0.15 * full, "a subset estimates the full value");
    }

    @Test
    void subsetPatchesEqualTheConvPatchesAtTheSameIndices() {
        int h = 13, w = 17, p = 5;
        NDArray x = m.randomUniform(-1, 1, new Shape(1, 3, h, w));
        NDArray all = PatchSwd.patches(x, p, Integer.MAX_VALUE, new SplittableRandom(0)); // conv path
        int n = (h - p + 1) * (w - p + 1);
        assertEquals(new Shape(n, 3 * p * p), all.getShape());
        NDArray some = PatchSwd.patches(x, p, 20, new SplittableRandom(9)); // index path
        int[] pick = PatchSwd.sample(n, 20, new SplittableRandom(9));
        long[] idx = new long[pick.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = pick[i];
        }
        assertEquals(all.get("{}, :", m.create(idx)), some);
        // and the conv path is the plain (c, dy, dx) patch at (y, x): check one
        int y = 4, xx = 7;
        NDArray direct = x.get(":, :, {}:{}, {}:{}", y, y + p, xx, xx + p).reshape(-1);
        assertEquals(direct, all.get(y * (w - p + 1) + xx));
    }

    @Test
    void differentSizesWork() {
        NDArray wide = hubble.concat(hubble, 3); // 84 x 192 against 84 x 96
        PatchSwd.Result r = PatchSwd.distance(wide, hubble, PatchSwd.Config.DEFAULT);
        assertEquals(PatchSwd.levelCount(hubble, wide, PatchSwd.Config.DEFAULT), r.perLevel().length);
        double noise = swd(Degradations.noise(hubble, 0), hubble);
        assertTrue(r.total() < 0.1 * noise, "tiled copy " + r.total() + " vs noise " + noise);
        // and the other way round, and a taller-than-wide sample
        assertTrue(swd(hubble, wide) < 0.1 * noise);
        NDArray tall = EvalImages.load(m, EvalImages.HUBBLE, 96, 40);
        PatchSwd.Result rt = PatchSwd.distance(tall, hubble, PatchSwd.Config.DEFAULT);
        assertTrue(Double.isFinite(rt.total()) && rt.total() > 0);
    }

    @Test
    void levelCounts() {
        assertEquals(3, PatchSwd.autoLevels(112, 128)); // 112, 56, 28
        assertEquals(1, PatchSwd.autoLevels(17, 33)); // 17 -> 9 < 16
        assertEquals(2, PatchSwd.autoLevels(31, 40)); // 31 -> 16
        assertEquals(5, PatchSwd.autoLevels(4000, 4000));
        NDArray t = m.zeros(new Shape(1, 3, 112, 128));
        NDArray small = m.zeros(new Shape(1, 3, 40, 300));
        assertEquals(3, PatchSwd.levelCount(t, t, PatchSwd.Config.DEFAULT));
        assertEquals(2, PatchSwd.levelCount(t, small, PatchSwd.Config.DEFAULT), "capped by the sample");
        NDArray odd = EvalImages.load(m, EvalImages.GRAVEL, 17, 33);
        PatchSwd.Result r = PatchSwd.distance(odd, gravel, PatchSwd.Config.DEFAULT);
        assertEquals(1, r.perLevel().length);
        assertTrue(Double.isFinite(r.total()));
        assertThrows(UserError.class, () -> PatchSwd.distance(m.zeros(new Shape(1, 3, 5, 50)), gravel));
    }

    @Test
    void laplacianPyramidReconstructsTheImage() {
        NDArray x = hubble.get(":, :, :81, :95"); // odd sizes
        List<NDArray> pyr = PatchSwd.laplacian(x, 3);
        assertEquals(new Shape(1, 3, 21, 24), pyr.get(2).getShape());
        NDArray g = pyr.get(2);
        for (int l = 1; l >= 0; l--) {
            g = pyr.get(l).add(TensorResize.resize(g, Ops.height(pyr.get(l)), Ops.width(pyr.get(l)), TensorResize.Mode.BILINEAR));
        }
        assertTrue(g.sub(x).abs().max().getFloat() < 1e-5);
        // band-pass levels of a flat image are zero
        List<NDArray> flat = PatchSwd.laplacian(m.full(new Shape(1, 3, 40, 40), 0.3f), 3);
        assertTrue(flat.get(0).abs().max().getFloat() < 1e-6);
        assertEquals(0.3f, flat.get(2).mean().getFloat(), 1e-6);
    }
}
