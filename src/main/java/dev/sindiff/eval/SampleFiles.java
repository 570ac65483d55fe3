package dev.sindiff.eval;

import dev.sindiff.UserError;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The sample images named on a command line: files as given, folders as the samples sindiff
 * wrote there ({@code sample-NNN.png}), never the contact sheets, comparisons, previews or charts
 * that share those folders.
 */
public final class SampleFiles {
    /** The name of a sample written by the generating commands: sample-000.png, sample-001.png... */
    private static final Pattern SAMPLE = Pattern.compile("sample-(\\d+)\\.png", Pattern.CASE_INSENSITIVE);

    private SampleFiles() {}

    /**
     * Expands folders into their sample-NNN.png files (by number, not recursive) and keeps files as
     * they are.
     *
     * @throws UserError if a path does not exist or a folder holds no sample-NNN.png
     */
    public static List<Path> expand(List<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                out.addAll(samplesIn(p));
            } else if (Files.exists(p)) {
                out.add(p);
            } else {
                throw new UserError("'" + p + "' does not exist; give sample images or folders of them");
            }
        }
        return out;
    }

    /** The folder's sample-NNN.png files, in the order of their numbers. */
    static List<Path> samplesIn(Path folder) {
        List<Path> inside;
        try (Stream<Path> s = Files.list(folder)) {
            inside = s.filter(Files::isRegularFile).filter(SampleFiles::isSample)
                    .sorted(Comparator.comparing(SampleFiles::number).thenComparing(Path::toString)).toList();
        } catch (IOException e) {
            throw new UserError("cannot list folder '" + folder + "': " + e.getMessage());
        }
        if (inside.isEmpty()) {
            throw new UserError("folder '" + folder + "' has no images named sample-NNN.png (what sindiff writes);"
                    + " give other images as files, e.g. '" + folder.resolve("*.png") + "'");
        }
        return inside;
    }

    static boolean isSample(Path p) {
        return SAMPLE.matcher(p.getFileName().toString()).matches();
    }

    private static BigInteger number(Path p) {
        Matcher m = SAMPLE.matcher(p.getFileName().toString());
        return m.matches() ? new BigInteger(m.group(1)) : BigInteger.ZERO;
    }
}
