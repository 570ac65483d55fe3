package dev.sindiff;

import dev.sindiff.image.ImageFiles;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;

/** Small synthetic training images for tests. */
public final class TestImages {
    private TestImages() {}

    /** Coloured discs and stripes on a gradient: structure a tiny model can learn quickly. */
    public static BufferedImage pattern(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = img.createGraphics();
        g.setPaint(new java.awt.GradientPaint(0, 0, new Color(20, 40, 120), width, height, new Color(200, 180, 60)));
        g.fillRect(0, 0, width, height);
        g.setColor(new Color(230, 60, 40));
        for (int x = 2; x < width; x += 12) {
            g.fillOval(x, height / 3, 6, 6);
        }
        g.setColor(Color.WHITE);
        for (int y = 0; y < height; y += 8) {
            g.fillRect(0, y, width, 2);
        }
        g.dispose();
        return img;
    }

    /** A valid 2x2 PNG whose IHDR is then patched to claim {@code width x height} (CRC recomputed). */
    public static byte[] pngWithHeaderSize(int width, int height) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        javax.imageio.ImageIO.write(new BufferedImage(2, 2, BufferedImage.TYPE_3BYTE_BGR), "png", out);
        byte[] png = out.toByteArray();
        java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(png); // big-endian
        if (!"IHDR".equals(new String(png, 12, 4, java.nio.charset.StandardCharsets.US_ASCII))) {
            throw new IllegalStateException("unexpected PNG layout");
        }
        buffer.putInt(16, width);
        buffer.putInt(20, height);
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(png, 12, 4 + 13); // chunk type + IHDR data
        buffer.putInt(16 + 13, (int) crc.getValue());
        return png;
    }

    /** A white disc (half the width and height, centred) on a transparent layer, as image editors export a mask. */
    public static BufferedImage discOnTransparent(int width, int height) {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB); // all transparent
        Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillOval(width / 4, height / 4, width / 2, height / 2);
        g.dispose();
        return img;
    }

    public static Path writePattern(Path dir, String name, int width, int height) throws IOException {
        Path p = dir.resolve(name);
        ImageFiles.writePng(pattern(width, height), p);
        return p;
    }
}
