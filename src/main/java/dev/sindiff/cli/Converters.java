package dev.sindiff.cli;

import dev.sindiff.image.ImageSize;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Picocli converters of the option values that have a form of their own. A value they refuse
 * gets picocli's message, "Invalid value for option '--size': ..." and exit code 2.
 */
final class Converters {
    private Converters() {}

    /** A canvas size {@code HxW} (height first, like NCHW), each side from 1 to {@link ImageSize#MAX_SIDE}. */
    static final class Size implements ITypeConverter<ImageSize> {
        private static final Pattern FORM = Pattern.compile("\\s*(\\d{1,6})\\s*[xX×]\\s*(\\d{1,6})\\s*");

        @Override
        public ImageSize convert(String text) {
            Matcher m = FORM.matcher(text);
            if (!m.matches()) {
                throw new TypeConversionException("size '" + text + "' is not HxW (for example 128x256: height 128, width 256)");
            }
            ImageSize size = new ImageSize(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            if (!size.withinLimits()) {
                throw new TypeConversionException("size " + size + " is out of range (each side from 1 to " + ImageSize.MAX_SIDE + " px)");
            }
            return size;
        }
    }
}
