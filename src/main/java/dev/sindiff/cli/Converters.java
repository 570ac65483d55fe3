package dev.sindiff.cli;

import dev.sindiff.InvalidValue;
import dev.sindiff.guide.ScoreGuidance;
import dev.sindiff.image.ImageSize;
import dev.sindiff.sample.SolverChoice;
import java.util.Arrays;
import java.util.Iterator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * Picocli converters of the option values that have a form of their own. A value they refuse
 * gets picocli's message, "Invalid value for option '--size': ..." and exit code 2, or, when it is
 * {@link Refused}, the refusal's own line, which names its flag ("--window must be FROM:TO ...").
 */
final class Converters {
    private Converters() {}

    /** A refused value whose message names its flag and says what is accepted: printed as it is. */
    static final class Refused extends TypeConversionException {
        private static final long serialVersionUID = 1L;

        Refused(String message) {
            super(message);
        }
    }

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

    /** The noise levels guided, {@code FROM:TO} ({@link ScoreGuidance.Window}), for --window. */
    static final class Window implements ITypeConverter<ScoreGuidance.Window> {
        @Override
        public ScoreGuidance.Window convert(String text) {
            String[] parts = text.split(":");
            try {
                if (parts.length == 2) {
                    return new ScoreGuidance.Window(Double.parseDouble(parts[0]), Double.parseDouble(parts[1]));
                }
            } catch (NumberFormatException | InvalidValue e) {
                // refused below, with the form
            }
            throw new Refused("--window must be FROM:TO with 1 >= FROM >= TO >= 0 (e.g. 1:0.2), got '" + text + "'");
        }
    }

    /** A solver algorithm by its short name ({@link SolverChoice.Algorithm#named}), for --sampler. */
    static final class Sampler implements ITypeConverter<SolverChoice.Algorithm> {
        @Override
        public SolverChoice.Algorithm convert(String text) {
            try {
                return SolverChoice.Algorithm.named(text);
            } catch (InvalidValue e) {
                throw new Refused(Flags.message(e));
            }
        }
    }

    /** The algorithms' short names, for --help. */
    static final class SamplerNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Arrays.stream(SolverChoice.Algorithm.values()).map(SolverChoice.Algorithm::toString).iterator();
        }
    }
}
