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
import java.nio.file.Path;
import java.util.List;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The EXIF orientation tag (0x0112) of a JPEG file, read with TwelveMonkeys imageio-metadata, and the
 * whole-image transform that displays the stored pixels upright.
 *
 * <p>Values follow the EXIF/TIFF specification: 1 upright, 2 mirrored horizontally, 3 rotated 180°,
 * 4 mirrored vertically, 5 transposed, 6 needs 90° clockwise rotation, 7 transversed, 8 needs 90°
 * counter-clockwise rotation. Values 5 to 8 swap width and height.
 */
final class ExifOrientation {

    /** The orientation that needs no transform. */
    static final int UPRIGHT = 1;

    private static final Logger LOG = LoggerFactory.getLogger(ExifOrientation.class);

    private ExifOrientation() {}

    /**
     * Reads the orientation from the first EXIF segment of a JPEG file. A missing, unreadable or
     * out-of-range tag gives {@link #UPRIGHT}: a damaged EXIF block never rejects an otherwise good image.
     *
     * @param jpeg a JPEG file
     * @return the orientation, 1 to 8
     */
    static int read(Path jpeg) {
        try (ImageInputStream in = new FileImageInputStream(jpeg.toFile())) {
            List<JPEGSegment> segments = JPEGSegmentUtil.readSegments(in, JPEG.APP1, "Exif");
            for (JPEGSegment segment : segments) {
                int orientation = fromExifSegment(segment);
                if (orientation != 0) {
                    return orientation;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("ignoring unreadable EXIF data in '{}': {}", jpeg, e.toString());
        }
        return UPRIGHT;
    }

    /** @return the orientation in the segment's first IFD, or 0 if there is none */
    private static int fromExifSegment(JPEGSegment segment) throws IOException {
        byte[] tiff;
        try (InputStream data = segment.data()) { // starts after the "Exif\0" identifier
            tiff = data.readAllBytes();
        }
        int start = tiff.length > 0 && tiff[0] == 0 ? 1 : 0; // the pad byte of "Exif\0\0"
        if (tiff.length - start < 8) {
            return 0;
        }
        Directory directory;
        try (ImageInputStream in = new ByteArrayImageInputStream(tiff, start, tiff.length - start)) {
            directory = new TIFFReader().read(in);
        }
        if (directory instanceof CompoundDirectory compound) {
            if (compound.directoryCount() == 0) {
                return 0;
            }
            directory = compound.getDirectory(0); // IFD0 is the main image, IFD1 the thumbnail
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
