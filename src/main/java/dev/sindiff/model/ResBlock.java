package dev.sindiff.model;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Parameter;
import dev.sindiff.model.Layers.Conv;
import dev.sindiff.model.Layers.Dense;
import dev.sindiff.model.Layers.GroupNorm;
import java.util.function.UnaryOperator;

/**
 * guided-diffusion's ResBlock with scale-shift norm: GN → SiLU → conv3x3 → GN·(1+scale)+shift →
 * SiLU → conv3x3 (zero-initialised), plus an identity or 1x1-conv skip. The second GroupNorm's
 * affine is folded into the timestep scale/shift, which saves one pass over the feature map.
 */
final class ResBlock {
    private final GroupNorm norm1;
    private final Conv conv1;
    private final Dense embedding;
    private final GroupNorm norm2;
    private final Conv conv2;
    private final Conv skip;
    private final int out;

    ResBlock(UnaryOperator<Parameter> register, String name, int in, int out, int emb, int groups) {
        this.out = out;
        norm1 = new GroupNorm(register, name + ".norm1", in, groups);
        conv1 = new Conv(register, name + ".conv1", in, out, 3, 1, false);
        embedding = new Dense(register, name + ".emb", emb, 2 * out);
        norm2 = new GroupNorm(register, name + ".norm2", out, groups);
        conv2 = new Conv(register, name + ".conv2", out, out, 3, 1, true);
        skip = in == out ? null : new Conv(register, name + ".skip", in, out, 1, 1, false);
    }

    /**
     * @param x features (N, in, H, W)
     * @param embSilu SiLU of the timestep embedding, (N, emb)
     */
    NDArray forward(NDArray x, NDArray embSilu, boolean detachStatistics) {
        NDArray h = conv1.forward(Layers.silu(norm1.forward(x, detachStatistics)));
        NDArray ss = embedding.forward(embSilu);
        long n = ss.getShape().get(0);
        NDArray onePlusScale = ss.get(":, :" + out).add(1f).reshape(n, out, 1, 1);
        NDArray shift = ss.get(":, " + out + ":").reshape(n, out, 1, 1);
        NDArray gamma = norm2.gamma.getArray().reshape(1, out, 1, 1);
        NDArray beta = norm2.beta.getArray().reshape(1, out, 1, 1);
        // GN(h)·γ·(1+s) + β·(1+s) + shift, with the (N,C,1,1) factors formed first.
        NDArray a = onePlusScale.mul(gamma);
        NDArray b = onePlusScale.mul(beta).add(shift);
        h = norm2.normalize(h, detachStatistics).mul(a).add(b);
        h = conv2.forward(Layers.silu(h));
        return h.add(skip == null ? x : skip.forward(x));
    }
}
