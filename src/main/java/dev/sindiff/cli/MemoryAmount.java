package dev.sindiff.cli;

import dev.sindiff.UserError;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;

/**
 * An amount of memory as the user writes it for {@code --max-memory}: a number of bytes, or a
 * number followed by k, m, g or t, optionally with B (KB, MB, GB, TB: powers of 1000) or iB (KiB,
 * MiB, GiB, TiB: powers of 1024), in any case ("4g" = "4GB" = 4e9 bytes, "4GiB" = 4 x 2^30 bytes).
 *
 * @param bytes the amount in bytes, at least 1
 * @param text how the user wrote it, for messages
 */
record MemoryAmount(long bytes, String text) {
    /** The spellings {@link #parse} accepts, for messages. */
    static final String FORMS = "a number with k, m or g (also KB, MB, GB: powers of 1000) or KiB, MiB, GiB"
            + " (powers of 1024), any case, e.g. 4g, 512MB or 2GiB; a plain number is bytes";

    private static final Pattern SIZE = Pattern.compile("(\\d+(?:\\.\\d*)?|\\.\\d+)\\s*(?:([kmgt])(i?b)?|b)?");

    /**
     * Parses a memory amount.
     *
     * @return the amount in bytes, at least 1
     * @throws UserError naming --max-memory and the accepted forms for anything else (a unit alone, "lots", 0)
     */
    static long parse(String s) {
        Matcher m = SIZE.matcher(s.trim().toLowerCase(Locale.ROOT));
        if (m.matches()) {
            double n = Double.parseDouble(m.group(1));
            double bytes = n * unit(m.group(2), m.group(3) != null && m.group(3).startsWith("i"));
            if (bytes >= 1 && bytes < 9e18) {
                return (long) bytes;
            }
        }
        throw new UserError("--max-memory must be a size (" + FORMS + "), got '" + s + "'");
    }

    /** Bytes per unit: prefix k, m, g or t (null = bytes), binary for KiB and the like. */
    private static double unit(String prefix, boolean binary) {
        if (prefix == null) {
            return 1;
        }
        int power = "kmgt".indexOf(prefix) + 1;
        return Math.pow(binary ? 1024 : 1000, power);
    }

    @Override
    public String toString() {
        return text;
    }

    /** Picocli converter: a refused amount is reported as {@link #parse} words it. */
    static final class Converter implements ITypeConverter<MemoryAmount> {
        @Override
        public MemoryAmount convert(String value) {
            try {
                return new MemoryAmount(parse(value), value);
            } catch (UserError e) {
                throw new Converters.Refused(e.getMessage());
            }
        }
    }
}
