package dev.sindiff.image;

/**
 * The size of an image or a canvas in pixels, height first as in an (N, C, H, W) tensor and in
 * the command line's {@code HxW}. It holds any pair of ints: what a size must be depends on where
 * it is used (an image file's header is checked by {@link ImageFiles}, a canvas by the sampling
 * plan), each against {@link #MAX_SIDE}.
 *
 * @param height height in pixels
 * @param width  width in pixels
 */
public record ImageSize(int height, int width) {
    /**
     * The largest side of an image sindiff reads, or of a canvas it generates, in pixels: the
     * largest side of a PNG or TIFF that common decoders handle, so that every image sindiff
     * writes it can read back.
     */
    public static final int MAX_SIDE = 65535;

    /** @return {@code height * width}, computed without overflow */
    public long pixels() {
        return (long) height * width;
    }

    /** Whether both sides are from 1 to {@link #MAX_SIDE}. */
    public boolean withinLimits() {
        return height >= 1 && width >= 1 && height <= MAX_SIDE && width <= MAX_SIDE;
    }

    /** The size with height and width exchanged (an image turned by a quarter). */
    public ImageSize transposed() {
        return new ImageSize(width, height);
    }

    /** @return {@code "WIDTHxHEIGHT"}, e.g. {@code "640x480"}, for messages that say (WxH) as image tools do */
    public String widthByHeight() {
        return width + "x" + height;
    }

    /** @return {@code "HEIGHTxWIDTH"}, e.g. {@code "480x640"}: the command line's HxW */
    @Override
    public String toString() {
        return height + "x" + width;
    }
}
