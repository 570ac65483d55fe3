package dev.sindiff.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.LayerNorm;
import ai.djl.training.initializer.Initializer;
import java.util.function.UnaryOperator;

/**
 * The UNet's layers as small parameter holders with functional forwards. Parameters are
 * registered on the owning block through {@code register}, in construction order (which is the
 * order they are saved in).
 */
final class Layers {
    private Layers() {}

    /** PyTorch's default init for conv/linear: U(-1/sqrt(fan_in), 1/sqrt(fan_in)). */
    static Initializer fanInUniform(long fanIn) {
        float bound = (float) (1.0 / Math.sqrt(fanIn));
        return (NDManager m, Shape shape, DataType type) ->
                m.randomUniform(-bound, bound, shape, type, m.getDevice());
    }

    static Parameter param(
            UnaryOperator<Parameter> register, String name, Shape shape, Initializer init) {
        Parameter p =
                Parameter.builder()
                        .setName(name)
                        .setType(Parameter.Type.OTHER)
                        .optShape(shape)
                        .optInitializer(init)
                        .build();
        return register.apply(p);
    }

    /** x * sigmoid(x), in two ops. */
    static NDArray silu(NDArray x) {
        return x.mul(Activation.sigmoid(x));
    }

    /** A 2-D convolution with square kernel, "same" padding and optional stride 2. */
    static final class Conv {
        final Parameter weight;
        final Parameter bias;
        final int kernel;
        final int stride;

        Conv(
                UnaryOperator<Parameter> register,
                String name,
                int in,
                int out,
                int kernel,
                int stride,
                boolean zeroInit) {
            this.kernel = kernel;
            this.stride = stride;
            long fanIn = (long) in * kernel * kernel;
            Initializer init = zeroInit ? Initializer.ZEROS : fanInUniform(fanIn);
            weight = param(register, name + ".weight", new Shape(out, in, kernel, kernel), init);
            bias = param(register, name + ".bias", new Shape(out), init);
        }

        NDArray forward(NDArray x) {
            int pad = kernel / 2;
            return Conv2d.conv2d(
                            x,
                            weight.getArray(),
                            bias.getArray(),
                            new Shape(stride, stride),
                            new Shape(pad, pad),
                            new Shape(1, 1))
                    .singletonOrThrow();
        }
    }

    /** A fully connected layer. */
    static final class Dense {
        final Parameter weight;
        final Parameter bias;

        Dense(UnaryOperator<Parameter> register, String name, int in, int out) {
            weight = param(register, name + ".weight", new Shape(out, in), fanInUniform(in));
            bias = param(register, name + ".bias", new Shape(out), fanInUniform(in));
        }

        NDArray forward(NDArray x) {
            return Linear.linear(x, weight.getArray(), bias.getArray()).singletonOrThrow();
        }
    }

    /**
     * GroupNorm (Wu and He, 2018), which DJL lacks. The normalisation is the fused 5-D layer norm;
     * the affine is returned separately so callers can fold it into a timestep scale/shift.
     */
    static final class GroupNorm {
        static final float EPS = 1e-5f;
        final Parameter gamma;
        final Parameter beta;
        final int groups;
        final int channels;

        GroupNorm(UnaryOperator<Parameter> register, String name, int channels, int groups) {
            if (channels % groups != 0) {
                throw new IllegalArgumentException(channels + " channels, " + groups + " groups");
            }
            this.channels = channels;
            this.groups = groups;
            gamma = param(register, name + ".gamma", new Shape(channels), Initializer.ONES);
            beta = param(register, name + ".beta", new Shape(channels), Initializer.ZEROS);
        }

        /** Zero-mean unit-variance per (sample, group), no affine. */
        NDArray normalize(NDArray x, boolean detachStatistics) {
            Shape s = x.getShape();
            long n = s.get(0);
            long h = s.get(2);
            long w = s.get(3);
            long cg = channels / groups;
            NDArray x5 = x.reshape(n, groups, cg, h, w);
            NDArray y;
            if (detachStatistics) {
                // Statistics as constants: only the local paths carry gradient (receptive field).
                NDArray flat = x.reshape(n, groups, cg * h * w);
                NDArray mean = flat.mean(new int[] {2}, true).stopGradient();
                NDArray var = flat.sub(mean).square().mean(new int[] {2}, true).stopGradient();
                y = flat.sub(mean).div(var.add(EPS).sqrt()).reshape(s);
                // the reshapes lose channels-last order; keep the next conv on the UNet's layout
                return FusedOps.channelsLast(x) ? FusedOps.toChannelsLast(y) : y;
            } else {
                Shape norm = new Shape(cg, h, w);
                NDManager m = x.getManager();
                y = LayerNorm.layerNorm(x5, norm, m.ones(norm), m.zeros(norm), EPS)
                        .singletonOrThrow();
            }
            return y.reshape(s);
        }

        /** Full GroupNorm with its own affine. */
        NDArray forward(NDArray x, boolean detachStatistics) {
            return normalize(x, detachStatistics)
                    .mul(gamma.getArray().reshape(1, channels, 1, 1))
                    .add(beta.getArray().reshape(1, channels, 1, 1));
        }

        /** silu(GroupNorm(x)), with libtorch's fused kernels when available (see {@link FusedOps}). */
        NDArray forwardSilu(NDArray x, boolean detachStatistics) {
            if (!detachStatistics && FusedOps.available(x)) {
                return FusedOps.groupNormSilu(x, gamma.getArray(), beta.getArray(), groups);
            }
            return silu(forward(x, detachStatistics));
        }

        /**
         * silu((GroupNorm(x) · γ + β) · (1 + scale) + shift), guided-diffusion's scale-shift norm,
         * computed as silu(GN(x) · a + b) with a = (1 + scale) γ and b = (1 + scale) β + shift
         * formed first on the small (N, C, 1, 1) factors: one pass less over the feature map.
         *
         * @param scaleShift (N, 2C): the timestep's scale, then its shift
         */
        NDArray forwardFilmSilu(NDArray x, NDArray scaleShift, boolean detachStatistics) {
            if (!detachStatistics && FusedOps.available(x)) {
                return FusedOps.groupNormFilmSilu(x, gamma.getArray(), beta.getArray(), scaleShift, groups);
            }
            long n = scaleShift.getShape().get(0);
            NDArray onePlusScale = scaleShift.get(":, :" + channels).add(1f).reshape(n, channels, 1, 1);
            NDArray shift = scaleShift.get(":, " + channels + ":").reshape(n, channels, 1, 1);
            NDArray a = onePlusScale.mul(gamma.getArray().reshape(1, channels, 1, 1));
            NDArray b = onePlusScale.mul(beta.getArray().reshape(1, channels, 1, 1)).add(shift);
            return silu(normalize(x, detachStatistics).mul(a).add(b));
        }
    }

    /** Concatenates along channels. */
    static NDArray concatChannels(NDArray a, NDArray b) {
        return NDArrays.concat(new ai.djl.ndarray.NDList(a, b), 1);
    }
}
