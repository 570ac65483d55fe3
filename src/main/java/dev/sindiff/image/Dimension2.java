package dev.sindiff.image;

/**
 * Width and height of an image in pixels, as reported by {@link ImageFiles#readSize(java.nio.file.Path)}.
 *
 * @param width  width in pixels
 * @param height height in pixels
 */
public record Dimension2(int width, int height) {

    /** @return {@code width * height}, computed without overflow */
    public long pixels() {
        return (long) width * height;
    }

    /** @return {@code "WIDTHxHEIGHT"}, e.g. {@code "640x480"} */
    @Override
    public String toString() {
        return width + "x" + height;
    }
}
