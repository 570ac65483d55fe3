package dev.sindiff.metric;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LayoutDistanceTest {
    /** A scene: each row a colour that runs from -0.8 (top, "sky") to 0.8 (bottom), plus noise. */
    private static NDArray scene(NDManager m, int h, int w, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[3 * h * w];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    v[(c * h + y) * w + x] = (float) (-0.8 + 1.6 * y / (h - 1) + 0.1 * (r.nextDouble() - 0.5));
                }
            }
        }
        return m.create(v, new Shape(1, 3, h, w));
    }

    @Test
    void zeroForTheImageAndForAnyRearrangementWithinRows() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray t = scene(m, 16, 20, 1);
            assertEquals(0, LayoutDistance.of(t, t), 1e-7);
            NDArray mirrored = t.flip(3);
            assertEquals(0, LayoutDistance.of(mirrored, t), 1e-6);
            NDArray panorama = t.concat(mirrored, 3); // twice as wide, the same rows
            assertEquals(0, LayoutDistance.of(panorama, t), 1e-6);
        }
    }

    @Test
    void upsideDownIsTheRmsOfTheReversedProfile() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray t = m.arange(0f, 4f).reshape(1, 1, 4, 1).div(3f).mul(2f).sub(1f).broadcast(new Shape(1, 3, 4, 5)).duplicate();
            // rows -1, -1/3, 1/3, 1 against 1, 1/3, -1/3, -1: differences 2, 2/3, 2/3, 2
            double want = Math.sqrt((4 + 4.0 / 9 + 4.0 / 9 + 4) / 4);
            assertEquals(want, LayoutDistance.of(t.flip(2), t), 1e-6);
        }
    }

    @Test
    void aTallerSampleIsComparedAtRelativeHeights() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray t = m.arange(0f, 4f).reshape(1, 1, 4, 1).broadcast(new Shape(1, 3, 4, 3)).duplicate().div(4f);
            NDArray tall = t.repeat(2, 2); // each row twice: the same layout at twice the height
            assertEquals(0, LayoutDistance.of(tall, t), 1e-6);
            NDArray flippedTall = tall.flip(2);
            assertTrue(LayoutDistance.of(flippedTall, t) > 0.3);
        }
    }

    @Test
    void shufflingBlocksOfAScenePutsGroundInTheSky() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray t = scene(m, 64, 64, 2);
            double shuffled = LayoutDistance.of(Degradations.blockShuffled(t, 16, 3), t);
            double flipped = LayoutDistance.of(Degradations.flippedUpsideDown(t), t);
            assertTrue(shuffled > 0.1, "shuffled " + shuffled);
            assertTrue(flipped > shuffled, "flipped " + flipped + " vs shuffled " + shuffled);
        }
    }
}
