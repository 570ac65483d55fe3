package dev.sindiff.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sindiff.UserError;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Transparency;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.CRC32;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Every fixture is generated here with ImageIO/Graphics2D (or byte-crafted); no binary files are committed. */
class ImageFilesTest {

    private static final int RED = 0xFF0000;
    private static final int GREEN = 0x00FF00;
    private static final int BLUE = 0x0000FF;
    private static final int WHITE = 0xFFFFFF;

    @TempDir
    Path dir;

    // ------------------------------------------------------------------ formats

    @Test
    void pngRoundTripPreservesEveryPixel() throws IOException {
        BufferedImage original = new BufferedImage(37, 23, BufferedImage.TYPE_3BYTE_BGR);
        new Random(42).nextBytes(bytes(original));
        Path png = dir.resolve("noise.png");

        ImageFiles.writePng(original, png);
        BufferedImage read = ImageFiles.readRgb(png);

        assertEquals(BufferedImage.TYPE_3BYTE_BGR, read.getType());
        assertArrayEquals(bytes(original), bytes(read));
        assertEquals(new ImageSize(23, 37), ImageFiles.readSize(png));
    }

    @Test
    void grey8BitPngKeepsGreyValues() throws IOException {
        BufferedImage grey = new BufferedImage(20, 10, BufferedImage.TYPE_BYTE_GRAY);
        fill(grey, new Color(100, 100, 100), 0, 0, 10, 10);
        fill(grey, new Color(200, 200, 200), 10, 0, 10, 10);
        Path png = write(grey, "png", "grey8.png");

        BufferedImage read = ImageFiles.readRgb(png);

        assertRgbImage(read, 20, 10);
        assertEquals(0x646464, rgb(read, 3, 3));
        assertEquals(0xC8C8C8, rgb(read, 15, 3));
    }

    @Test
    void grey16BitPngBecomes8Bit() throws IOException {
        BufferedImage grey = new BufferedImage(12, 9, BufferedImage.TYPE_USHORT_GRAY);
        int[] samples = new int[12 * 9];
        Arrays.fill(samples, 100 * 257);
        grey.getRaster().setSamples(0, 0, 12, 9, 0, samples);
        Path png = write(grey, "png", "grey16.png");

        BufferedImage read = ImageFiles.readRgb(png);

        assertRgbImage(read, 12, 9);
        assertEquals(0x646464, rgb(read, 5, 5));
    }

    @ParameterizedTest(name = "{0}-bit grey + alpha")
    @CsvSource({"8", "16"})
    void greyAlphaPngKeepsGreyAndMakesTransparentWhite(int bits) throws IOException {
        int type = bits == 8 ? DataBuffer.TYPE_BYTE : DataBuffer.TYPE_USHORT;
        int max = (1 << bits) - 1;
        ComponentColorModel cm = new ComponentColorModel(ColorSpace.getInstance(ColorSpace.CS_GRAY), true, false,
                Transparency.TRANSLUCENT, type);
        WritableRaster raster = cm.createCompatibleWritableRaster(10, 4);
        int[] opaqueGrey = new int[5 * 4 * 2];
        for (int i = 0; i < opaqueGrey.length; i += 2) {
            opaqueGrey[i] = 100 * max / 255;
            opaqueGrey[i + 1] = max;
        }
        raster.setPixels(0, 0, 5, 4, opaqueGrey); // right half stays grey 0, alpha 0
        Path png = write(new BufferedImage(cm, raster, false, null), "png", "grey-alpha-" + bits + ".png");

        BufferedImage read = ImageFiles.readRgb(png);

        assertRgbImage(read, 10, 4);
        assertEquals(0x646464, rgb(read, 1, 1));
        assertEquals(WHITE, rgb(read, 8, 1));
    }

    @Test
    void rgbaPngTransparentPixelsBecomeWhite() throws IOException {
        BufferedImage argb = new BufferedImage(16, 8, BufferedImage.TYPE_INT_ARGB); // starts fully transparent
        fill(argb, Color.RED, 8, 0, 8, 8);
        fill(argb, new Color(0, 0, 255, 128), 0, 4, 8, 4); // half-transparent blue over white
        Path png = write(argb, "png", "rgba.png");

        BufferedImage read = ImageFiles.readRgb(png);

        assertRgbImage(read, 16, 8);
        assertEquals(WHITE, rgb(read, 2, 2));
        assertEquals(RED, rgb(read, 12, 2));
        assertNear(0x7F7FFF, rgb(read, 2, 6), 2);
    }

