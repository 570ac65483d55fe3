package dev.sindiff.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContactSheetTest {

    private static final int WHITE = 0xFFFFFF;

    @Test
    void fiveImagesInThreeColumnsWithGapTwo() {
        List<BufferedImage> images = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            images.add(solid(10, 8, Color.RED));
        }

        BufferedImage sheet = ContactSheet.of(images, 3, 2);

        assertEquals(BufferedImage.TYPE_3BYTE_BGR, sheet.getType());
        assertEquals(3 * 10 + 2 * 2, sheet.getWidth()); // 34
        assertEquals(2 * 8 + 1 * 2, sheet.getHeight()); // 18
        assertEquals(0xFF0000, rgb(sheet, 0, 0));
        assertEquals(WHITE, rgb(sheet, 10, 0)); // gap between columns
        assertEquals(0xFF0000, rgb(sheet, 12, 0)); // second cell
        assertEquals(WHITE, rgb(sheet, 0, 8)); // gap between rows
        assertEquals(0xFF0000, rgb(sheet, 12 + 9, 10 + 7)); // fifth image, last pixel
        assertEquals(WHITE, rgb(sheet, 24 + 5, 10 + 4)); // empty sixth cell
    }

    @Test
    void cellsTakeTheLargestSizeAndImagesAreCentred() {
        BufferedImage sheet = ContactSheet.of(List.of(solid(4, 4, Color.BLUE), solid(8, 6, Color.GREEN)), 5, 1);

        assertEquals(2 * 8 + 1, sheet.getWidth()); // only as many columns as images
        assertEquals(6, sheet.getHeight());
        assertEquals(WHITE, rgb(sheet, 0, 0));
        assertEquals(0x0000FF, rgb(sheet, 2, 1)); // 4x4 centred in the 8x6 cell
        assertEquals(0x0000FF, rgb(sheet, 5, 4));
        assertEquals(WHITE, rgb(sheet, 6, 1));
        assertEquals(0x00FF00, rgb(sheet, 9, 0));
    }

    @Test
    void transparentPixelsShowWhite() {
        BufferedImage clear = new BufferedImage(3, 3, BufferedImage.TYPE_INT_ARGB);
        assertEquals(WHITE, rgb(ContactSheet.of(List.of(clear), 1, 0), 1, 1));
    }

    @Test
    void rejectsBadArguments() {
        List<BufferedImage> one = List.of(solid(2, 2, Color.RED));
        assertThrows(IllegalArgumentException.class, () -> ContactSheet.of(List.of(), 3, 2));
        assertThrows(IllegalArgumentException.class, () -> ContactSheet.of(one, 0, 2));
        assertThrows(IllegalArgumentException.class, () -> ContactSheet.of(one, 1, -1));
    }

    private static BufferedImage solid(int w, int h, Color color) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = image.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return image;
    }

    private static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xFFFFFF;
    }
}
