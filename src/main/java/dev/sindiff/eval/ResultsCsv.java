package dev.sindiff.eval;

import dev.sindiff.InvalidValue;
import dev.sindiff.image.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.commons.csv.CSVFormat;

/**
 * One CSV of evaluation results shared by experiments: each {@code eval --csv} call appends its
 * rows (the file is rewritten atomically, so a crash never leaves half a row).
 */
public final class ResultsCsv {
    public static final String HEADER = "label,run,image,preset,train_steps,train_seconds,sampler,sampler_steps,"
            + "evaluations,samples,seconds_per_sample,swd_mean,swd_std,diversity,min_copy_distance,near_copies";

    private ResultsCsv() {}

    /** One row; sampler fields are empty (null) when the samples were given as files. */
    public record Row(String label, String run, String image, String preset, long trainSteps, double trainSeconds,
            String sampler, Integer samplerSteps, Integer evaluations, Double secondsPerSample, Evaluation.Report report) {

        String format() {
            Evaluation.Report r = report;
            return CSVFormat.DEFAULT.format(label, run, image, preset, Long.toString(trainSteps),
                    num(trainSeconds, "%.1f"), sampler == null ? "" : sampler,
                    samplerSteps == null ? "" : samplerSteps.toString(), evaluations == null ? "" : evaluations.toString(),
                    Integer.toString(r.sampleCount()), secondsPerSample == null ? "" : num(secondsPerSample, "%.3f"),
                    num(r.swdMean(), "%.5f"), num(r.swdStd(), "%.5f"),
                    r.diversity() == null ? "" : num(r.diversity(), "%.4f"), num(r.minCopyDistance(), "%.4f"),
                    Integer.toString(r.nearCopies()));
        }
    }

    /** Appends rows, writing the header first if the file is new. */
    public static void append(Path file, List<Row> rows) throws IOException {
        List<String> lines = new ArrayList<>();
        if (Files.exists(file)) {
            lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
            if (!lines.isEmpty() && !lines.get(0).equals(HEADER)) {
                throw new InvalidValue("results file", "'" + file + "' is not a sindiff results CSV (its header differs);"
                        + " choose another {results file}");
            }
        }
        if (lines.isEmpty()) {
            lines.add(HEADER);
        }
        for (Row r : rows) {
            lines.add(r.format());
        }
        AtomicFiles.write(file, out -> out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8)));
    }

    private static String num(double v, String fmt) {
        return String.format(Locale.ROOT, fmt, v);
    }
}
