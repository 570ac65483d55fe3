package dev.sindiff.chart;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Preview grids over time in one picture: one row per preview, labelled with its step, so a run's
 * progress (noise, then blobs, then the image's patches) reads top to bottom.
 */
public final class PreviewTimeline {
    /** Rows shown at most; longer runs show evenly chosen previews, always with the first and last. */
    public static final int MAX_ROWS = 8;
    private static final int LABEL_WIDTH = 110;
    private static final int GAP = 4;

    private PreviewTimeline() {}

    /** One preview grid and the step it was drawn at. */
    public record Frame(long step, BufferedImage grid) {}

    /** Picks at most {@code max} indices of {@code n}, evenly spread, including 0 and n-1. */
    public static List<Integer> pick(int n, int max) {
        List<Integer> out = new ArrayList<>();
        if (n <= max) {
            for (int i = 0; i < n; i++) {
                out.add(i);
            }
            return out;
        }
        for (int k = 0; k < max; k++) {
            out.add((int) Math.round((double) k * (n - 1) / (max - 1)));
        }
        return out;
    }

    /** Frames in step order, stacked; each row is scaled to the widest frame's width. */
    public static BufferedImage of(List<Frame> frames) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("no previews");
        }
        List<Frame> shown = new ArrayList<>();
        for (int i : pick(frames.size(), MAX_ROWS)) {
            shown.add(frames.get(i));
        }
        int w = shown.stream().mapToInt(f -> f.grid().getWidth()).max().orElseThrow();
        int[] heights = shown.stream().mapToInt(f -> (int) Math.round(f.grid().getHeight() * (double) w / f.grid().getWidth())).toArray();
        int total = GAP;
        for (int h : heights) {
            total += h + GAP;
        }
        BufferedImage out = new BufferedImage(LABEL_WIDTH + w + GAP, total, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = out.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BILINEAR);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, out.getWidth(), out.getHeight());
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
            int y = GAP;
            for (int i = 0; i < shown.size(); i++) {
                g.drawImage(shown.get(i).grid(), LABEL_WIDTH, y, w, heights[i], null);
                g.setColor(Color.DARK_GRAY);
                g.drawString("step " + shown.get(i).step(), 8, y + heights[i] / 2 + 6);
                y += heights[i] + GAP;
            }
        } finally {
            g.dispose();
        }
        return out;
    }
}
