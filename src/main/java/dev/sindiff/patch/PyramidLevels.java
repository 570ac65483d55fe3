package dev.sindiff.patch;

import java.util.ArrayList;
import java.util.List;

/**
 * The sizes of an image pyramid, finest (the image) first: each level halves the one above it
 * (sides rounded up), down to the coarsest, whose shorter side is raised to {@code minShortSide}
 * (Qiu et al. 2026: 1.5-2 patch sides, so that a patch there spans most of the image and keeps its
 * layout). The level count is the largest that keeps every level but the coarsest at least
 * {@code minShortSide} on its shorter side.
 *
 * @param heights level heights in pixels, finest first
 * @param widths level widths in pixels, finest first
 */
public record PyramidLevels(int[] heights, int[] widths) {
    public PyramidLevels {
        if (heights.length == 0 || heights.length != widths.length) {
            throw new IllegalArgumentException("a pyramid needs one height and one width per level");
        }
        heights = heights.clone();
        widths = widths.clone();
    }

    /**
     * The pyramid of an {@code height} x {@code width} image.
     *
     * @param minShortSide the coarsest level's shorter side in pixels (≥ 1)
     * @param maxLevels at most this many levels (≥ 1); 1 = the image alone
     */
    public static PyramidLevels of(int height, int width, int minShortSide, int maxLevels) {
        if (height < 1 || width < 1 || minShortSide < 1 || maxLevels < 1) {
            throw new IllegalArgumentException("bad pyramid: " + height + "x" + width + ", min side " + minShortSide
                    + ", levels " + maxLevels);
        }
        int shortSide = Math.min(height, width);
        int levels = shortSide < minShortSide ? 1 : 2 + (int) Math.floor(Math.log((double) shortSide / minShortSide) / Math.log(2));
        // a coarsest level equal to the one above it adds nothing
        if (levels >= 2 && Math.min(ceilHalf(height, levels - 2), ceilHalf(width, levels - 2)) <= minShortSide) {
            levels--;
        }
        levels = Math.min(levels, maxLevels);
        List<int[]> sizes = new ArrayList<>();
        for (int l = 0; l < levels; l++) {
            sizes.add(new int[] {ceilHalf(height, l), ceilHalf(width, l)});
        }
        if (levels > 1) {
            int[] last = sizes.get(levels - 1);
            int[] above = sizes.get(levels - 2);
            if (Math.min(last[0], last[1]) < minShortSide) {
                last[0] = Math.min(above[0], (int) Math.ceil((double) height * minShortSide / shortSide));
                last[1] = Math.min(above[1], (int) Math.ceil((double) width * minShortSide / shortSide));
            }
        }
        int[] h = new int[levels];
        int[] w = new int[levels];
        for (int l = 0; l < levels; l++) {
            h[l] = sizes.get(l)[0];
            w[l] = sizes.get(l)[1];
        }
        return new PyramidLevels(h, w);
    }

    private static int ceilHalf(int side, int times) {
        return (int) Math.ceil(side / Math.pow(2, times));
    }

    public int count() {
        return heights.length;
    }

    /**
     * A canvas of {@code canvasHeight} x {@code canvasWidth} at level {@code l}: scaled by the
     * level's factor per axis (so a panorama of the image keeps the image's scale at every level),
     * at least {@code minSide} pixels.
     */
    public int[] canvasAt(int l, int canvasHeight, int canvasWidth, int minSide) {
        int h = Math.max(minSide, (int) Math.round((double) canvasHeight * heights[l] / heights[0]));
        int w = Math.max(minSide, (int) Math.round((double) canvasWidth * widths[l] / widths[0]));
        return new int[] {Math.min(h, Math.max(canvasHeight, minSide)), Math.min(w, Math.max(canvasWidth, minSide))};
    }
}
