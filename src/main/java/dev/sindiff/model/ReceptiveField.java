package dev.sindiff.model;

/**
 * The receptive field of the UNet: which input pixels one output pixel can see through its
 * convolutions. It is the user's main knob: a small field gives diverse samples that rearrange
 * the image's patches; a field close to the image size reproduces the image.
 *
 * <p>Computed exactly by walking the network backwards with 1-D index intervals (square kernels
 * make height and width alike): a 3x3 conv widens [lo, hi] to [lo-1, hi+1], a stride-2 conv maps
 * it to [2lo-1, 2hi+1], nearest x2 upsampling to [⌊lo/2⌋, ⌊hi/2⌋], a ResBlock (two 3x3 convs) to
 * [lo-2, hi+2], and a skip concatenation takes the hull of both branches. Because of the strides
 * the extent depends on the output pixel's position modulo the total stride; the receptive field
 * is the largest extent. GroupNorm's per-image mean and variance are not counted: they carry two
 * numbers per group, not patch content.
 */
public final class ReceptiveField {
    private ReceptiveField() {}

    /** Largest extent in pixels over output positions. */
    public static int of(UNetConfig config) {
        int m = config.sizeMultiple();
        int best = 0;
        for (int phase = 0; phase < m; phase++) {
            int[] iv = interval(config, 1024 * m + phase);
            best = Math.max(best, iv[1] - iv[0] + 1);
        }
        return best;
    }

    /**
     * Input interval [lo, hi] seen by output index {@code pixel}, ignoring image borders.
     */
    public static int[] interval(UNetConfig config, int pixel) {
        int levels = config.levels();
        int res = config.resBlocks();
        // Encoder tensors in forward order; ops[k] makes tensor k from tensor k-1.
        int encoderTensors = 1 + levels * res + (levels - 1);
        boolean[] isDown = new boolean[encoderTensors];
        int k = 1;
        for (int level = 0; level < levels; level++) {
            k += res;
            if (level != levels - 1) {
                isDown[k++] = true;
            }
        }
        int[][] required = new int[encoderTensors][];

        int[] r = widen(new int[] {pixel, pixel}, 1); // output conv
        int decoderBlocks = levels * (res + 1);
        int d = decoderBlocks - 1;
        for (int level = 0; level < levels; level++) {
            if (level != 0) {
                r = widen(r, 1); // the upsample's conv
                r = new int[] {Math.floorDiv(r[0], 2), Math.floorDiv(r[1], 2)}; // nearest x2
            }
            for (int i = res; i >= 0; i--, d--) {
                r = widen(r, 2); // ResBlock: two 3x3 convs
                int skip = encoderTensors - 1 - d;
                required[skip] = hull(required[skip], r);
            }
        }
        for (k = encoderTensors - 1; k >= 1; k--) {
            int[] prev = isDown[k]
                    ? new int[] {2 * required[k][0] - 1, 2 * required[k][1] + 1}
                    : widen(required[k], 2);
            required[k - 1] = hull(required[k - 1], prev);
        }
        return widen(required[0], 1); // input conv
    }

    private static int[] widen(int[] iv, int by) {
        return new int[] {iv[0] - by, iv[1] + by};
    }

    private static int[] hull(int[] a, int[] b) {
        return a == null ? b : new int[] {Math.min(a[0], b[0]), Math.max(a[1], b[1])};
    }
}
