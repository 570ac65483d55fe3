package dev.sindiff.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.sindiff.diffusion.UNetDenoiser;
import java.util.List;
import org.junit.jupiter.api.Test;

class UNetTest {
    @Test
    void sindiffusionPresetHasThePublicParameterCount() {
        try (NDManager m = NDManager.newBaseManager()) {
            UNet net = new UNet(UNetConfig.sindiffusion());
            net.initialize(m);
            assertEquals(6_992_899L, net.parameterCount());
            UNet small = new UNet(UNetConfig.small());
            small.initialize(m);
            assertEquals(1_752_579L, small.parameterCount());
        }
    }

    @Test
    void outputShapeEqualsInputAtOddSizesThroughThePaddingDenoiser() {
        try (NDManager m = NDManager.newBaseManager()) {
            UNet net = new UNet(new UNetConfig(8, List.of(1, 2, 4), 1, 4));
            net.initialize(m);
            randomize(net, m);
            UNetDenoiser d = new UNetDenoiser(net);
            for (int[] hw : new int[][] {{37, 53}, {17, 16}, {5, 9}, {64, 64}}) {
                NDArray x = m.randomNormal(new Shape(2, 3, hw[0], hw[1]));
                NDArray eps = d.predictNoise(x, m.create(new float[] {3, 900}));
                assertEquals(x.getShape(), eps.getShape());
                assertTrue(eps.abs().sum().getFloat() > 0);
            }
        }
    }

    @Test
    void sinDiffusionReceptiveFieldIsAboutAHundredPixels() {
        int rf = UNetConfig.sindiffusion().receptiveField();
        assertTrue(rf > 80 && rf < 120, "receptive field " + rf);
        assertEquals(rf, UNetConfig.small().receptiveField()); // same shape, narrower
    }

    @Test
    void measuredReceptiveFieldEqualsComputed() {
        UNetConfig config = new UNetConfig(8, List.of(1, 2, 4), 1, 4);
        int size = 160;
        int maxMeasured = 0;
        try (NDManager m = NDManager.newBaseManager()) {
            UNet net = new UNet(config);
            net.initialize(m);
            randomize(net, m);
            net.setDetachStatistics(true);
            for (int phase = 0; phase < config.sizeMultiple(); phase++) {
                int py = 80 + phase;
                int px = 80 + (phase + 1) % config.sizeMultiple();
                int[] support;
                try (NDManager sub = m.newSubManager()) {
                    NDArray x = sub.randomNormal(new Shape(1, 3, size, size));
                    x.setRequiresGradient(true);
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        NDArray out = net.predict(x, sub.create(new float[] {500}));
                        gc.backward(out.get(":, :, " + py + ", " + px).sum());
                    }
                    NDArray grad = x.getGradient();
                    assertTrue(grad.isNaN().any().logicalNot().getBoolean(), "NaN in the input gradient, phase " + phase);
                    NDArray g = grad.abs().sum(new int[] {0, 1}).gt(0f);
                    support = bounds(g);
                }
                int[] ivY = ReceptiveField.interval(config, py);
                int[] ivX = ReceptiveField.interval(config, px);
                assertEquals(ivY[0], support[0], "top, phase " + phase);
                assertEquals(ivY[1], support[1], "bottom, phase " + phase);
                assertEquals(ivX[0], support[2], "left, phase " + phase);
                assertEquals(ivX[1], support[3], "right, phase " + phase);
                maxMeasured = Math.max(maxMeasured, support[1] - support[0] + 1);
            }
        } finally {
            JniUtils.setGradMode(false);
        }
        assertEquals(config.receptiveField(), maxMeasured);
    }

    /**
     * oneDNN 3.7's NCHW convolutions read the uninitialised padding of channel blocks (a channel
     * count not a multiple of 16 on AVX-512): NaN whenever the allocator hands back memory that
     * held NaN. The UNet runs channels-last there, in both modes; with the NCHW path this test
     * fails within a few repetitions on an AVX-512 CPU.
     */
    @Test
    void staysFiniteWhenFreedMemoryHoldsNaN() {
        UNetConfig config = new UNetConfig(8, List.of(1, 2, 4), 1, 4); // 24- and 48-channel convs
        try (NDManager m = NDManager.newBaseManager()) {
            org.junit.jupiter.api.Assumptions.assumeTrue(FusedOps.channelsLast(m.zeros(new Shape(1))),
                    "the UNet runs NCHW on this CPU");
            UNet net = new UNet(config);
            net.initialize(m);
            randomize(net, m);
            for (boolean detach : new boolean[] {false, true}) {
                net.setDetachStatistics(detach);
                for (int rep = 0; rep < 8; rep++) {
                    try (NDManager sub = m.newSubManager()) {
                        NDArray x = sub.randomNormal(new Shape(2, 3, 64, 64));
                        x.setRequiresGradient(true);
                        NDArray out;
                        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            out = net.predict(x, sub.create(new float[] {10, 900}));
                            for (int k = 1; k <= 4; k++) { // freed blocks full of NaN for the backward pass
                                try (NDArray nan = m.full(new Shape(k * 2L * 64 * 64 * 64), Float.NaN)) {
                                    nan.sum();
                                }
                            }
                            gc.backward(out.square().mean());
                        }
                        String at = "detach " + detach + ", repetition " + rep;
                        assertTrue(out.isNaN().any().logicalNot().getBoolean(), "NaN in the output, " + at);
                        assertTrue(x.getGradient().isNaN().any().logicalNot().getBoolean(), "NaN in the input gradient, " + at);
                    }
                }
            }
        } finally {
            JniUtils.setGradMode(false);
        }
    }

    /** Bounding box (top, bottom, left, right) of the true entries of a (H, W) boolean array. */
    private static int[] bounds(NDArray mask) {
        NDArray rows = mask.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).sum(new int[] {1});
        NDArray cols = mask.toType(ai.djl.ndarray.types.DataType.FLOAT32, false).sum(new int[] {0});
        float[] r = rows.toFloatArray();
        float[] c = cols.toFloatArray();
        return new int[] {first(r), last(r), first(c), last(c)};
    }

    private static int first(float[] a) {
        for (int i = 0; i < a.length; i++) if (a[i] > 0) return i;
        return -1;
    }

    private static int last(float[] a) {
        for (int i = a.length - 1; i >= 0; i--) if (a[i] > 0) return i;
        return -1;
    }

    /** Non-zero random weights everywhere (the zero-initialised output convs would hide paths). */
    static void randomize(UNet net, NDManager m) {
        for (Parameter p : net.parameterList()) {
            NDArray a = p.getArray();
            a.subi(a).addi(m.randomNormal(0f, 0.2f, a.getShape(), a.getDataType()));
        }
    }
}
