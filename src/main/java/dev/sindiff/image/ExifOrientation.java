package dev.sindiff.image;

import com.twelvemonkeys.imageio.metadata.CompoundDirectory;
import com.twelvemonkeys.imageio.metadata.Directory;
import com.twelvemonkeys.imageio.metadata.Entry;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEG;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegment;
import com.twelvemonkeys.imageio.metadata.jpeg.JPEGSegmentUtil;
import com.twelvemonkeys.imageio.metadata.tiff.TIFF;
import com.twelvemonkeys.imageio.metadata.tiff.TIFFReader;
import com.twelvemonkeys.imageio.stream.ByteArrayImageInputStream;
import java.awt.geom.AffineTransform;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EXIF orientation tag (0x0112) of an image file, read with TwelveMonkeys imageio-metadata, and
 * the whole-image transform that displays the stored pixels upright. Every accepted format that can
 * carry the tag is read: JPEG (APP1 "Exif" segment), PNG (eXIf chunk), TIFF (IFD0's Orientation)
 * and WebP (EXIF chunk); BMP and GIF cannot carry it.
 *
 * <p>Values follow the EXIF/TIFF specification: 1 upright, 2 mirrored horizontally, 3 rotated 180°,
 * 4 mirrored vertically, 5 transposed, 6 needs 90° clockwise rotation, 7 transversed, 8 needs 90°
 * counter-clockwise rotation. Values 5 to 8 swap width and height.
 */
final class ExifOrientation {

    /** The orientation that needs no transform. */
    static final int UPRIGHT = 1;

    private static final Logger LOG = LoggerFactory.getLogger(ExifOrientation.class);
    private static final byte[] EXIF_HEADER = "Exif\0\0".getBytes(StandardCharsets.US_ASCII);

    private ExifOrientation() {}

    /**
     * Reads the orientation of an image file. A missing, unreadable or out-of-range tag gives
     * {@link #UPRIGHT}: damaged metadata never rejects an otherwise good image.
     *
     * @param file   the image file
     * @param format the format's user-facing name as {@link ImageFiles} detected it: JPEG, PNG, TIFF,
     *               WebP (any other gives {@link #UPRIGHT})
     * @return the orientation, 1 to 8
     */
    static int read(Path file, String format) {
        try (ImageInputStream in = new FileImageInputStream(file.toFile())) {
            int orientation = switch (format) {
                case "JPEG" -> fromJpeg(in);
                case "PNG" -> fromPng(in);
                case "TIFF" -> fromDirectory(new TIFFReader().read(in));
                case "WebP" -> fromWebp(in);
                default -> 0;
            };
            return orientation == 0 ? UPRIGHT : orientation;
        } catch (IOException | RuntimeException e) {
            LOG.debug("ignoring unreadable EXIF data in '{}': {}", file, e.toString());
        }
        return UPRIGHT;
    }

    /** @return the orientation in the first EXIF segment that has one, or 0 */
    private static int fromJpeg(ImageInputStream in) throws IOException {
        List<JPEGSegment> segments = JPEGSegmentUtil.readSegments(in, JPEG.APP1, "Exif");
        for (JPEGSegment segment : segments) {
            byte[] tiff;
            try (InputStream data = segment.data()) { // starts after the "Exif\0" identifier
                tiff = data.readAllBytes();
            }
            int orientation = fromTiff(tiff, tiff.length > 0 && tiff[0] == 0 ? 1 : 0); // the pad byte of "Exif\0\0"
            if (orientation != 0) {
                return orientation;
            }
        }
        return 0;
    }

    /** @return the orientation in the PNG's eXIf chunk (a TIFF structure), or 0 */
    private static int fromPng(ImageInputStream in) throws IOException {
        in.setByteOrder(ByteOrder.BIG_ENDIAN);
        in.skipBytes(8); // signature
        while (true) {
            long length = in.readUnsignedInt();
            String type = fourCc(in);
            if (type.equals("eXIf")) {
                return fromTiff(bytes(in, length), 0);
            }
            if (type.equals("IEND")) {
                return 0;
            }
            in.seek(in.getStreamPosition() + length + 4); // data and CRC
        }
    }

    /** @return the orientation in the WebP's EXIF chunk (a TIFF structure, rarely after "Exif\0\0"), or 0 */
    private static int fromWebp(ImageInputStream in) throws IOException {
        in.setByteOrder(ByteOrder.LITTLE_ENDIAN);
        in.skipBytes(12); // "RIFF", size, "WEBP"
        while (true) {
            String type = fourCc(in);
            long length = in.readUnsignedInt();
            if (type.equals("EXIF")) {
                byte[] tiff = bytes(in, length);
                boolean prefixed = tiff.length >= EXIF_HEADER.length
                        && Arrays.equals(tiff, 0, EXIF_HEADER.length, EXIF_HEADER, 0, EXIF_HEADER.length);
                return fromTiff(tiff, prefixed ? EXIF_HEADER.length : 0);
            }
            in.seek(in.getStreamPosition() + length + (length & 1)); // chunks are padded to even sizes
        }
    }

    private static String fourCc(ImageInputStream in) throws IOException {
        byte[] type = new byte[4];
        in.readFully(type);
        return new String(type, StandardCharsets.US_ASCII);
    }

    private static byte[] bytes(ImageInputStream in, long length) throws IOException {
        if (length > Integer.MAX_VALUE - 8) {
            throw new IOException("metadata chunk of " + length + " bytes");
        }
        byte[] data = new byte[(int) length];
        in.readFully(data);
        return data;
    }

    /** @return the orientation in IFD0 of the TIFF structure at {@code start}, or 0 if there is none */
    private static int fromTiff(byte[] tiff, int start) throws IOException {
        if (tiff.length - start < 8) {
            return 0;
        }
        try (ImageInputStream in = new ByteArrayImageInputStream(tiff, start, tiff.length - start)) {
            return fromDirectory(new TIFFReader().read(in));
        }
    }

    /** @return the orientation in IFD0 (the main image; IFD1 is the thumbnail), or 0 if there is none */
    private static int fromDirectory(Directory directory) {
        if (directory instanceof CompoundDirectory compound) {
            if (compound.directoryCount() == 0) {
                return 0;
            }
            directory = compound.getDirectory(0);
        }
        Entry entry = directory.getEntryById(TIFF.TAG_ORIENTATION);
        if (entry != null && entry.getValue() instanceof Number number) {
            int value = number.intValue();
            return value >= 1 && value <= 8 ? value : UPRIGHT;
        }
        return 0;
    }

    /** @return whether the orientation swaps width and height (5 to 8) */
    static boolean swapsSides(int orientation) {
        return orientation >= 5 && orientation <= 8;
    }

    /**
     * The transform from stored pixel coordinates to upright coordinates, for a stored image of
     * {@code width x height}. Every value maps the stored image exactly onto the upright canvas
     * ({@code height x width} for 5 to 8), so nearest-neighbour drawing copies pixels without loss.
     *
     * @param orientation EXIF orientation, 1 to 8 (anything else is treated as 1)
     * @param width  stored width
     * @param height stored height
     * @return the transform to use with {@code Graphics2D.drawImage(image, transform, null)}
     */
    static AffineTransform transform(int orientation, int width, int height) {
        // new AffineTransform(m00, m10, m01, m11, m02, m12): x' = m00 x + m01 y + m02, y' = m10 x + m11 y + m12
        return switch (orientation) {
            case 2 -> new AffineTransform(-1, 0, 0, 1, width, 0); // mirror: x' = w - x
            case 3 -> new AffineTransform(-1, 0, 0, -1, width, height); // 180°
            case 4 -> new AffineTransform(1, 0, 0, -1, 0, height); // flip: y' = h - y
            case 5 -> new AffineTransform(0, 1, 1, 0, 0, 0); // transpose: (y, x)
            case 6 -> new AffineTransform(0, 1, -1, 0, height, 0); // 90° clockwise: (h - y, x)
            case 7 -> new AffineTransform(0, -1, -1, 0, height, width); // transverse: (h - y, w - x)
            case 8 -> new AffineTransform(0, -1, 1, 0, 0, width); // 90° counter-clockwise: (y, w - x)
            default -> new AffineTransform();
        };
    }
}
