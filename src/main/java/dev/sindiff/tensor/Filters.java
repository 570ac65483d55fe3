package dev.sindiff.tensor;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;

/**
 * Linear filters of (N, C, H, W) tensors: Gaussian kernels, separable filtering of each channel,
 * valid convolution. Every function returns a new array and leaves its input alone.
 */
public final class Filters {
    private Filters() {}

    /** A normalised Gaussian of standard deviation {@code sigma} pixels, radius ceil(3 sigma), at least 1. */
    public static float[] gaussian(double sigma) {
        int r = Math.max(1, (int) Math.ceil(3 * sigma));
        float[] k = new float[2 * r + 1];
        double sum = 0;
        for (int i = -r; i <= r; i++) {
            sum += Math.exp(-0.5 * i * i / (sigma * sigma));
        }
        for (int i = -r; i <= r; i++) {
            k[i + r] = (float) (Math.exp(-0.5 * i * i / (sigma * sigma)) / sum);
        }
        return k;
    }

    /**
     * Each channel of {@code x} filtered by the odd-length 1-D kernel {@code k} along H, then W,
     * reflect padded ({@link Padding#reflect}), so the output has the input's shape.
     */
    public static NDArray separable(NDArray x, float[] k) {
        int r = k.length / 2;
        int c = (int) x.getShape().get(1);
        NDManager m = x.getManager();
        float[] taps = new float[c * k.length];
        for (int ch = 0; ch < c; ch++) {
            System.arraycopy(k, 0, taps, ch * k.length, k.length);
        }
        NDArray kv = m.create(taps, new Shape(c, 1, k.length, 1));
        NDArray kh = m.create(taps, new Shape(c, 1, 1, k.length));
        NDArray p = Padding.reflect(x, r, r);
        NDArray v = conv(p, kv, c);
        return conv(v, kh, c);
    }

    /**
     * Valid (unpadded) stride-1 convolution of (N, C, H, W) {@code x} by {@code weight}, shaped
     * (C_out, C/groups, kH, kW), with {@code groups}: (N, C_out, H-kH+1, W-kW+1).
     */
    public static NDArray conv(NDArray x, NDArray weight, int groups) {
        return Conv2d.conv2d(
                        x,
                        weight,
                        null,
                        new Shape(1, 1),
                        new Shape(0, 0),
                        new Shape(1, 1),
                        groups)
                .singletonOrThrow();
    }

    /**
     * Valid cross-correlation of one image with one kernel, summed over channels, by FFT: for
     * (1, C, H, W) {@code x} and (1, C, kH, kW) {@code kernel}, out[y, x'] = Σ_c Σ_i Σ_j
     * x[c, y+i, x'+j]·kernel[c, i, j], shaped (H-kH+1, W-kW+1), the same as {@link #conv} with
     * one output channel. Its cost grows with H·W·log(H·W) instead of H·W·kH·kW, so it is the way
     * to correlate with a kernel as large as an image. Float32 FFTs round to about 1e-6 of the
     * largest term.
     */
    public static NDArray crossCorrelation(NDArray x, NDArray kernel) {
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        long kh = kernel.getShape().get(2);
        long kw = kernel.getShape().get(3);
        if (kh > h || kw > w || x.getShape().get(1) != kernel.getShape().get(1)) {
            throw new IllegalArgumentException("kernel " + kernel.getShape() + " does not fit " + x.getShape());
        }
        // zero-padded to the image's size, the circular correlation equals the valid one where no index wraps
        NDArray kp = kernel.pad(new Shape(0, w - kw, 0, h - kh), 0);
        NDArray fx = x.rfft(w, 3).fft(h, 2).real(); // (1, C, h, w/2+1, 2): real and imaginary parts
        NDArray fk = kp.rfft(w, 3).fft(h, 2).real();
        NDArray xr = fx.get("..., 0");
        NDArray xi = fx.get("..., 1");
        NDArray kr = fk.get("..., 0");
        NDArray ki = fk.get("..., 1");
        // F(x)·conj(F(k)), summed over channels
        NDArray re = xr.mul(kr).add(xi.mul(ki)).sum(new int[] {1});
        NDArray im = xi.mul(kr).sub(xr.mul(ki)).sum(new int[] {1});
        NDArray product = re.expandDims(-1).concat(im.expandDims(-1), -1).complex();
        NDArray circular = product.ifft(h, 1).irfft(w, 2); // (1, h, w)
        return circular.get("0, :{}, :{}", h - kh + 1, w - kw + 1);
    }
}
