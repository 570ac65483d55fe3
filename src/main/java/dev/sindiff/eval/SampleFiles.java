package dev.sindiff.eval;

import dev.sindiff.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** The sample images named on a command line: files as given, folders as their image files. */
public final class SampleFiles {
    private static final Set<String> EXTENSIONS = Set.of("png", "jpg", "jpeg", "bmp", "gif", "tif", "tiff", "webp");
    /** Files in a folder that are not samples: the contact sheet 'sindiff sample' writes. */
    private static final Set<String> SKIPPED = Set.of("contact-sheet.png");

    private SampleFiles() {}

    /** Expands folders (their image files, sorted by name, not recursive) and keeps files as they are. */
    public static List<Path> expand(List<Path> paths) {
        List<Path> out = new ArrayList<>();
        for (Path p : paths) {
            if (Files.isDirectory(p)) {
                List<Path> inside;
                try (Stream<Path> s = Files.list(p)) {
                    inside = s.filter(Files::isRegularFile).filter(SampleFiles::isImage).sorted().toList();
                } catch (IOException e) {
                    throw new UserError("cannot list folder '" + p + "': " + e.getMessage());
                }
                if (inside.isEmpty()) {
                    throw new UserError("folder '" + p + "' has no images (png, jpg, bmp, gif, tiff, webp)");
                }
                out.addAll(inside);
            } else if (Files.exists(p)) {
                out.add(p);
            } else {
                throw new UserError("'" + p + "' does not exist; give sample images or folders of them");
            }
        }
        return out;
    }

    static boolean isImage(Path p) {
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1)) && !SKIPPED.contains(name);
    }
}
