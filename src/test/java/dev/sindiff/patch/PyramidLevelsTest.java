package dev.sindiff.patch;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PyramidLevelsTest {
    @Test
    void halvesDownToTheShortestSideThenRaisesTheCoarsest() {
        PyramidLevels p = PyramidLevels.of(80, 128, 24, 64);
        assertArrayEquals(new int[] {80, 40, 24}, p.heights());
        assertArrayEquals(new int[] {128, 64, 39}, p.widths());
    }

    @Test
    void aLevelEqualToTheOneAboveIsNotAdded() {
        PyramidLevels p = PyramidLevels.of(48, 48, 24, 64);
        assertArrayEquals(new int[] {48, 24}, p.heights());
    }

    @Test
    void anImageSmallerThanTheCoarsestSideIsOneLevel() {
        assertEquals(1, PyramidLevels.of(20, 300, 24, 64).count());
        assertEquals(2, PyramidLevels.of(112, 128, 24, 2).count());
    }

    @Test
    void aPanoramaKeepsTheImageScaleAtEveryLevel() {
        PyramidLevels p = PyramidLevels.of(80, 128, 24, 64);
        assertArrayEquals(new int[] {40, 192}, p.canvasAt(1, 80, 384, 15));
        assertArrayEquals(new int[] {24, 117}, p.canvasAt(2, 80, 384, 15));
        assertArrayEquals(new int[] {15, 15}, p.canvasAt(2, 20, 20, 15)); // never smaller than a patch
    }
}
