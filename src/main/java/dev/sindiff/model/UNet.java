package dev.sindiff.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import dev.sindiff.model.Layers.Conv;
import dev.sindiff.model.Layers.Dense;
import dev.sindiff.model.Layers.GroupNorm;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The patch-wise, fully convolutional UNet of SinDiffusion (Wang et al. 2022, arXiv 2211.12445):
 * guided-diffusion's UNetModel without attention and without a middle block, so that its
 * receptive field stays limited and it learns patch statistics rather than the whole image.
 *
 * <p>Inputs: {@code x} (N, 3, H, W) with H and W multiples of {@link UNetConfig#sizeMultiple()},
 * and {@code t} (N) timesteps as floats. Output: predicted noise ε, same shape as {@code x}.
 */
public final class UNet extends AbstractBlock {
    private final UNetConfig config;
    private final Dense timeEmbed1;
    private final Dense timeEmbed2;
    private final Conv convIn;
    private final List<ResBlock> encoder = new ArrayList<>();
    private final List<Conv> downsamples = new ArrayList<>();
    private final List<ResBlock> decoder = new ArrayList<>();
    private final List<Conv> upsamples = new ArrayList<>();
    private final GroupNorm normOut;
    private final Conv convOut;
    private boolean detachStatistics;

    public UNet(UNetConfig config) {
        this.config = config;
        int base = config.baseChannels();
        int emb = config.embeddingChannels();
        int groups = config.groups();
        int levels = config.levels();
        timeEmbed1 = new Dense(this::addParameter, "time.fc1", base, emb);
        timeEmbed2 = new Dense(this::addParameter, "time.fc2", emb, emb);
        convIn = new Conv(this::addParameter, "in", UNetConfig.IMAGE_CHANNELS, base, 3, 1, false);

        Deque<Integer> skipChannels = new ArrayDeque<>();
        skipChannels.push(base);
        int ch = base;
        for (int level = 0; level < levels; level++) {
            for (int i = 0; i < config.resBlocks(); i++) {
                int out = config.channels(level);
                String name = "enc" + level + ".res" + i;
                encoder.add(new ResBlock(this::addParameter, name, ch, out, emb, groups));
                ch = out;
                skipChannels.push(ch);
            }
            if (level != levels - 1) {
                downsamples.add(new Conv(this::addParameter, "enc" + level + ".down", ch, ch, 3, 2, false));
                skipChannels.push(ch);
            }
        }
        boolean first = true;
        for (int level = levels - 1; level >= 0; level--) {
            for (int i = 0; i <= config.resBlocks(); i++) {
                int skip = skipChannels.pop();
                // The deepest encoder output is the first decoder block's input itself, not a concat.
                int in = first ? ch : ch + skip;
                first = false;
                int out = config.channels(level);
                String name = "dec" + level + ".res" + i;
                decoder.add(new ResBlock(this::addParameter, name, in, out, emb, groups));
                ch = out;
            }
            if (level != 0) {
                upsamples.add(new Conv(this::addParameter, "dec" + level + ".up", ch, ch, 3, 1, false));
            }
        }
        normOut = new GroupNorm(this::addParameter, "out.norm", ch, groups);
        convOut = new Conv(this::addParameter, "out", ch, UNetConfig.IMAGE_CHANNELS, 3, 1, true);
    }

    public UNetConfig config() {
        return config;
    }

    /** Creates the parameters on {@code manager} with their initial values. */
    public void initialize(NDManager manager) {
        initialize(manager, DataType.FLOAT32, new Shape(1, 3, 8, 8), new Shape(1));
    }

    /** Total number of scalar parameters. */
    public long parameterCount() {
        return getParameters().values().stream().mapToLong(p -> p.getShape().size()).sum();
    }

    /** Parameters in their fixed order (the order they are saved and loaded in). */
    public List<Parameter> parameterList() {
        return getParameters().values();
    }

    /**
     * Treats GroupNorm's per-image statistics as constants in the backward pass. Used only to
     * measure the receptive field, which is defined by the local (convolutional) paths.
     */
    public void setDetachStatistics(boolean detach) {
        this.detachStatistics = detach;
    }

    /** Predicts ε for a batch: {@code x} (N,3,H,W), {@code t} (N) float timesteps. */
    public NDArray predict(NDArray x, NDArray t) {
        Shape s = x.getShape();
        int m = config.sizeMultiple();
        if (s.dimension() != 4 || s.get(1) != UNetConfig.IMAGE_CHANNELS || s.get(2) % m != 0 || s.get(3) % m != 0) {
            throw new IllegalArgumentException(
                    "UNet input must be (N,3,H,W) with H, W multiples of " + m + ", got " + s);
        }
        NDArray embSilu = Layers.silu(timeEmbed2.forward(Layers.silu(timeEmbed1.forward(
                Timesteps.sinusoidal(t, config.baseChannels())))));

        Deque<NDArray> skips = new ArrayDeque<>();
        // channels-last feature maps where that is faster (see FusedOps); the output is NCHW again.
        // It also avoids a oneDNN 3.7 bug of the NCHW path: convolutions whose channel count is not
        // a multiple of the ISA's block (16 on AVX-512, 8 on AVX2) read uninitialised padding and
        // return NaN now and then (see docs/performance.md, "NaN from NCHW convolutions").
        boolean channelsLast = FusedOps.channelsLast(x);
        NDArray h = convIn.forward(channelsLast ? FusedOps.toChannelsLast(x) : x);
        skips.push(h);
        int e = 0;
        for (int level = 0; level < config.levels(); level++) {
            for (int i = 0; i < config.resBlocks(); i++) {
                NDArray hin = h;
                ResBlock block = encoder.get(e++);
                h = freed(() -> block.forward(hin, embSilu, detachStatistics));
                skips.push(h);
            }
            if (level != config.levels() - 1) {
                NDArray hin = h;
                int lv = level;
                h = freed(() -> downsamples.get(lv).forward(hin));
                skips.push(h);
            }
        }
        // without autograd, each decoder input is closed once used (skips are used exactly once)
        boolean release = !ai.djl.pytorch.jni.JniUtils.isGradMode();
        int d = 0;
        int u = 0;
        for (int level = config.levels() - 1; level >= 0; level--) {
            for (int i = 0; i <= config.resBlocks(); i++) {
                NDArray skip = skips.pop();
                NDArray prev = h;
                boolean first = d == 0;
                ResBlock block = decoder.get(d++);
                h = freed(() -> block.forward(first ? skip : Layers.concatChannels(prev, skip), embSilu, detachStatistics));
                if (release) {
                    skip.close();
                    prev.close();
                }
            }
            if (level != 0) {
                Shape hs = h.getShape();
                NDArray hin = h;
                int ui = u++;
                h = freed(() -> upsamples.get(ui).forward(
                        dev.sindiff.image.TensorResize.resize(hin, (int) hs.get(2) * 2, (int) hs.get(3) * 2,
                                dev.sindiff.image.TensorResize.Mode.NEAREST)));
                if (release) {
                    hin.close();
                }
            }
        }
        NDArray hin = h;
        NDArray out = freed(() -> convOut.forward(normOut.forwardSilu(hin, detachStatistics)));
        if (release) {
            hin.close();
        }
        return channelsLast ? FusedOps.toContiguous(out) : out;
    }

    /**
     * Runs one block; without autograd (sampling) its intermediate arrays are closed as soon as it
     * returns, so that a forward pass holds only the skip connections and one block's temporaries,
     * not every activation of the network until the sampler's step ends.
     */
    private static NDArray freed(java.util.function.Supplier<NDArray> block) {
        if (ai.djl.pytorch.jni.JniUtils.isGradMode()) {
            return block.get();
        }
        NDArray out;
        try (ai.djl.ndarray.NDScope scope = new ai.djl.ndarray.NDScope()) {
            scope.suppressNotUsedWarning();
            out = block.get();
            ai.djl.ndarray.NDScope.unregister(out);
        }
        ai.djl.ndarray.NDScope.register(out); // back in the caller's scope, if there is one
        return out;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore, NDList inputs, boolean training, PairList<String, Object> params) {
        return new NDList(predict(inputs.get(0), inputs.get(1)));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }
}
