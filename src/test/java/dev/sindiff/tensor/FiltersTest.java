package dev.sindiff.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import org.junit.jupiter.api.Test;

class FiltersTest {
    @Test
    void theFftCrossCorrelationIsTheValidConvolution() {
        try (NDManager m = NDManager.newBaseManager()) {
            m.getEngine().setRandomSeed(3);
            for (int[] s : new int[][] {{3, 17, 23, 5, 9}, {3, 16, 16, 16, 16}, {1, 9, 12, 1, 1}, {2, 31, 20, 30, 7}}) {
                NDArray x = m.randomNormal(new Shape(1, s[0], s[1], s[2]));
                NDArray k = m.randomNormal(new Shape(1, s[0], s[3], s[4]));
                NDArray direct = Filters.conv(x, k, 1).reshape(s[1] - s[3] + 1, s[2] - s[4] + 1);
                NDArray fft = Filters.crossCorrelation(x, k);
                assertArrayEquals(direct.getShape().getShape(), fft.getShape().getShape());
                float[] a = direct.toFloatArray();
                float[] b = fft.toFloatArray();
                float scale = 1e-4f * (float) Math.sqrt(s[0] * s[3] * s[4]);
                assertArrayEquals(a, b, scale, "sizes " + java.util.Arrays.toString(s));
            }
        }
    }

    @Test
    void aKernelLargerThanTheImageIsRefused() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertThrows(IllegalArgumentException.class,
                    () -> Filters.crossCorrelation(m.zeros(new Shape(1, 3, 8, 8)), m.zeros(new Shape(1, 3, 9, 4))));
        }
    }
}
