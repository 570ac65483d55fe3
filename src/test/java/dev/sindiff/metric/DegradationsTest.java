package dev.sindiff.metric;

import dev.sindiff.eval.Evaluation;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.sindiff.tensor.Filters;
import dev.sindiff.tensor.Padding;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DegradationsTest {
    private static NDManager m;
    private static NDArray img;

    @BeforeAll
    static void load() {
        m = NDManager.newBaseManager();
        img = EvalImages.load(m, EvalImages.HUBBLE, 40, 50); // not a multiple of 16
    }

    @AfterAll
    static void close() {
        m.close();
    }

    @Test
    void shiftedIsATorchRollByAQuarter() {
        NDArray s = Degradations.shifted(img);
        assertEquals(img.getShape(), s.getShape());
        // pixel (y, x) moves to (y + 10, x + 12) mod (40, 50)
        assertEquals(img.get(":, :, 0:30, 0:38"), s.get(":, :, 10:40, 12:50"));
        assertEquals(img.get(":, :, 30:40, 38:50"), s.get(":, :, 0:10, 0:12"));
        assertEquals(img, Ops.roll(s, -10, -12));
    }

    @Test
    void blurKeepsFlatImagesAndSpreadsADeltaAsAGaussian() {
        NDArray flat = m.full(new Shape(1, 3, 20, 30), -0.25f);
        assertTrue(Degradations.blurred(flat, 2).sub(-0.25f).abs().max().getFloat() < 1e-6);
        NDArray delta = m.zeros(new Shape(1, 3, 31, 31));
        delta.set(new NDIndex(":, :, 15, 15"), 1f);
        NDArray b = Degradations.blurred(delta, 2);
        float[] k = Filters.gaussian(2);
        assertEquals(k.length, 13);
        assertEquals(k[6] * k[6], b.getFloat(0, 0, 15, 15), 1e-7);
        assertEquals(k[6] * k[9], b.getFloat(0, 1, 15, 18), 1e-7);
        assertEquals(1f, b.get(0, 2).sum().getFloat(), 1e-5);
        // reflect padding (edge not repeated): row -1 mirrors row 1, so a delta on row 1
        // reaches row 0 twice
        NDArray edge = m.zeros(new Shape(1, 3, 31, 31));
        edge.set(new NDIndex(":, :, 1, 15"), 1f);
        NDArray be = Degradations.blurred(edge, 2);
        assertEquals(2 * k[6] * k[7], be.getFloat(0, 0, 0, 15), 1e-7);
        assertEquals(k[6] * (k[6] + k[4]), be.getFloat(0, 0, 1, 15), 1e-7);
    }

    @Test
    void reflectIndexFoldsLikeTorch() {
        assertArrayEquals(new long[] {2, 1, 0, 1, 2, 3, 2, 1}, Padding.reflectIndex(4, 2));
        assertArrayEquals(new long[] {0, 1, 0, 1, 0, 1}, Padding.reflectIndex(2, 2)); // folds again
        assertArrayEquals(new long[] {0, 0, 0}, Padding.reflectIndex(1, 1));
    }

    @Test
    void blockShuffleMovesWholeBlocksAndLeavesTheRemainder() {
        NDArray s = Degradations.blockShuffled(img, 16, 3);
        assertEquals(img.getShape(), s.getShape());
        assertEquals(img.get(":, :, 32:, :"), s.get(":, :, 32:, :"), "bottom remainder in place");
        assertEquals(img.get(":, :, :, 48:"), s.get(":, :, :, 48:"), "right remainder in place");
        Set<String> before = new HashSet<>();
        Set<String> after = new HashSet<>();
        int moved = 0;
        for (int by = 0; by < 2; by++) {
            for (int bx = 0; bx < 3; bx++) {
                String idx = String.format(":, :, %d:%d, %d:%d", by * 16, by * 16 + 16, bx * 16, bx * 16 + 16);
                before.add(Arrays.toString(img.get(idx).toFloatArray()));
                after.add(Arrays.toString(s.get(idx).toFloatArray()));
                if (!img.get(idx).equals(s.get(idx))) {
                    moved++;
                }
            }
        }
        assertEquals(before, after, "the same six blocks");
        assertTrue(moved >= 2, "moved " + moved);
        assertEquals(s, Degradations.blockShuffled(img, 16, 3), "seeded");
        assertNotEquals(s, Degradations.blockShuffled(img, 16, 4));
    }

    @Test
    void noiseHasTheChannelStatistics() {
        NDArray big = EvalImages.load(m, EvalImages.COFFEE, 80, 96);
        NDArray n = Degradations.noise(big, 5);
        assertEquals(big.getShape(), n.getShape());
        assertTrue(n.max().getFloat() <= 1f && n.min().getFloat() >= -1f);
        float[] mi = Ops.channelMean(big).toFloatArray();
        float[] mn = Ops.channelMean(n).toFloatArray();
        float[] si = Ops.channelStd(big).toFloatArray();
        float[] sn = Ops.channelStd(n).toFloatArray();
        for (int c = 0; c < 3; c++) {
            assertEquals(mi[c], mn[c], 0.05, "mean " + c);
            assertEquals(si[c], sn[c], 0.15 * si[c], "std " + c); // less where clipped
        }
        assertEquals(n, Degradations.noise(big, 5));
        assertNotEquals(n, Degradations.noise(big, 6));
    }

    @Test
    void resultsBelongToTheCallerAndTemporariesAreClosed() {
        try (NDManager sub = m.newSubManager()) {
            NDArray x = img.duplicate();
            x.attach(sub);
            int before = sub.getManagedArrays().size();
            List<NDArray> out = List.of(Degradations.shifted(x), Degradations.blurred(x),
                    Degradations.blockShuffled(x, 1), Degradations.noise(x, 1));
            assertEquals(before + out.size(), sub.getManagedArrays().size());
            for (NDArray o : out) {
                assertSame(sub, o.getManager());
            }
            int kept = sub.getManagedArrays().size();
            PatchSwd.distance(out.get(1), x);
            CopyDistance.of(out.get(1), x);
            Diversity.of(out, x);
            Evaluation.evaluate(x, out, PatchSwd.Config.DEFAULT);
            assertEquals(kept, sub.getManagedArrays().size(), "metrics leave no arrays behind");
        }
    }
}
