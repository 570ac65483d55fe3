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
}
