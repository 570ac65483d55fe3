package dev.sindiff.image;

import dev.sindiff.FileErrors;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Atomic file replacement: the bytes go to a temporary file in the target's folder, which is flushed
 * to disk and then renamed over the target in one step. Readers of {@code target} see either the old
 * content or the complete new content, never a partial file, and a failure leaves no temporary file.
 *
 * <p>The temporary file is named {@code .<target name>.<random>.tmp} and is created with the usual
 * permissions (subject to the umask), so the final file gets them too. If {@code target} is a
 * symbolic link, the link itself is replaced by a regular file.
 */
public final class AtomicFiles {

    /** Chars of the target's name kept in a temporary file name (names are limited to 255 bytes, 4 per char at most). */
    private static final int MAX_NAME_IN_TEMP = 48;
    private static final int CREATE_ATTEMPTS = 10;
    private static final int BUFFER_BYTES = 1 << 16;

    private AtomicFiles() {}

    /**
     * An {@link java.util.function.Consumer} that may throw {@link IOException}.
     *
     * @param <T> the consumed type
     */
    @FunctionalInterface
    public interface IoConsumer<T> {
        /**
         * @param t the value to consume
         * @throws IOException if writing fails
         */
        void accept(T t) throws IOException;
    }

    /**
     * Deletes temporary files that a killed writer left in {@code dir} ({@code .<name>.<random>.tmp}).
     * Call only when no other process writes there.
     */
    public static void deleteStale(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String n = f.getFileName().toString();
                if (n.startsWith(".") && n.endsWith(".tmp") && Files.isRegularFile(f)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /**
     * Writes the bytes produced by {@code writer} to {@code target} atomically: temporary file in the
     * same folder, fsync of the file, rename with {@code ATOMIC_MOVE} and {@code REPLACE_EXISTING}, then a
     * best-effort fsync of the folder. On any failure (including one thrown by {@code writer}) the
     * temporary file is deleted, {@code target} is left untouched and the failure is rethrown.
     *
     * <p>The stream given to {@code writer} is buffered; closing it is allowed and only flushes it.
     *
     * @param target the file to create or replace; its folder must exist
     * @param writer writes the complete new content to the given stream
     * @throws java.nio.file.FileSystemException naming {@code target} and the system's reason
     *     (e.g. "No space left on device") if the temporary file cannot be created, written, synced
     *     or renamed
     * @throws IOException as thrown by {@code writer} itself, unchanged
     */
    public static void write(Path target, IoConsumer<OutputStream> writer) throws IOException {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(writer, "writer");
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir == null || absolute.getFileName() == null) {
            throw new IOException("not a file path: " + target);
        }
        Path tmp;
        try {
            tmp = createTemp(dir, absolute.getFileName().toString());
        } catch (IOException e) {
            throw FileErrors.naming(target, e);
        }
        CloseShield disk = null;
        boolean inWriter = false;
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                disk = new CloseShield(Channels.newOutputStream(channel));
                OutputStream out = new BufferedOutputStream(disk, BUFFER_BYTES);
                inWriter = true;
                writer.accept(out);
                inWriter = false;
                out.flush();
                channel.force(true);
            }
            Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (Throwable t) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException cleanup) {
                t.addSuppressed(cleanup);
            }
            boolean fileFailed = !inWriter || disk != null && disk.failure != null;
            if (t instanceof IOException e && fileFailed) {
                throw FileErrors.naming(target, e);
            }
            throw t;
        }
        syncDirectory(dir);
    }

    /** Creates an empty, new temporary file next to the target (never reusing an existing one). */
    private static Path createTemp(Path dir, String targetName) throws IOException {
        for (int attempt = 1; ; attempt++) {
            Path tmp = dir.resolve(tempName(targetName));
            try {
                Files.newByteChannel(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE).close();
                return tmp;
            } catch (FileAlreadyExistsException e) {
                if (attempt >= CREATE_ATTEMPTS) {
                    throw e;
                }
            }
        }
    }

    private static String tempName(String targetName) {
        int keep = Math.min(targetName.length(), MAX_NAME_IN_TEMP);
        if (keep < targetName.length() && Character.isHighSurrogate(targetName.charAt(keep - 1))) {
            keep--;
        }
        String base = targetName.substring(0, keep);
        return "." + base + "." + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 1) + ".tmp";
    }

    /** Makes the rename durable where the platform allows opening a folder (Linux, macOS); ignored elsewhere. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // best effort: e.g. Windows cannot open a directory as a channel
        }
    }

    /**
     * Keeps the writer from closing the channel before it is forced to disk (close() only
     * flushes), and remembers a failure of the file itself (a full disk), as opposed to one of
     * the writer's own.
     */
    private static final class CloseShield extends FilterOutputStream {
        IOException failure;

        CloseShield(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
