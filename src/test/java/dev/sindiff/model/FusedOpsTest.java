package dev.sindiff.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import dev.sindiff.model.Layers.GroupNorm;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import org.junit.jupiter.api.Test;

/** The TorchScript group_norm/silu path equals the DJL-op path, values and gradients. */
class FusedOpsTest {
    private static final float TOL = 2e-5f;

    @Test
    void theModuleLoads() {
        try (NDManager m = NDManager.newBaseManager()) {
            assertTrue(FusedOps.available(m.zeros(new Shape(1))), "fused-ops.pt did not load");
        }
    }

    @Test
    void groupNormSiluMatchesTheDjlOps() {
        compare((norm, in) -> FusedOps.groupNormSilu(in.get(0), norm.gamma.getArray(), norm.beta.getArray(), norm.groups),
                (norm, in) -> Layers.silu(norm.forward(in.get(0), false)), false, false);
    }

    @Test
    void scaleShiftNormMatchesTheDjlOps() {
        compare((norm, in) -> FusedOps.groupNormFilmSilu(in.get(0), norm.gamma.getArray(), norm.beta.getArray(), in.get(1),
                        norm.groups),
                (norm, in) -> {
                    // guided-diffusion's form, unfolded: (GN(x) γ + β)(1 + scale) + shift
                    NDArray ss = in.get(1);
                    long n = ss.getShape().get(0);
                    int c = norm.channels;
                    NDArray scale = ss.get(":, :" + c).reshape(n, c, 1, 1);
                    NDArray shift = ss.get(":, " + c + ":").reshape(n, c, 1, 1);
                    return Layers.silu(norm.forward(in.get(0), false).mul(scale.add(1f)).add(shift));
                }, true, false);
    }

    @Test
    void channelsLastKeepsValuesAndGradients() {
        compare((norm, in) -> FusedOps.toContiguous(FusedOps.groupNormSilu(FusedOps.toChannelsLast(in.get(0)),
                        norm.gamma.getArray(), norm.beta.getArray(), norm.groups)),
                (norm, in) -> Layers.silu(norm.forward(in.get(0), false)), false, true);
    }

    /**
     * Runs both on the same random input, GroupNorm parameters and scale/shift, and compares the
     * outputs and the gradients of a random projection of them with respect to x, γ, β and ss.
     */
    private static void compare(BiFunction<GroupNorm, NDList, NDArray> fused, BiFunction<GroupNorm, NDList, NDArray> djl,
            boolean usesScaleShift, boolean channelsLast) {
        try (NDManager m = NDManager.newBaseManager()) {
            JniUtils.setSeed(5);
            List<Parameter> params = new ArrayList<>();
            GroupNorm norm = new GroupNorm(p -> {
                params.add(p);
                return p;
            }, "n", 12, 4);
            for (Parameter p : params) {
                p.initialize(m, DataType.FLOAT32);
                p.getArray().subi(p.getArray()).addi(m.randomNormal(0f, 0.5f, p.getArray().getShape(), DataType.FLOAT32).add(1f));
            }
            NDArray x = m.randomNormal(new Shape(3, 12, 5, 7)).mul(2f).add(0.3f);
            NDArray ss = m.randomNormal(new Shape(3, 24)).mul(0.5f);
            NDArray probe = m.randomNormal(new Shape(3, 12, 5, 7));
            float[][] a = run(fused, norm, params, x, ss, probe, usesScaleShift);
            float[][] b = run(djl, norm, params, x, ss, probe, usesScaleShift);
            assertEquals(a.length, b.length);
            for (int i = 0; i < a.length; i++) {
                assertArrayEquals(b[i], a[i], TOL, "array " + i + (channelsLast ? " (channels-last)" : ""));
            }
        }
    }

    /** Output, then d(sum(out · probe))/d x, γ, β (and ss). */
    private static float[][] run(BiFunction<GroupNorm, NDList, NDArray> f, GroupNorm norm, List<Parameter> params,
            NDArray x0, NDArray ss0, NDArray probe, boolean usesScaleShift) {
        NDArray x = x0.duplicate();
        NDArray ss = ss0.duplicate();
        x.setRequiresGradient(true);
        ss.setRequiresGradient(true);
        for (Parameter p : params) {
            p.getArray().setRequiresGradient(true);
            JniUtils.zeroGrad((PtNDArray) p.getArray());
        }
        List<float[]> out = new ArrayList<>();
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray y = f.apply(norm, new NDList(x, ss));
            out.add(y.toFloatArray());
            gc.backward(y.mul(probe).sum());
        }
        out.add(x.getGradient().toFloatArray());
        for (Parameter p : params) {
            out.add(p.getArray().getGradient().toFloatArray());
        }
        if (usesScaleShift) {
            out.add(ss.getGradient().toFloatArray());
        }
        return out.toArray(new float[0][]);
    }
}
