package dev.sindiff.image;

import dev.sindiff.UserError;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reading and writing image files, in pure Java (ImageIO with the TwelveMonkeys plugins).
 *
 * <p>Reading accepts PNG, JPEG (including CMYK/YCCK), BMP, GIF (first frame), TIFF and WebP,
 * recognised from the file's content, never its extension, with the EXIF orientation of JPEG, PNG
 * (eXIf), TIFF and WebP files applied. Every image comes back as opaque 8-bit RGB
 * ({@link BufferedImage#TYPE_3BYTE_BGR}): grey, 16-bit and palette images are converted, and
 * <b>transparent pixels become white</b> (alpha is composited over white).
 *
 * <p>Every problem with an input file is a {@link UserError} whose message is one line naming the file,
 * the problem and what would be accepted. Everything that can be checked from the header (existence,
 * emptiness, format, width and height against {@link ImageSize#MAX_SIDE} and {@link #MAX_PIXELS}) is checked
 * before any pixel is decoded. A truncated or corrupt file is rejected, including JPEGs whose decoder
 * only warns about a premature end of data.
 */
public final class ImageFiles {

    /** Largest pixel count we agree to decode (width*height), checked from the header before decoding. */
    public static final long MAX_PIXELS = 64L * 1024 * 1024;

    private static final Logger LOG = LoggerFactory.getLogger(ImageFiles.class);

    private static final String FORMATS = "PNG, JPEG, BMP, GIF, TIFF, WebP";
    private static final String ACCEPT_FILE = "an existing, readable PNG, JPEG, BMP, GIF, TIFF or WebP file";
    private static final String ACCEPT_COMPLETE = "a complete, valid PNG, JPEG, BMP, GIF, TIFF or WebP file";
    private static final String ACCEPT_SIZE = "width and height from 1 to " + ImageSize.MAX_SIDE + " and at most "
            + MAX_PIXELS + " pixels (" + (MAX_PIXELS >> 20) + " Mpx)";

    /** Lower-case ImageIO format names of the readers we accept, with the name shown to users. */
    private static final Map<String, String> ACCEPTED_FORMATS = Map.of(
            "png", "PNG", "jpeg", "JPEG", "jpg", "JPEG", "bmp", "BMP", "gif", "GIF",
            "tiff", "TIFF", "tif", "TIFF", "bigtiff", "TIFF", "webp", "WebP");

    static {
        ImageIO.scanForPlugins(); // registers the TwelveMonkeys readers even under unusual class loaders
    }

    private ImageFiles() {}

    /**
     * Reads any supported image as 8-bit RGB; transparent pixels become white and the EXIF
     * orientation (JPEG, PNG, TIFF, WebP) is applied.
     *
     * @param path the image file
     * @return a {@link BufferedImage#TYPE_3BYTE_BGR} image, upright
     * @throws UserError if the file is missing, empty, not a supported image, too large, or truncated/corrupt
     */
    public static BufferedImage readRgb(Path path) {
        return readRgb(path, Color.WHITE);
    }

    /**
     * Reads any supported image as 8-bit RGB like {@link #readRgb(Path)}, with transparent pixels
     * composited over {@code matte} instead of white (masks read them as black: "keep").
     *
     * @param path  the image file
     * @param matte the colour behind transparent pixels
     * @return a {@link BufferedImage#TYPE_3BYTE_BGR} image, upright
     * @throws UserError as {@link #readRgb(Path)}
     */
    public static BufferedImage readRgb(Path path, Color matte) {
        Objects.requireNonNull(matte, "matte");
        checkFile(path);
        try (ImageInputStream in = open(path)) {
            Opened opened = reader(in, path);
            try {
                checkedSize(opened, path);
                int orientation = ExifOrientation.read(path, opened.format());
                return RgbConversion.toRgb(decode(opened, path), orientation, matte);
            } finally {
                opened.reader().dispose();
            }
        } catch (IOException e) {
            throw fail(path, "read error (" + describe(e) + ")", ACCEPT_FILE, e);
        }
    }

    /**
     * Reads only the header: the size {@link #readRgb(Path)} would return (width and height swapped
     * for images whose EXIF orientation is 5 to 8), with the same checks except decoding.
     *
     * @param path the image file
     * @return the upright width and height
     * @throws UserError if the file is missing, empty, not a supported image, too large or has a corrupt header
     */
    public static ImageSize readSize(Path path) {
        checkFile(path);
        try (ImageInputStream in = open(path)) {
            Opened opened = reader(in, path);
            try {
                ImageSize stored = checkedSize(opened, path);
                boolean swap = ExifOrientation.swapsSides(ExifOrientation.read(path, opened.format()));
                return swap ? stored.transposed() : stored;
            } finally {
                opened.reader().dispose();
            }
        } catch (IOException e) {
            throw fail(path, "read error (" + describe(e) + ")", ACCEPT_FILE, e);
        }
    }

    /**
     * Writes a PNG atomically (see {@link AtomicFiles#write}): temp file in the same folder, fsync,
     * atomic rename. Never leaves a partial file.
     *
     * @param image the image; any type the JDK PNG writer accepts (all standard {@code BufferedImage} types)
     * @param path  the PNG file to create or replace; its folder must exist
     * @throws IOException if writing fails
     * @throws IllegalArgumentException if the PNG writer cannot encode this image type
     */
    public static void writePng(BufferedImage image, Path path) throws IOException {
        Objects.requireNonNull(image, "image");
        Iterator<ImageWriter> writers = ImageIO.getImageWritersByFormatName("png");
        if (!writers.hasNext()) {
            throw new IllegalStateException("no PNG writer registered with ImageIO");
        }
        ImageWriter writer = writers.next();
        try {
            if (!writer.getOriginatingProvider().canEncodeImage(image)) {
                throw new IllegalArgumentException("the PNG writer cannot encode this image: " + image);
            }
            AtomicFiles.write(path, out -> {
                try (ImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
                    writer.setOutput(ios);
                    writer.write(image);
                }
            });
        } finally {
            writer.dispose();
        }
    }

    /**
     * @param path any file
     * @return the SHA-256 of the file's bytes, 64 lower-case hex digits
     * @throws IOException if the file cannot be read
     */
    public static String sha256(Path path) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
        try (InputStream in = new DigestInputStream(Files.newInputStream(path), digest)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    // ---------------------------------------------------------------- checks

    /** An ImageIO reader, positioned on the file, and the user-facing name of its format. */
    private record Opened(ImageReader reader, String format) {}

    private static void checkFile(Path path) {
        Objects.requireNonNull(path, "path");
        if (Files.isDirectory(path)) {
            throw fail(path, "is a directory, not an image file", ACCEPT_FILE, null);
        }
        if (!Files.exists(path)) {
            throw fail(path, "no such file", ACCEPT_FILE, null);
        }
        if (!Files.isRegularFile(path)) {
            throw fail(path, "not a regular file", ACCEPT_FILE, null);
        }
        if (!Files.isReadable(path)) {
            throw fail(path, "permission denied", ACCEPT_FILE, null);
        }
        long size;
        try {
            size = Files.size(path);
        } catch (IOException e) {
            throw fail(path, "read error (" + describe(e) + ")", ACCEPT_FILE, e);
        }
        if (size == 0) {
            throw fail(path, "the file is empty (0 bytes)", ACCEPT_FILE, null);
        }
    }

    private static ImageInputStream open(Path path) {
        try {
            return new FileImageInputStream(path.toFile()); // no ImageIO disk cache
        } catch (FileNotFoundException e) {
            throw fail(path, "no such file or not readable (" + describe(e) + ")", ACCEPT_FILE, e);
        } catch (IOException e) {
            throw fail(path, "read error (" + describe(e) + ")", ACCEPT_FILE, e);
        }
    }

    /** Picks the first ImageIO reader that recognises the content and is one of the accepted formats. */
    private static Opened reader(ImageInputStream in, Path path) {
        Iterator<ImageReader> readers;
        try {
            readers = ImageIO.getImageReaders(in);
        } catch (RuntimeException e) { // a plugin choking on odd content while sniffing it
            throw fail(path, "not an image (" + describe(e) + ")", FORMATS, e);
        }
        String otherFormat = null;
        while (readers.hasNext()) {
            ImageReader reader = readers.next();
            String[] names = reader.getOriginatingProvider() == null
                    ? new String[0] : reader.getOriginatingProvider().getFormatNames();
            for (String name : names) {
                String format = ACCEPTED_FORMATS.get(name.toLowerCase(Locale.ROOT));
                if (format != null) {
                    reader.setInput(in, false, true); // a file stream seeks back at no cost
                    return new Opened(reader, format);
                }
            }
            if (otherFormat == null && names.length > 0) {
                otherFormat = names[0].toUpperCase(Locale.ROOT);
            }
            reader.dispose();
        }
        String problem = otherFormat == null ? "not an image" : "unsupported image format " + otherFormat;
        throw fail(path, problem, FORMATS, null);
    }

    /** Reads width and height from the header and rejects empty or oversized images. */
    private static ImageSize checkedSize(Opened opened, Path path) {
        int width;
        int height;
        try {
            width = opened.reader().getWidth(0);
            height = opened.reader().getHeight(0);
        } catch (IOException | RuntimeException e) {
            throw corrupt(path, opened.format(), "unreadable header, " + describe(e), e);
        }
        ImageSize size = new ImageSize(height, width);
        if (width <= 0 || height <= 0) {
            throw fail(path, opened.format() + " header gives an empty size of " + size.widthByHeight() + " pixels", ACCEPT_SIZE, null);
        }
        if (!size.withinLimits() || size.pixels() > MAX_PIXELS) {
            throw fail(path, opened.format() + " image is " + size.widthByHeight() + " pixels (" + size.pixels()
                    + " pixels), over the limit of " + ImageSize.MAX_SIDE + " per side and " + MAX_PIXELS + " in total",
                    ACCEPT_SIZE, null);
        }
        return size;
    }

    /** Decodes the first image, treating exceptions, a null result and truncation warnings as corruption. */
    private static BufferedImage decode(Opened opened, Path path) {
        ImageReader reader = opened.reader();
        Set<String> warnings = new LinkedHashSet<>();
        reader.addIIOReadWarningListener((source, warning) -> warnings.add(String.valueOf(warning)));
        BufferedImage image;
        try {
            image = reader.read(0);
        } catch (IOException | RuntimeException e) {
            throw corrupt(path, opened.format(), describe(e), e);
        }
        if (image == null) {
            throw corrupt(path, opened.format(), "the decoder returned no image", null);
        }
        List<String> harmless = new ArrayList<>();
        for (String warning : warnings) {
            if (meansTruncated(warning)) {
                throw corrupt(path, opened.format(), warning, null);
            }
            harmless.add(warning);
        }
        if (!harmless.isEmpty()) {
            LOG.warn("'{}': decoder warnings: {}", path, oneLine(String.join("; ", harmless)));
        }
        return image;
    }

    /** Decoder warnings (libjpeg's and TwelveMonkeys') that say the data stops early. */
    private static boolean meansTruncated(String warning) {
        String w = warning.toLowerCase(Locale.ROOT);
        return w.contains("premature end") || w.contains("truncated") || w.contains("missing eoi")
                || w.contains("unexpected end") || w.contains("end of file");
    }

    // ---------------------------------------------------------------- messages

    private static UserError corrupt(Path path, String format, String detail, Throwable cause) {
        return fail(path, "truncated or corrupt " + format + " image (" + detail + ")", ACCEPT_COMPLETE, cause);
    }

    private static UserError fail(Path path, String problem, String accepted, Throwable cause) {
        String message = oneLine("cannot read '" + path + "': " + problem + " (accepted: " + accepted + ")");
        return cause == null ? new UserError(message) : new UserError(message, cause);
    }

    /** The decoder's own words for a failure, without Java class names (users read this). */
    private static String describe(Throwable e) {
        String text = plain(e);
        Throwable cause = e.getCause();
        if (cause != null && cause != e) {
            String more = plain(cause);
            if (!text.contains(more)) {
                text += ": " + more;
            }
        }
        return text;
    }

    private static String plain(Throwable e) {
        String message = e.getMessage();
        if (message != null && !message.isBlank()) {
            return message.strip();
        }
        return e instanceof java.io.EOFException ? "unexpected end of file" : "no details from the decoder";
    }

    /** Collapses line breaks and other control characters so the message stays on one line. */
    static String oneLine(String text) {
        return text.replaceAll("[\\p{Cntrl}\\u0085\\u2028\\u2029]+", " ").strip();
    }
}
