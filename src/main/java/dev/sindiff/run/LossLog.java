package dev.sindiff.run;

import dev.sindiff.FileErrors;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code loss.csv}: one row per step (step, loss, grad_norm, lr, seconds). Rows after the last
 * checkpoint are dropped on resume, so the log always describes the run that continues.
 */
public final class LossLog implements AutoCloseable {
    static final String HEADER = "step,loss,grad_norm,lr,seconds";
    private final Path file;
    private final BufferedWriter out;

    /**
     * Opens the log for appending, keeping only rows with step <= {@code keepUpTo}.
     *
     * @throws java.nio.file.FileSystemException naming the file if it cannot be read or written
     */
    public static LossLog open(Path file, long keepUpTo) throws IOException {
        try {
            List<String> keep = new ArrayList<>();
            keep.add(HEADER);
            if (Files.exists(file)) {
                for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                    Row r = Row.parse(line);
                    if (r != null && r.step() <= keepUpTo) {
                        keep.add(line);
                    }
                }
            }
            Files.write(file, keep, StandardCharsets.UTF_8);
            return new LossLog(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.APPEND));
        } catch (IOException e) {
            throw FileErrors.naming(file, e);
        }
    }

    private LossLog(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    /**
     * Appends one row (buffered until {@link #flush}).
     *
     * @throws java.nio.file.FileSystemException naming the file if it cannot be written
     */
    public void append(long step, double loss, double gradNorm, double lr, double seconds) throws IOException {
        try {
            out.write(String.format(Locale.ROOT, "%d,%.6f,%.5f,%.3g,%.4f%n", step, loss, gradNorm, lr, seconds));
        } catch (IOException e) {
            throw FileErrors.naming(file, e);
        }
    }

    /**
     * Writes the buffered rows to the file.
     *
     * @throws java.nio.file.FileSystemException naming the file if it cannot be written
     */
    public void flush() throws IOException {
        try {
            out.flush();
        } catch (IOException e) {
            throw FileErrors.naming(file, e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            out.close();
        } catch (IOException e) {
            throw FileErrors.naming(file, e);
        }
    }

    /** One parsed row. */
    public record Row(long step, double loss, double gradNorm) {
        static Row parse(String line) {
            String[] f = line.split(",");
            if (f.length < 3) {
                return null;
            }
            try {
                return new Row(Long.parseLong(f[0].trim()), Double.parseDouble(f[1]), Double.parseDouble(f[2]));
            } catch (NumberFormatException e) {
                return null;
            }
        }
    }

    /** Training time in seconds: the sum of the log's seconds column (0 when there is no log). */
    public static double totalSeconds(Path file) throws IOException {
        double sum = 0;
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] f = line.split(",");
                if (f.length >= 5 && Row.parse(line) != null) {
                    sum += Double.parseDouble(f[4]);
                }
            }
        }
        return sum;
    }

    /** All rows of a log (empty when there is none). */
    public static List<Row> read(Path file) throws IOException {
        List<Row> rows = new ArrayList<>();
        if (Files.exists(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                Row r = Row.parse(line);
                if (r != null) {
                    rows.add(r);
                }
            }
        }
        return rows;
    }
}
