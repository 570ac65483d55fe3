package dev.sindiff.guide;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.sindiff.UserError;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the scorers written by scripts/make-test-scorer.py (torch 1.13, loaded by libtorch 2.7.1). */
class TorchScriptScoreTest {
    // mean-sq.pt: s(x) = mean over (C, H, W) of (W x + b - c)^2, with W (out, in), b and c as in the script.
    private static final float[][] W = {{0.5f, -0.25f, 0.1f}, {0.2f, 0.8f, -0.3f}, {-0.6f, 0.05f, 0.4f}};
    private static final float[] B = {0.1f, -0.2f, 0.05f};
    private static final float[] C = {0.3f, -0.1f, 0.2f};

    private static Path scorer(String name) {
        try {
            return Path.of(TorchScriptScoreTest.class.getResource("/scorers/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void gradModeOff() {
        JniUtils.setGradMode(false);
    }

    /** d = W x + b - c per pixel, shape (N, 3, H, W). */
    private static NDArray residual(NDArray x) {
        NDArray[] d = new NDArray[3];
        for (int o = 0; o < 3; o++) {
            NDArray y = x.get(":, 0, :, :").mul(W[o][0]);
            for (int i = 1; i < 3; i++) {
                y = y.add(x.get(":, " + i + ", :, :").mul(W[o][i]));
            }
            d[o] = y.add(B[o] - C[o]);
        }
        return NDArrays.stack(new NDList(d), 1);
    }

    /** ds/dx = 2 / (3 H W) * W^T d. */
    private static NDArray closedFormGradient(NDArray x) {
        NDArray d = residual(x);
        long count = 3 * x.getShape().get(2) * x.getShape().get(3);
        NDArray[] g = new NDArray[3];
        for (int i = 0; i < 3; i++) {
            NDArray gi = d.get(":, 0, :, :").mul(W[0][i]);
            for (int o = 1; o < 3; o++) {
                gi = gi.add(d.get(":, " + o + ", :, :").mul(W[o][i]));
            }
            g[i] = gi.mul(2f / count);
        }
        return NDArrays.stack(new NDList(g), 1);
    }

    private static void assertClose(NDArray expected, NDArray actual, double relative) {
        assertEquals(expected.getShape(), actual.getShape());
        float scale = expected.abs().max().getFloat();
        float error = expected.sub(actual).abs().max().getFloat();
        assertTrue(error <= relative * scale, "max error " + error + " vs max magnitude " + scale);
    }

    @Test
    void valueMatchesTheClosedForm() {
        try (NDManager m = NDManager.newBaseManager();
                TorchScriptScore score = TorchScriptScore.load(scorer("mean-sq.pt"), Device.cpu())) {
            NDArray x = m.randomUniform(-1, 1, new Shape(2, 3, 6, 5));
            NDArray s = score.of(x);
            assertEquals(new Shape(2), s.getShape());
            NDArray d = residual(x);
            assertClose(d.mul(d).reshape(2, -1).mean(new int[] {1}), s, 1e-5);
            // one image: the module returns shape (1), kept as (N) = (1)
            NDArray one = score.of(x.get("0:1"));
            assertEquals(new Shape(1), one.getShape());
            assertEquals(s.getFloat(0), one.getFloat(0), 1e-6f);
        }
    }

    @Test
    void gradientThroughTheModuleMatchesTheClosedFormAndParametersStayFrozen() {
        try (NDManager m = NDManager.newBaseManager();
                TorchScriptScore score = TorchScriptScore.load(scorer("mean-sq.pt"), Device.cpu())) {
            NDArray xt = m.randomUniform(-1, 1, new Shape(2, 3, 7, 9));
            NDArray expected = closedFormGradient(xt);
            float[] first = null;
            for (int call = 0; call < 3; call++) { // a fresh leaf each time: no accumulation across calls
                NDArray x = xt.duplicate();
                x.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    gc.backward(score.of(x).sum());
                }
                NDArray g = x.getGradient();
                assertClose(expected, g, 1e-5);
                if (first == null) {
                    first = g.toFloatArray();
                } else {
                    assertArrayEquals(first, g.toFloatArray(), 0f);
                }
            }
            NDList params = score.parameters();
            assertEquals(2, params.size()); // weight and bias
            for (NDArray p : params) {
                assertFalse(JniUtils.requiresGrad((PtNDArray) p), p.getName() + " requires grad");
                assertNull(JniUtils.getGradient((PtNDArray) p), p.getName() + " collected a gradient");
            }
        }
    }

    @Test
    void outsideACollectorNoGraphIsRecorded() {
        try (NDManager m = NDManager.newBaseManager();
                TorchScriptScore score = TorchScriptScore.load(scorer("mean-sq.pt"), Device.cpu())) {
            JniUtils.setGradMode(false); // as on the engine's thread, or after ReverseDiffusion's own call
            NDArray x = m.randomUniform(-1, 1, new Shape(1, 3, 4, 4));
            x.setRequiresGradient(true);
            NDArray s = score.of(x);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                Exception e = assertThrows(Exception.class, () -> gc.backward(s.sum()));
                assertTrue(e.getMessage().contains("does not require grad"), e.getMessage());
            }
        }
    }

    @Test
    void perImageAcceptsNAndNByOneAndAScalarForOneImage() {
        Path f = Path.of("s.pt");
        try (NDManager m = NDManager.newBaseManager()) {
            assertEquals(new Shape(3), TorchScriptScore.perImage(m.zeros(new Shape(3)), 3, f).getShape());
            assertEquals(new Shape(3), TorchScriptScore.perImage(m.zeros(new Shape(3, 1)), 3, f).getShape());
            assertEquals(new Shape(1), TorchScriptScore.perImage(m.create(2f), 1, f).getShape());
            assertEquals(new Shape(1), TorchScriptScore.perImage(m.zeros(new Shape(1, 1)), 1, f).getShape());
            for (Shape bad : new Shape[] {new Shape(1), new Shape(), new Shape(2, 2), new Shape(2, 3, 8, 8)}) {
                UserError e = assertThrows(UserError.class, () -> TorchScriptScore.perImage(m.zeros(bad), 2, f));
                assertTrue(e.getMessage().contains("one value per image") && e.getMessage().contains(bad.toString()),
                        e.getMessage());
            }
        }
    }

    @Test
    void aScorerThatReturnsTheImageIsRefusedWithOneLine() {
        try (NDManager m = NDManager.newBaseManager();
                TorchScriptScore score = TorchScriptScore.load(scorer("not-scalar.pt"), Device.cpu())) {
            UserError e = assertThrows(UserError.class, () -> score.of(m.zeros(new Shape(2, 3, 8, 8))));
            assertTrue(e.getMessage().contains("not-scalar.pt"), e.getMessage());
            assertTrue(e.getMessage().contains("one value per image"), e.getMessage());
            assertTrue(e.getMessage().contains("got (2, 3, 8, 8)"), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
        }
    }

    @Test
    void missingOrNonTorchScriptFilesAreUserErrors(@TempDir Path dir) throws IOException {
        Path missing = dir.resolve("no-such-scorer.pt");
        UserError e = assertThrows(UserError.class, () -> TorchScriptScore.load(missing, Device.cpu()));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("torch.jit.save"),
                e.getMessage());

        UserError folder = assertThrows(UserError.class, () -> TorchScriptScore.load(dir, Device.cpu()));
        assertTrue(folder.getMessage().contains("torch.jit.save"), folder.getMessage());

        Path garbage = Files.writeString(dir.resolve("weights.pt"), "not a zip archive");
        UserError g = assertThrows(UserError.class, () -> TorchScriptScore.load(garbage, Device.cpu()));
        assertTrue(g.getMessage().contains(garbage.toString()) && g.getMessage().contains("torch.jit.save"),
                g.getMessage());
        assertFalse(g.getMessage().contains("\n"), g.getMessage());
    }
}
