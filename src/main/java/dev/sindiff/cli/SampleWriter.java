package dev.sindiff.cli;

import dev.sindiff.image.ImageFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Writes a command's sample-NNN.png files as their batch finishes, then its contact sheet, each
 * atomically. While open, a JVM shutdown (Ctrl-C) stops it: a write under way is finished, nothing
 * more is written, the progress line is ended and the command says how many images it wrote, so
 * the folder holds complete images only.
 */
final class SampleWriter implements AutoCloseable {
    private final List<Path> targets;
    private final int count;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean[] written;
    private final Thread shutdownHook = new Thread(this::stop, "sindiff-interrupted");
    private int writtenCount;
    private boolean stopped;
    private Runnable endLine = () -> {};

    /**
     * @param targets the files of images 0 to count-1 (further entries, like the contact sheet, are not
     *                touched); their folder is created with the first file
     * @param count   the images asked for
     * @param out     where the paths written are printed
     * @param err     where an interruption is reported
     */
    SampleWriter(List<Path> targets, int count, PrintWriter out, PrintWriter err) {
        this.targets = targets;
        this.count = count;
        this.out = out;
        this.err = err;
        this.written = new boolean[count];
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** What ends the progress line on stderr, should the JVM shut down while it is drawn. */
    synchronized void endLineWith(Runnable endLine) {
        this.endLine = endLine;
    }

    /**
     * Writes images {@code first} to {@code first + images.size() - 1} to their files (once each).
     *
     * @throws UncheckedIOException if a file cannot be written (the sampling loop cannot throw IOException)
     */
    synchronized void write(int first, List<BufferedImage> images) {
        for (int j = 0; j < images.size(); j++) {
            int i = first + j;
            if (!written[i]) {
                try {
                    writeFile(images.get(j), targets.get(i));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                written[i] = !stopped;
                writtenCount += written[i] ? 1 : 0;
            }
        }
    }

    /** Writes whatever of {@code images} (all of them, in order) has not been written yet. */
    void writeRest(List<BufferedImage> images) throws IOException {
        try {
            write(0, images);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** Writes one PNG atomically, creating its folder; nothing once stopped. */
    synchronized void writeFile(BufferedImage image, Path file) throws IOException {
        if (!stopped) {
            Files.createDirectories(file.toAbsolutePath().getParent());
            ImageFiles.writePng(image, file);
        }
    }

    /** The written samples' files, in order. */
    synchronized List<Path> written() {
        List<Path> files = new java.util.ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (written[i]) {
                files.add(targets.get(i));
            }
        }
        return files;
    }

    /**
     * Stops writing (after a write under way) and says on the command's stdout (the paths) and
     * stderr what was written: for a
     * JVM shutting down before the command finished.
     */
    private synchronized void stop() {
        stopped = true;
        endLine.run();
        written().forEach(out::println);
        out.flush();
        err.printf(Locale.ROOT, "sindiff: interrupted: wrote %d of %d image(s)%s%s%n", writtenCount, count,
                writtenCount == 0 ? "" : " to " + targets.get(0).toAbsolutePath().getParent(),
                writtenCount < count ? "; the others were not finished" : "");
        err.flush();
    }

    /** Done: a shutdown no longer concerns this command. */
    @Override
    public void close() {
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs
        }
    }
}
