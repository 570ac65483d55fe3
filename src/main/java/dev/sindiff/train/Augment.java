package dev.sindiff.train;

/** SinDiffusion's augmentation: an independent random resize of each axis. Pure arithmetic. */
public final class Augment {
    private Augment() {}

    /**
     * ⌊size·s / multiple⌋·multiple with s = min + u·(max - min), at least {@code multiple}.
     *
     * @param u a uniform draw in [0, 1)
     */
    public static int randomSide(int size, double u, double min, double max, int multiple) {
        double s = min + u * (max - min);
        int side = (int) Math.floor(size * s / multiple) * multiple;
        return Math.max(multiple, side);
    }

    /** Size after fitting the long side into {@code maxSize} (never enlarges). */
    public static int[] fitLongSide(int height, int width, int maxSize) {
        int longSide = Math.max(height, width);
        if (longSide <= maxSize) {
            return new int[] {height, width};
        }
        double s = (double) maxSize / longSide;
        return new int[] {Math.max(1, (int) Math.round(height * s)), Math.max(1, (int) Math.round(width * s))};
    }

    /**
     * The side of the square crop for an h×w resized image: {@code crop} rounded up to a multiple
     * of {@code multiple} (so it is never smaller than asked for), or 0 (the whole image) when
     * cropping is off or the image is not larger than that in both sides. When only one side is
     * shorter, the crop shrinks to it (floored to the multiple).
     */
    public static int cropSide(int crop, int height, int width, int multiple) {
        if (crop <= 0) {
            return 0;
        }
        int side = (crop + multiple - 1) / multiple * multiple;
        if (side >= height && side >= width) {
            return 0;
        }
        return Math.max(multiple, Math.min(side, Math.min(height, width) / multiple * multiple));
    }

    /** The crop's offset along an axis of {@code size} pixels: ⌊u·(size - side + 1)⌋, u in [0, 1). */
    public static int cropOffset(int size, int side, double u) {
        return Math.min(size - side, (int) Math.floor(u * (size - side + 1)));
    }
}