    @Test
    void rgbPngWithTransparentColourKeyMakesThatColourWhite() throws IOException {
        byte[] png = Files.readAllBytes(write(blocks(16, 8, BufferedImage.TYPE_3BYTE_BGR), "png", "keyed.png"));
        byte[] key = {0, 0, 0, (byte) 255, 0, 0}; // tRNS for RGB: 16-bit R, G, B = pure green
        Path keyed = Files.write(dir.resolve("keyed.png"),
                concat(Arrays.copyOf(png, 33), chunk("tRNS", key), Arrays.copyOfRange(png, 33, png.length)));

        BufferedImage read = ImageFiles.readRgb(keyed);

        assertRgbImage(read, 16, 8);
        assertEquals(RED, rgb(read, 1, 1));
        assertEquals(WHITE, rgb(read, 12, 1)); // was green
        assertEquals(BLUE, rgb(read, 1, 6));
    }

    @Test
    void gifReadsFirstFrameWithTransparencyAsWhite() throws IOException {
        byte[] r = {(byte) 255, 0, (byte) 255, 0};
        byte[] g = {0, 0, (byte) 255, 0};
        byte[] b = {0, (byte) 255, (byte) 255, 0};
        IndexColorModel palette = new IndexColorModel(2, 4, r, g, b, 3); // red, blue, white, transparent
        BufferedImage first = new BufferedImage(10, 6, BufferedImage.TYPE_BYTE_INDEXED, palette);
        BufferedImage second = new BufferedImage(10, 6, BufferedImage.TYPE_BYTE_INDEXED, palette);
        fillIndex(first, 0, 0, 0, 10, 6); // red
        fillIndex(first, 3, 5, 0, 5, 6); // right half transparent
        fillIndex(second, 1, 0, 0, 10, 6); // blue
        Path gif = dir.resolve("anim.gif");
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(gif.toFile())) {
            writer.setOutput(out);
            writer.prepareWriteSequence(null);
            writer.writeToSequence(new IIOImage(first, null, null), null);
            writer.writeToSequence(new IIOImage(second, null, null), null);
            writer.endWriteSequence();
        } finally {
            writer.dispose();
        }
        assertEquals(2, numImages(gif), "fixture must really have two frames");

        BufferedImage read = ImageFiles.readRgb(gif);

