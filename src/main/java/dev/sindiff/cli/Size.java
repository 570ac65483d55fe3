package dev.sindiff.cli;

import dev.sindiff.UserError;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A canvas size given as {@code HxW} (height first, like NCHW). */
public record Size(int height, int width) {
    /** The largest side we accept for a canvas. */
    public static final int MAX_SIDE = 16384;
    private static final Pattern FORM = Pattern.compile("\\s*(\\d{1,6})\\s*[xX×]\\s*(\\d{1,6})\\s*");

    public static Size parse(String text) {
        Matcher m = FORM.matcher(text);
        if (!m.matches()) {
            throw new UserError("size '" + text + "' is not HxW (for example 128x256: height 128, width 256)");
        }
        int h = Integer.parseInt(m.group(1));
        int w = Integer.parseInt(m.group(2));
        if (h < 1 || w < 1 || h > MAX_SIDE || w > MAX_SIDE) {
            throw new UserError("size " + h + "x" + w + " is out of range (each side from 1 to " + MAX_SIDE + " px)");
        }
        return new Size(h, w);
    }

    /** Picocli converter. */
    public static final class Converter implements picocli.CommandLine.ITypeConverter<Size> {
        @Override
        public Size convert(String value) {
            try {
                return parse(value);
            } catch (UserError e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    @Override
    public String toString() {
        return height + "x" + width;
    }
}
