package dev.sindiff.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sindiff.TestImages;
import dev.sindiff.UserError;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;

class MasksTest {
    private static BufferedImage mask(int w, int h, int type, Color fg) {
        BufferedImage img = new BufferedImage(w, h, type);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, w, h);
        g.setColor(fg);
        g.fillRect(0, 0, w / 2, h); // left half
        g.dispose();
        return img;
    }

    @Test
    void greyAndColourMasksGiveTheSameBinaryMask() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray grey = Masks.fromImage(m, mask(20, 10, BufferedImage.TYPE_BYTE_GRAY, Color.WHITE), 10, 20, "grey");
            NDArray rgb = Masks.fromImage(m, mask(20, 10, BufferedImage.TYPE_INT_RGB, new Color(255, 230, 200)), 10, 20, "rgb");
            assertEquals(new ai.djl.ndarray.types.Shape(1, 1, 10, 20), grey.getShape());
            assertEquals(100f, grey.sum().getFloat());
            assertEquals(0f, grey.sub(rgb).abs().sum().getFloat());
            assertEquals(1f, grey.getFloat(0, 0, 5, 0));
            assertEquals(0f, grey.getFloat(0, 0, 5, 19));
        }
    }

    @Test
    void aMaskOfTheSameAspectRatioIsResizedAndAnotherIsRejected() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray big = Masks.fromImage(m, mask(40, 20, BufferedImage.TYPE_BYTE_GRAY, Color.WHITE), 10, 20, "big");
            assertEquals(100f, big.sum().getFloat());
            UserError e = assertThrows(UserError.class,
                    () -> Masks.fromImage(m, mask(20, 20, BufferedImage.TYPE_BYTE_GRAY, Color.WHITE), 10, 20, "square.png"));
            assertTrue(e.getMessage().contains("square.png") && e.getMessage().contains("aspect ratio"), e.getMessage());
        }
    }

    @Test
    void transparentPixelsAreKeptNotFilled() throws IOException {
        BufferedImage disc = TestImages.discOnTransparent(40, 20);
        Path file = Files.createTempFile("mask", ".png");
        try (NDManager m = NDManager.newBaseManager()) {
            ImageIO.write(disc, "png", file.toFile());
            for (BufferedImage image : new BufferedImage[] {disc, Masks.read(file)}) {
                NDArray mask = Masks.fromImage(m, image, 20, 40, "disc.png");
                int inside = 0;
                for (int y = 0; y < 20; y++) {
                    for (int x = 0; x < 40; x++) {
                        boolean opaqueWhite = (disc.getRGB(x, y) >>> 24) >= 128;
                        assertEquals(opaqueWhite ? 1f : 0f, mask.getFloat(0, 0, y, x), "pixel " + x + "," + y);
                        inside += opaqueWhite ? 1 : 0;
                    }
                }
                assertTrue(inside > 100 && inside < 400, "disc of " + inside + " px");
                assertEquals(inside / 800.0, Masks.coverage(mask), 1e-6);
            }
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void anEmptyMaskIsRejected() {
        try (NDManager m = NDManager.newBaseManager()) {
            UserError e = assertThrows(UserError.class,
                    () -> Masks.fromImage(m, mask(20, 10, BufferedImage.TYPE_BYTE_GRAY, Color.BLACK), 10, 20, "black.png"));
            assertTrue(e.getMessage().contains("no white pixels"), e.getMessage());
        }
    }
}
