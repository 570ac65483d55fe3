package dev.sindiff.metric;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

/**
 * Whole-tensor image operations shared by the metrics. Images are (1, 3, H, W) float tensors;
 * every function returns a new array and leaves its input alone.
 */
final class Ops {
    private Ops() {}

    /** A (3, H, W) or (1, 3, H, W) tensor as (1, 3, H, W); anything else is rejected. */
    static NDArray asBatch(NDArray x, String what) {
        Shape s = x.getShape();
        NDArray b = s.dimension() == 3 ? x.expandDims(0) : x;
        Shape bs = b.getShape();
        if (bs.dimension() != 4 || bs.get(0) != 1 || bs.get(1) != 3) {
            throw new IllegalArgumentException(
                    what + " must be a (1, 3, H, W) or (3, H, W) RGB tensor, got " + s);
        }
        return b;
    }

    static int height(NDArray x) {
        return (int) x.getShape().get(x.getShape().dimension() - 2);
    }

    static int width(NDArray x) {
        return (int) x.getShape().get(x.getShape().dimension() - 1);
    }

    /** 2x2 area (box) downsampling; an odd last row/column is dropped. */
    static NDArray areaDown2(NDArray x) {
        return x.getNDArrayInternal()
                .avgPool(new Shape(2, 2), new Shape(2, 2), new Shape(0, 0), false, true);
    }

    /** torch.roll over the spatial axes: pixel (y, x) moves to ((y + dy) mod H, (x + dx) mod W). */
    static NDArray roll(NDArray x, int dy, int dx) {
        int h = height(x);
        int w = width(x);
        int sy = Math.floorMod(dy, h);
        int sx = Math.floorMod(dx, w);
        NDArray out = x;
        if (sy != 0) {
            out = out.get(":, :, {}:, :", h - sy).concat(out.get(":, :, :{}, :", h - sy), 2);
        }
        if (sx != 0) {
            out = out.get(":, :, :, {}:", w - sx).concat(out.get(":, :, :, :{}", w - sx), 3);
        }
        return out;
    }

    /** Grey value 0.299 R + 0.587 G + 0.114 B of an (N, 3, H, W) batch, as (N, H, W). */
    static NDArray grey(NDArray x) {
        NDArray wts = x.getManager().create(new float[] {0.299f, 0.587f, 0.114f}, new Shape(1, 3, 1, 1));
        return x.mul(wts).sum(new int[] {1});
    }

    /** Per-channel mean of a (1, C, H, W) image as (1, C, 1, 1) (DJL's mean takes one axis only). */
    static NDArray channelMean(NDArray x) {
        long c = x.getShape().get(1);
        return x.reshape(c, -1).mean(new int[] {1}, true).reshape(1, c, 1, 1);
    }

    /** Per-channel population std of a (1, C, H, W) image as (1, C, 1, 1). */
    static NDArray channelStd(NDArray x) {
        return x.sub(channelMean(x)).square().reshape(x.getShape().get(1), -1)
                .mean(new int[] {1}, true).sqrt().reshape(1, x.getShape().get(1), 1, 1);
    }

    /** Population standard deviation of all elements. */
    static double std(NDArray x) {
        return x.sub(x.mean()).square().mean().sqrt().getFloat();
    }
}
