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

    ResBlock(UnaryOperator<Parameter> register, String name, int in, int out, int emb, int groups) {
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
        NDArray h = conv1.forward(norm1.forwardSilu(x, detachStatistics));
        h = conv2.forward(norm2.forwardFilmSilu(h, embedding.forward(embSilu), detachStatistics));
        return h.add(skip == null ? x : skip.forward(x));
    }
}