        assertRgbImage(read, 10, 6);
        assertEquals(RED, rgb(read, 1, 1));
        assertEquals(WHITE, rgb(read, 8, 1));
    }

    @Test
    void bmpReadsExactly() throws IOException {
        BufferedImage image = blocks(24, 16, BufferedImage.TYPE_3BYTE_BGR);
        Path bmp = write(image, "bmp", "blocks.bmp");

        BufferedImage read = ImageFiles.readRgb(bmp);

        assertRgbImage(read, 24, 16);
        assertArrayEquals(bytes(image), bytes(read));
    }

    @Test
    void tiffReadsExactly() throws IOException {
        BufferedImage image = blocks(24, 16, BufferedImage.TYPE_3BYTE_BGR);
        Path tiff = write(image, "tiff", "blocks.tif");

        BufferedImage read = ImageFiles.readRgb(tiff);

        assertRgbImage(read, 24, 16);
        assertArrayEquals(bytes(image), bytes(read));
    }

    @Test
    void jpegReadsWithinCompressionError() throws IOException {
        BufferedImage image = blocks(64, 48, BufferedImage.TYPE_3BYTE_BGR);
        Path jpg = write(image, "jpeg", "blocks.jpg");

        BufferedImage read = ImageFiles.readRgb(jpg);

        assertRgbImage(read, 64, 48);
        assertNear(RED, rgb(read, 8, 8), 12);
        assertNear(GREEN, rgb(read, 56, 8), 12);
        assertNear(BLUE, rgb(read, 8, 40), 12);
        assertNear(WHITE, rgb(read, 56, 40), 12);
        assertEquals(new ImageSize(48, 64), ImageFiles.readSize(jpg));
    }

    /**
     * Stored image: red marker top-left, green marker top-right. Expected corners after applying each
     * EXIF orientation (TL, TR, BL, BR of the upright image).
     */
    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({
        "1, TL, TR", "2, TR, TL", "3, BR, BL", "4, BL, BR",
        "5, TL, BL", "6, TR, BR", "7, BR, TR", "8, BL, TL"})
    void jpegExifOrientationIsApplied(int orientation, String redCorner, String greenCorner) throws IOException {
        int w = 64;
        int h = 32;
        BufferedImage stored = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        fill(stored, Color.BLUE, 0, 0, w, h);
        fill(stored, Color.RED, 0, 0, 16, 16);
        fill(stored, Color.GREEN, w - 16, 0, 16, 16);
        Path jpg = dir.resolve("exif-" + orientation + ".jpg");
        Files.write(jpg, withExifOrientation(Files.readAllBytes(write(stored, "jpeg", "plain.jpg")), orientation));

        BufferedImage read = ImageFiles.readRgb(jpg);

        boolean swap = orientation >= 5;
        int outW = swap ? h : w;
        int outH = swap ? w : h;
        assertRgbImage(read, outW, outH);
        assertEquals(new ImageSize(outH, outW), ImageFiles.readSize(jpg));
        assertNear(RED, corner(read, redCorner), 40);
        assertNear(GREEN, corner(read, greenCorner), 40);
        for (String other : List.of("TL", "TR", "BL", "BR")) {
            if (!other.equals(redCorner) && !other.equals(greenCorner)) {
                assertNear(BLUE, corner(read, other), 40);
            }
        }
    }

    /** The orientation transform itself, on lossless pixels: every pixel lands exactly where EXIF says. */
    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({"1", "2", "3", "4", "5", "6", "7", "8"})
    void orientationMovesEveryPixelExactly(int orientation) {
        int w = 7;
        int h = 4;
        BufferedImage stored = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        new Random(orientation).nextBytes(bytes(stored));

        BufferedImage upright = RgbConversion.toRgb(stored, orientation);

        boolean swap = orientation >= 5;
        assertRgbImage(upright, swap ? h : w, swap ? w : h);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] to = uprightPosition(orientation, x, y, w, h);
                assertEquals(rgb(stored, x, y), rgb(upright, to[0], to[1]), "stored pixel " + x + "," + y);
            }
        }
    }

    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({"1", "2", "3", "4", "5", "6", "7", "8"})
    void pngExifOrientationIsApplied(int orientation) throws IOException {
        BufferedImage stored = randomImage(7, 4, orientation);
        Path png = dir.resolve("exif-" + orientation + ".png");
        Files.write(png, withExifChunk(Files.readAllBytes(write(stored, "png", "plain.png")), orientation));

        assertUpright(stored, png, orientation);
    }

    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({"1", "2", "3", "4", "5", "6", "7", "8"})
    void tiffOrientationIsApplied(int orientation) throws IOException {
        BufferedImage stored = randomImage(7, 4, orientation);
        Path tiff = dir.resolve("oriented-" + orientation + ".tif");
        Files.write(tiff, tiffWithOrientation(stored, orientation));

        assertUpright(stored, tiff, orientation);
    }

    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({"1", "2", "3", "4", "5", "6", "7", "8"})
    void webpExifOrientationIsApplied(int orientation) throws IOException {
        Path plain = dir.resolve("plain.webp");
        Files.write(plain, losslessWebp(9, 7));
        BufferedImage stored = ImageFiles.readRgb(plain);
        Path webp = dir.resolve("exif-" + orientation + ".webp");
        Files.write(webp, withExifChunkWebp(losslessWebp(9, 7), 9, 7, orientation));

        assertUpright(stored, webp, orientation);
    }

    /** {@code file} reads as {@code stored} with the orientation applied, pixel for pixel, and its size says so. */
    private static void assertUpright(BufferedImage stored, Path file, int orientation) {
        int w = stored.getWidth();
        int h = stored.getHeight();
        boolean swap = orientation >= 5;
        BufferedImage read = ImageFiles.readRgb(file);
        assertRgbImage(read, swap ? h : w, swap ? w : h);
        assertEquals(new ImageSize(swap ? w : h, swap ? h : w), ImageFiles.readSize(file));
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int[] to = uprightPosition(orientation, x, y, w, h);
                assertEquals(rgb(stored, x, y), rgb(read, to[0], to[1]), "stored pixel " + x + "," + y);
            }
        }
    }

    /** Where stored pixel (x, y) of a w×h image lands in the upright image, per the EXIF orientation. */
    private static int[] uprightPosition(int orientation, int x, int y, int w, int h) {
        return switch (orientation) {
            case 1 -> new int[] {x, y};
            case 2 -> new int[] {w - 1 - x, y};
            case 3 -> new int[] {w - 1 - x, h - 1 - y};
            case 4 -> new int[] {x, h - 1 - y};
            case 5 -> new int[] {y, x};
            case 6 -> new int[] {h - 1 - y, x};
            case 7 -> new int[] {h - 1 - y, w - 1 - x};
            default -> new int[] {y, w - 1 - x};
        };
    }

    private static BufferedImage randomImage(int w, int h, long seed) {
        BufferedImage image = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        new Random(seed).nextBytes(bytes(image));
        return image;
    }

    @Test
    void cmykJpegIsConvertedToRgb() throws IOException {
        // TwelveMonkeys' JPEGImageWriter writes 4-channel (Adobe CMYK) JPEGs from a CMYK BufferedImage.
        ColorSpace cmyk = com.twelvemonkeys.imageio.color.ColorSpaces.getColorSpace(
                com.twelvemonkeys.imageio.color.ColorSpaces.CS_GENERIC_CMYK);
        ComponentColorModel cm = new ComponentColorModel(cmyk, false, false, Transparency.OPAQUE, DataBuffer.TYPE_BYTE);
        WritableRaster raster = cm.createCompatibleWritableRaster(48, 16); // all 0: paper white
        fillPixels(raster, new int[] {255, 0, 0, 0}, 16, 0, 16, 16); // cyan
        fillPixels(raster, new int[] {0, 0, 0, 255}, 32, 0, 16, 16); // black
        Path jpg = write(new BufferedImage(cm, raster, false, null), "jpeg", "cmyk.jpg");
        assertEquals(4, rawBands(jpg), "fixture must really be a 4-channel JPEG");

        BufferedImage read = ImageFiles.readRgb(jpg);

        assertRgbImage(read, 48, 16);
        assertNear(WHITE, rgb(read, 8, 8), 24);
        int cyan = rgb(read, 24, 8);
        assertTrue((cyan >> 16 & 0xFF) < 100 && (cyan >> 8 & 0xFF) > 120 && (cyan & 0xFF) > 170,
                () -> "expected cyan, got " + Integer.toHexString(cyan));
        assertNear(0x000000, rgb(read, 40, 8), 60);
    }

    @Test
    void webpLosslessIsRead() throws IOException {
        // TwelveMonkeys only reads WebP, so the file is byte-crafted: a minimal VP8L (lossless) bitstream.
        Path webp = dir.resolve("pattern.webp");
        Files.write(webp, losslessWebp(9, 7));

        BufferedImage read = ImageFiles.readRgb(webp);

        assertRgbImage(read, 9, 7);
        assertEquals(new ImageSize(7, 9), ImageFiles.readSize(webp));
        for (int y = 0; y < 7; y++) {
            for (int x = 0; x < 9; x++) {
                assertEquals(webpPixel(x, y), rgb(read, x, y), "pixel " + x + "," + y);
            }
        }
    }

    // ------------------------------------------------------------------ errors

    @Test
    void missingFileIsRejected() {
        Path missing = dir.resolve("missing.png");
        UserError e = assertUserError(missing, () -> ImageFiles.readRgb(missing));
        assertTrue(e.getMessage().contains("no such file"), e.getMessage());
        assertUserError(missing, () -> ImageFiles.readSize(missing));
    }

    @Test
    void directoryIsRejected() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("folder.png"));
        UserError e = assertUserError(folder, () -> ImageFiles.readRgb(folder));
        assertTrue(e.getMessage().contains("directory"), e.getMessage());
    }

    @Test
    void unreadableFileIsRejected() throws IOException {
        Path locked = write(blocks(4, 4, BufferedImage.TYPE_3BYTE_BGR), "png", "locked.png");
        try {
            Files.setPosixFilePermissions(locked, Set.of());
        } catch (UnsupportedOperationException e) {
            Assumptions.abort("no POSIX permissions on this file system");
        }
        // root (as in many containers) reads any file, so there is nothing to reject there
        Assumptions.assumeFalse(Files.isReadable(locked), "file still readable (running as root?)");
        UserError e = assertUserError(locked, () -> ImageFiles.readRgb(locked));
        assertTrue(e.getMessage().contains("permission denied"), e.getMessage());
    }

    @Test
    void emptyFileIsRejected() throws IOException {
        Path empty = Files.createFile(dir.resolve("empty.png"));
        UserError e = assertUserError(empty, () -> ImageFiles.readRgb(empty));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void textFileNamedPngIsNotAnImage() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.png"), "this is not an image\nat all\n");
        UserError e = assertUserError(text, () -> ImageFiles.readRgb(text));
        assertEquals("cannot read '" + text + "': not an image (accepted: PNG, JPEG, BMP, GIF, TIFF, WebP)", e.getMessage());
        assertUserError(text, () -> ImageFiles.readSize(text));
    }

    @Test
    void pngTruncatedToHalfIsRejected() throws IOException {
        BufferedImage noise = new BufferedImage(64, 64, BufferedImage.TYPE_3BYTE_BGR);
        new Random(1).nextBytes(bytes(noise));
        byte[] png = Files.readAllBytes(write(noise, "png", "full.png"));
        Path half = Files.write(dir.resolve("half.png"), Arrays.copyOf(png, png.length / 2));

        UserError e = assertUserError(half, () -> ImageFiles.readRgb(half));
        assertTrue(e.getMessage().contains("truncated or corrupt PNG"), e.getMessage());
    }

    @Test
    void jpegTruncatedToHalfIsRejected() throws IOException {
        BufferedImage noise = new BufferedImage(256, 256, BufferedImage.TYPE_3BYTE_BGR);
        new Random(2).nextBytes(bytes(noise));
        byte[] jpg = Files.readAllBytes(write(noise, "jpeg", "full.jpg"));
        Path half = Files.write(dir.resolve("half.jpg"), Arrays.copyOf(jpg, jpg.length / 2));
        assertEquals(new ImageSize(256, 256), ImageFiles.readSize(half), "the header alone is intact");

        UserError e = assertUserError(half, () -> ImageFiles.readRgb(half));
        assertTrue(e.getMessage().contains("truncated or corrupt JPEG"), e.getMessage());
    }

    @Test
    void hugeDimensionsInHeaderAreRejectedBeforeDecoding() throws IOException {
        Path huge = dir.resolve("huge.png");
        Files.write(huge, dev.sindiff.TestImages.pngWithHeaderSize(100_000, 100_000));

        for (Executable read : List.<Executable>of(() -> ImageFiles.readRgb(huge), () -> ImageFiles.readSize(huge))) {
            UserError e = assertUserError(huge, read);
            assertTrue(e.getMessage().contains("100000x100000"), e.getMessage());
            assertTrue(e.getMessage().contains(String.valueOf(ImageFiles.MAX_PIXELS)), e.getMessage());
            assertTrue(e.getMessage().contains("65535"), e.getMessage());
        }
    }

    @Test
    void tooManyPixelsWithSidesBelowTheLimitAreRejected() throws IOException {
        Path big = dir.resolve("big.png");
        Files.write(big, dev.sindiff.TestImages.pngWithHeaderSize(20_000, 20_000)); // 400 Mpx: would need 1.2 GB to decode

        UserError e = assertUserError(big, () -> ImageFiles.readRgb(big));
        assertTrue(e.getMessage().contains("20000x20000"), e.getMessage());
        assertTrue(e.getMessage().contains(String.valueOf(ImageFiles.MAX_PIXELS)), e.getMessage());
    }

    @Test
    void zeroWidthIsRejected() throws IOException {
        Path zero = dir.resolve("zero.png");
        Files.write(zero, dev.sindiff.TestImages.pngWithHeaderSize(0, 4));
        assertUserError(zero, () -> ImageFiles.readRgb(zero));
        assertUserError(zero, () -> ImageFiles.readSize(zero));
    }

    // ------------------------------------------------------------------ writing

    @Test
    void writePngLeavesNoTempFilesAndReplacesExisting() throws IOException {
        Path png = dir.resolve("out.png");
        Files.writeString(png, "old content");

        ImageFiles.writePng(blocks(8, 8, BufferedImage.TYPE_3BYTE_BGR), png);

        assertEquals(List.of(png), listDir());
        assertEquals(RED, rgb(ImageFiles.readRgb(png), 1, 1));
        ImageFiles.writePng(blocks(6, 4, BufferedImage.TYPE_INT_ARGB), png);
        assertEquals(List.of(png), listDir());
        assertEquals(new ImageSize(4, 6), ImageFiles.readSize(png));
    }

    @Test
    void failingWriterLeavesOldFileAndNoTempFile() throws IOException {
        Path target = dir.resolve("keep.bin");
        Files.writeString(target, "old content");

        IOException io = assertThrows(IOException.class, () -> AtomicFiles.write(target, out -> {
            out.write(new byte[100_000]); // more than the buffer: part of it reaches the temp file
            throw new IOException("disk on fire");
        }));
        assertEquals("disk on fire", io.getMessage());
        assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, out -> {
            out.write(1);
            throw new IllegalStateException("bug");
        }));

        assertEquals("old content", Files.readString(target));
        assertEquals(List.of(target), listDir());
    }

    @Test
    void atomicWriteCreatesNewFileAndToleratesWriterClosingTheStream() throws IOException {
        Path target = dir.resolve("new.txt");
        AtomicFiles.write(target, out -> {
            try (out) {
                out.write("hello".getBytes(StandardCharsets.UTF_8));
            }
        });
        assertEquals("hello", Files.readString(target));
        assertEquals(List.of(target), listDir());
    }

    @Test
    void sha256OfKnownContent() throws IOException {
        Path abc = Files.writeString(dir.resolve("abc.txt"), "abc");
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad", ImageFiles.sha256(abc));
    }

    // ------------------------------------------------------------------ helpers: assertions

    private static UserError assertUserError(Path file, Executable read) {
        UserError e = assertThrows(UserError.class, read);
        String message = e.getMessage();
        assertNotNull(message);
        assertFalse(message.contains("\n") || message.contains("\r"), () -> "not one line: " + message);
        assertTrue(message.contains(file.getFileName().toString()), () -> "does not name the file: " + message);
        assertTrue(message.contains("accepted"), () -> "does not say what is accepted: " + message);
        return e;
    }

    private static void assertRgbImage(BufferedImage image, int width, int height) {
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, image.getType(), "image type");
        assertEquals(width, image.getWidth(), "width");
        assertEquals(height, image.getHeight(), "height");
    }

    private static void assertNear(int expectedRgb, int actualRgb, int tolerance) {
        for (int shift = 0; shift <= 16; shift += 8) {
            int expected = expectedRgb >> shift & 0xFF;
            int actual = actualRgb >> shift & 0xFF;
            assertTrue(Math.abs(expected - actual) <= tolerance, () -> String.format(
                    "expected about %06x, got %06x", expectedRgb, actualRgb & 0xFFFFFF));
        }
    }

    private static int rgb(BufferedImage image, int x, int y) {
        return image.getRGB(x, y) & 0xFFFFFF;
    }

    /** Colour 4 px inside the named corner. */
    private static int corner(BufferedImage image, String corner) {
        int x = corner.endsWith("L") ? 4 : image.getWidth() - 5;
        int y = corner.startsWith("T") ? 4 : image.getHeight() - 5;
        return rgb(image, x, y);
    }

    private List<Path> listDir() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.sorted().toList();
        }
    }

    // ------------------------------------------------------------------ helpers: fixtures

    private static byte[] bytes(BufferedImage image) {
        return ((DataBufferByte) image.getRaster().getDataBuffer()).getData();
    }

    private static void fill(BufferedImage image, Color color, int x, int y, int w, int h) {
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(color);
            g.fillRect(x, y, w, h);
        } finally {
            g.dispose();
        }
    }

    private static void fillIndex(BufferedImage image, int index, int x, int y, int w, int h) {
        int[] samples = new int[w * h];
        Arrays.fill(samples, index);
        image.getRaster().setSamples(x, y, w, h, 0, samples);
    }

    private static void fillPixels(WritableRaster raster, int[] pixel, int x, int y, int w, int h) {
        int[] samples = new int[w * h * pixel.length];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = pixel[i % pixel.length];
        }
        raster.setPixels(x, y, w, h, samples);
    }

    /** Four quadrants: red, green / blue, white. */
    private static BufferedImage blocks(int w, int h, int type) {
        BufferedImage image = new BufferedImage(w, h, type);
        fill(image, Color.RED, 0, 0, w / 2, h / 2);
        fill(image, Color.GREEN, w / 2, 0, w - w / 2, h / 2);
        fill(image, Color.BLUE, 0, h / 2, w / 2, h - h / 2);
        fill(image, Color.WHITE, w / 2, h / 2, w - w / 2, h - h / 2);
        return image;
    }

    private Path write(BufferedImage image, String format, String name) throws IOException {
        Path file = dir.resolve(name);
        assertTrue(ImageIO.write(image, format, file.toFile()), "no " + format + " writer for this image type");
        return file;
    }

    private static int numImages(Path file) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            return reader.getNumImages(true);
        }
    }

    private static int rawBands(Path jpeg) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(jpeg.toFile())) {
            ImageReader reader = ImageIO.getImageReaders(in).next();
            reader.setInput(in);
            return reader.getRawImageType(0).getNumBands();
        }
    }

    /** A PNG chunk: length, type, data, CRC of type and data. */
    private static byte[] chunk(String type, byte[] data) {
        byte[] typeAndData = concat(type.getBytes(StandardCharsets.US_ASCII), data);
        CRC32 crc = new CRC32();
        crc.update(typeAndData);
        return ByteBuffer.allocate(4 + typeAndData.length + 4)
                .putInt(data.length).put(typeAndData).putInt((int) crc.getValue()).array();
    }

    /** EXIF data: a big-endian TIFF structure whose IFD0 has one entry, 0x0112 = orientation. */
    private static byte[] exifOrientation(int orientation) {
        ByteBuffer tiff = ByteBuffer.allocate(8 + 2 + 12 + 4).order(ByteOrder.BIG_ENDIAN);
        tiff.put((byte) 'M').put((byte) 'M').putShort((short) 42).putInt(8); // header, IFD0 at offset 8
        tiff.putShort((short) 1); // one entry
        tiff.putShort((short) 0x0112).putShort((short) 3).putInt(1).putShort((short) orientation).putShort((short) 0);
        tiff.putInt(0); // no next IFD
        return tiff.array();
    }

    /** Inserts an eXIf chunk with the orientation right after IHDR (signature 8 bytes, IHDR chunk 25). */
    private static byte[] withExifChunk(byte[] png, int orientation) {
        assertEquals("IHDR", new String(png, 12, 4, StandardCharsets.US_ASCII));
        int at = 8 + 25;
        return concat(Arrays.copyOf(png, at), chunk("eXIf", exifOrientation(orientation)), Arrays.copyOfRange(png, at, png.length));
    }

    /**
     * A little-endian, uncompressed, chunky RGB TIFF of {@code image} (TYPE_3BYTE_BGR) whose IFD0 has
     * the Orientation tag: header, 10 entries, BitsPerSample's three values, then the pixels.
     */
    private static byte[] tiffWithOrientation(BufferedImage image, int orientation) {
        int w = image.getWidth();
        int h = image.getHeight();
        int entries = 10;
        int bitsAt = 8 + 2 + entries * 12 + 4;
        int pixelsAt = bitsAt + 6;
        ByteBuffer tiff = ByteBuffer.allocate(pixelsAt + w * h * 3).order(ByteOrder.LITTLE_ENDIAN);
        tiff.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
        tiff.putShort((short) entries);
        tiffEntry(tiff, 256, 4, 1, w); // ImageWidth, LONG
        tiffEntry(tiff, 257, 4, 1, h); // ImageLength
        tiffEntry(tiff, 258, 3, 3, bitsAt); // BitsPerSample: 3 SHORTs, stored at bitsAt
        tiffEntry(tiff, 259, 3, 1, 1); // Compression: none
        tiffEntry(tiff, 262, 3, 1, 2); // PhotometricInterpretation: RGB
        tiffEntry(tiff, 273, 4, 1, pixelsAt); // StripOffsets
        tiffEntry(tiff, 274, 3, 1, orientation); // Orientation
        tiffEntry(tiff, 277, 3, 1, 3); // SamplesPerPixel
        tiffEntry(tiff, 278, 4, 1, h); // RowsPerStrip
        tiffEntry(tiff, 279, 4, 1, w * h * 3); // StripByteCounts
        tiff.putInt(0); // no next IFD
        tiff.putShort((short) 8).putShort((short) 8).putShort((short) 8);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int rgb = rgb(image, x, y);
                tiff.put((byte) (rgb >> 16)).put((byte) (rgb >> 8)).put((byte) rgb);
            }
        }
        return tiff.array();
    }

    /** One IFD entry; a single SHORT sits in the value field's first two bytes. */
    private static void tiffEntry(ByteBuffer tiff, int tag, int type, int count, int value) {
        tiff.putShort((short) tag).putShort((short) type).putInt(count);
        if (type == 3 && count == 1) {
            tiff.putShort((short) value).putShort((short) 0);
        } else {
            tiff.putInt(value);
        }
    }

    /**
     * The extended WebP layout of a simple lossless one: a VP8X chunk (flag: has EXIF, canvas size),
     * the VP8L chunk, then an EXIF chunk with the orientation.
     */
    private static byte[] withExifChunkWebp(byte[] simple, int width, int height, int orientation) {
        byte[] vp8l = Arrays.copyOfRange(simple, 12, simple.length);
        ByteBuffer vp8x = ByteBuffer.allocate(8 + 10).order(ByteOrder.LITTLE_ENDIAN);
        vp8x.put("VP8X".getBytes(StandardCharsets.US_ASCII)).putInt(10);
        vp8x.put((byte) 0x08).put(new byte[3]); // EXIF flag, reserved
        vp8x.put(uint24(width - 1)).put(uint24(height - 1));
        byte[] exif = exifOrientation(orientation); // even length: no padding
        ByteBuffer exifChunk = ByteBuffer.allocate(8 + exif.length).order(ByteOrder.LITTLE_ENDIAN);
        exifChunk.put("EXIF".getBytes(StandardCharsets.US_ASCII)).putInt(exif.length).put(exif);
        byte[] body = concat("WEBP".getBytes(StandardCharsets.US_ASCII), vp8x.array(), vp8l, exifChunk.array());
        ByteBuffer riff = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        riff.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(body.length);
        return concat(riff.array(), body);
    }

    private static byte[] uint24(int v) {
        return new byte[] {(byte) v, (byte) (v >> 8), (byte) (v >> 16)};
    }

    /** Inserts an APP1 Exif segment (big-endian TIFF, one IFD entry 0x0112 = orientation) after SOI and JFIF APP0. */
    private static byte[] withExifOrientation(byte[] jpeg, int orientation) {
        byte[] payload = concat("Exif\0\0".getBytes(StandardCharsets.US_ASCII), exifOrientation(orientation));
        ByteBuffer segment = ByteBuffer.allocate(4 + payload.length);
        segment.put((byte) 0xFF).put((byte) 0xE1).putShort((short) (2 + payload.length)).put(payload);

        assertEquals((byte) 0xD8, jpeg[1], "SOI");
        int at = 2;
        if ((jpeg[2] & 0xFF) == 0xFF && (jpeg[3] & 0xFF) == 0xE0) { // keep JFIF APP0 first
            at = 4 + ((jpeg[4] & 0xFF) << 8 | jpeg[5] & 0xFF);
        }
        return concat(Arrays.copyOf(jpeg, at), segment.array(), Arrays.copyOfRange(jpeg, at, jpeg.length));
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    private static final int WEBP_RED = 200;
    private static final int WEBP_BLUE = 50;
    private static final int WEBP_GREEN_LOW = 10;
    private static final int WEBP_GREEN_HIGH = 240;

    private static boolean webpHigh(int x, int y) {
        return (x + 2 * y) % 3 == 0;
    }

    private static int webpPixel(int x, int y) {
        return WEBP_RED << 16 | (webpHigh(x, y) ? WEBP_GREEN_HIGH : WEBP_GREEN_LOW) << 8 | WEBP_BLUE;
    }

    /**
     * A lossless WebP: no transforms, no colour cache, one prefix-code group of "simple" codes; green
     * has two 1-bit symbols (so each pixel costs one bit), red/blue/alpha/distance a single 0-bit symbol.
     */
    private static byte[] losslessWebp(int width, int height) {
        BitWriter bits = new BitWriter();
        bits.put(0x2F, 8); // VP8L signature
        bits.put(width - 1, 14).put(height - 1, 14).put(0, 1).put(0, 3); // size, alpha hint, version
        bits.put(0, 1); // no transform
        bits.put(0, 1); // no colour cache
        bits.put(0, 1); // no meta prefix codes
        bits.put(1, 1).put(1, 1).put(1, 1).put(WEBP_GREEN_LOW, 8).put(WEBP_GREEN_HIGH, 8); // green: 2 symbols
        for (int value : new int[] {WEBP_RED, WEBP_BLUE, 255}) { // red, blue, alpha: 1 symbol
            bits.put(1, 1).put(0, 1).put(1, 1).put(value, 8);
        }
        bits.put(1, 1).put(0, 1).put(0, 1).put(0, 1); // distance: 1 symbol (0), 1-bit form
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                bits.put(webpHigh(x, y) ? 1 : 0, 1); // canonical code: lower symbol is 0
            }
        }
        byte[] data = bits.toBytes();
        int padded = data.length + (data.length & 1);
        ByteBuffer riff = ByteBuffer.allocate(12 + 8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        riff.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(4 + 8 + padded);
        riff.put("WEBP".getBytes(StandardCharsets.US_ASCII));
        riff.put("VP8L".getBytes(StandardCharsets.US_ASCII)).putInt(data.length).put(data);
        return riff.array();
    }

    /** Least-significant-bit-first bit writer, as VP8L expects. */
    private static final class BitWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private long buffer;
        private int count;

        BitWriter put(int value, int n) {
            buffer |= (long) (value & ((1 << n) - 1)) << count;
            count += n;
            while (count >= 8) {
                out.write((int) (buffer & 0xFF));
                buffer >>>= 8;
                count -= 8;
            }
            return this;
        }

        byte[] toBytes() {
            if (count > 0) {
                out.write((int) (buffer & 0xFF));
                buffer = 0;
                count = 0;
            }
            return out.toByteArray();
        }
    }
}
