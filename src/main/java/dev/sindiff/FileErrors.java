package dev.sindiff;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;

/**
 * I/O failures in the terms a user acts on: which file, and the system's reason (no space left on
 * device, permission denied, read-only file system...), instead of an exception that names neither
 * (ImageIO's "I/O error writing PNG file!").
 */
public final class FileErrors {
    private FileErrors() {}

    /**
     * {@code e} as a {@link FileSystemException} naming {@code file}, with the system's reason and
     * {@code e} as its cause; {@code e} itself when it already names that file.
     */
    public static FileSystemException naming(Path file, IOException e) {
        if (e instanceof FileSystemException f && file.toString().equals(f.getFile())) {
            return f;
        }
        FileSystemException named = new FileSystemException(file.toString(), null, reason(e));
        named.initCause(e);
        return named;
    }

    /**
     * The system's reason for a failure: the innermost message of its causes, without Java class
     * names ("No space left on device", "Permission denied"...).
     */
    public static String reason(Throwable e) {
        String reason = null;
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String own = ownReason(t);
            if (own != null) {
                reason = own;
            }
        }
        return reason != null ? reason : "input/output error";
    }

    private static String ownReason(Throwable t) {
        if (t instanceof FileSystemException f) {
            if (f.getReason() != null && !f.getReason().isBlank()) {
                return f.getReason();
            }
            if (f instanceof AccessDeniedException) {
                return "Permission denied";
            }
            if (f instanceof NoSuchFileException) {
                return "No such file or directory";
            }
            if (f instanceof NotDirectoryException) {
                return "Not a directory";
            }
            return null;
        }
        String m = t.getMessage();
        return m == null || m.isBlank() ? null : m.strip();
    }
}
