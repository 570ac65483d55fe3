package dev.sindiff.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Lays images out in a grid on white, to look at many samples at once. */
public final class ContactSheet {

    /** White pixels between the cells of {@link #grid} and {@link #comparison}. */
    public static final int GAP = 4;

    /** Results shown after the inputs in {@link #comparison}. */
    public static final int COMPARED_RESULTS = 3;

    private ContactSheet() {}

    /**
     * The samples of one run in a grid about as wide as it is tall: ⌈√(n·h/w)⌉ columns for n
     * images of the first image's height h and width w (at most n), {@value #GAP} px apart.
     *
     * @param images at least one image
     * @throws IllegalArgumentException as {@link #of}
     */
    public static BufferedImage grid(List<BufferedImage> images) {
        if (images.isEmpty()) {
            throw new IllegalArgumentException("a contact sheet needs at least one image");
        }
        int n = images.size();
        BufferedImage first = images.get(0);
        int columns = (int) Math.ceil(Math.sqrt(n * (double) first.getHeight() / first.getWidth()));
        return of(images, Math.max(1, Math.min(n, columns)), GAP);
    }

    /**
     * One row showing what went in and what came out: the inputs (an image, its mask...), then the
     * first {@value #COMPARED_RESULTS} results, {@value #GAP} px apart.
     *
     * @param before the inputs, at least one
     * @param results the results
     * @throws IllegalArgumentException as {@link #of}
     */
    public static BufferedImage comparison(List<BufferedImage> before, List<BufferedImage> results) {
        List<BufferedImage> row = new ArrayList<>(before);
        row.addAll(results.subList(0, Math.min(results.size(), COMPARED_RESULTS)));
        return of(row, row.size(), GAP);
    }

    /**
     * Grid of images, {@code columns} per row, {@code gap} px of white between cells (none around the
     * edge). Images may differ in size: every cell is as wide as the widest image and as tall as the
     * tallest, and each image is centred in its cell. With fewer images than {@code columns}, the
     * grid has only as many columns as images. Transparent pixels show the white background.
     *
     * @param images  at least one image, any type
     * @param columns images per row, at least 1
     * @param gap     white pixels between neighbouring cells, at least 0
     * @return a {@link BufferedImage#TYPE_3BYTE_BGR} image of
     *     {@code cols * cellWidth + (cols - 1) * gap} by {@code rows * cellHeight + (rows - 1) * gap}
     * @throws IllegalArgumentException if an argument is out of range or the sheet would be too large
     */
    public static BufferedImage of(List<BufferedImage> images, int columns, int gap) {
        Objects.requireNonNull(images, "images");
        if (images.isEmpty()) {
            throw new IllegalArgumentException("a contact sheet needs at least one image");
        }
        if (columns < 1 || gap < 0) {
            throw new IllegalArgumentException("need columns >= 1 and gap >= 0, got columns=" + columns + ", gap=" + gap);
        }
        int cellWidth = 0;
        int cellHeight = 0;
        for (BufferedImage image : images) {
            Objects.requireNonNull(image, "images contains null");
            cellWidth = Math.max(cellWidth, image.getWidth());
            cellHeight = Math.max(cellHeight, image.getHeight());
        }
        int cols = Math.min(columns, images.size());
        int rows = (images.size() + cols - 1) / cols;
        long width = (long) cols * cellWidth + (long) (cols - 1) * gap;
        long height = (long) rows * cellHeight + (long) (rows - 1) * gap;
        if (width > Integer.MAX_VALUE || height > Integer.MAX_VALUE || width * height * 3 > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("contact sheet of " + width + "x" + height + " pixels is too large");
        }
        BufferedImage sheet = new BufferedImage((int) width, (int) height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = sheet.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, sheet.getWidth(), sheet.getHeight());
            for (int i = 0; i < images.size(); i++) {
                BufferedImage image = images.get(i);
                int x = (i % cols) * (cellWidth + gap) + (cellWidth - image.getWidth()) / 2;
                int y = (i / cols) * (cellHeight + gap) + (cellHeight - image.getHeight()) / 2;
                g.drawImage(image, x, y, null);
            }
        } finally {
            g.dispose();
        }
        return sheet;
    }
}
