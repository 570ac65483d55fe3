package dev.sindiff.bench;

import dev.sindiff.model.UNetConfig;

/**
 * Multiply-add count of the UNet's convolutions (2 FLOPs each), the figure to compare a step's
 * time with the machine's peak. Element-wise ops and norms are not counted.
 */
public final class Flops {
    private Flops() {}

    /** Forward FLOPs for one image of size h x w (multiples of the total stride). */
    public static double forward(UNetConfig c, int h, int w) {
        double f = conv(3, c.baseChannels(), 3, h, w);
        int ch = c.baseChannels();
        java.util.ArrayDeque<Integer> skips = new java.util.ArrayDeque<>();
        skips.push(ch);
        int hh = h;
        int ww = w;
        for (int l = 0; l < c.levels(); l++) {
            for (int i = 0; i < c.resBlocks(); i++) {
                f += res(ch, c.channels(l), hh, ww);
                ch = c.channels(l);
                skips.push(ch);
            }
            if (l != c.levels() - 1) {
                hh /= 2;
                ww /= 2;
                f += conv(ch, ch, 3, hh, ww);
                skips.push(ch);
            }
        }
        boolean first = true;
        for (int l = c.levels() - 1; l >= 0; l--) {
            for (int i = 0; i <= c.resBlocks(); i++) {
                int s = skips.pop();
                int in = first ? ch : ch + s;
                first = false;
                f += res(in, c.channels(l), hh, ww);
                ch = c.channels(l);
            }
            if (l != 0) {
                hh *= 2;
                ww *= 2;
                f += conv(ch, ch, 3, hh, ww);
            }
        }
        return f + conv(ch, 3, 3, hh, ww);
    }

    private static double res(int in, int out, int h, int w) {
        return conv(in, out, 3, h, w) + conv(out, out, 3, h, w) + (in == out ? 0 : conv(in, out, 1, h, w));
    }

    private static double conv(int in, int out, int k, int h, int w) {
        return 2.0 * in * out * k * k * h * w;
    }
}
