package dev.sindiff.cli;

import ai.djl.engine.EngineException;
import ai.djl.util.Utils;
import dev.sindiff.FileErrors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Failures of the environment rather than of the input or of sindiff: a full disk, missing
 * permissions, a read-only or noexec native-library cache. Each becomes one line naming the file or
 * folder, the system's reason and what to do.
 */
final class EnvironmentProblems {
    /** Overrides the folder the launcher (and {@link #useSindiffCacheDir}) derives DJL's caches from. */
    static final String CACHE_VARIABLE = "SINDIFF_CACHE_DIR";

    private EnvironmentProblems() {}

    /**
     * The line that explains {@code failure} (without the "sindiff: error: " prefix), or null when
     * it is not an environment problem.
     */
    static String describe(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof UnsatisfiedLinkError
                    || t instanceof EngineException && String.valueOf(t.getMessage()).contains("native library")) {
                return nativeLibrary(t);
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof FileSystemException f && f.getFile() != null) {
                return String.format(Locale.ROOT, "I/O error on '%s': %s (%s)", f.getFile(), plain(FileErrors.reason(f)), fix(f));
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof IOException || t instanceof UncheckedIOException) {
                return String.format(Locale.ROOT, "I/O error: %s (%s)", plain(FileErrors.reason(t)), fix(t));
            }
        }
        return null;
    }

    /** The native library could not be unpacked to, or loaded from, DJL's engine cache. */
    private static String nativeLibrary(Throwable t) {
        return String.format(Locale.ROOT, "cannot unpack or load the PyTorch native library in '%s': %s (set %s to a writable"
                + " folder on a file system that allows running programs, i.e. not mounted noexec; ENGINE_CACHE_DIR, if set,"
                + " wins over it)", Utils.getEngineCacheDir(), plain(FileErrors.reason(t)), CACHE_VARIABLE);
    }

    /** What to do about an I/O failure, from the system's reason. */
    private static String fix(Throwable t) {
        String reason = FileErrors.reason(t).toLowerCase(Locale.ROOT);
        if (reason.contains("no space") || reason.contains("quota")) {
            return "free some space on that disk, or write to another folder";
        }
        if (reason.contains("too large")) {
            return "a file-size limit (ulimit -f) or the file system caps file sizes: raise the limit, or write to another folder";
        }
        if (reason.contains("read-only")) {
            return "write to a folder on a writable disk";
        }
        if (t instanceof AccessDeniedException || reason.contains("permission denied") || reason.contains("not permitted")) {
            return "check that folder's permissions, or write to another folder";
        }
        return "check the disk and the folder, or write to another folder";
    }

    /** A reason as part of a sentence: one line, first letter in lower case ("No space..." -> "no space..."). */
    private static String plain(String reason) {
        String line = Main.oneLine(reason);
        return line.length() > 1 && Character.isUpperCase(line.charAt(0)) && Character.isLowerCase(line.charAt(1))
                ? Character.toLowerCase(line.charAt(0)) + line.substring(1) : line;
    }

    /**
     * Lets {@value #CACHE_VARIABLE} choose DJL's cache folders (its engine/ and djl/ subfolders, as
     * scripts/sindiff does) when Java is started directly; ENGINE_CACHE_DIR and DJL_CACHE_DIR, set
     * as variables or properties, win.
     */
    static void useSindiffCacheDir() {
        String dir = System.getenv(CACHE_VARIABLE);
        if (isBlank(dir)) {
            return;
        }
        setUnlessGiven("ENGINE_CACHE_DIR", Path.of(dir, "engine"));
        setUnlessGiven("DJL_CACHE_DIR", Path.of(dir, "djl"));
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static void setUnlessGiven(String name, Path value) {
        if (isBlank(System.getenv(name)) && isBlank(System.getProperty(name))) { // DJL ignores empty values too
            System.setProperty(name, value.toString());
        }
    }
}
