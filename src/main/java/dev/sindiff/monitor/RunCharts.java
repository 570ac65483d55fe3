package dev.sindiff.monitor;

import dev.sindiff.chart.Charts;
import dev.sindiff.chart.PreviewTimeline;
import dev.sindiff.image.ImageFiles;
import dev.sindiff.run.LossLog;
import dev.sindiff.run.RunDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pictures of a run directory: {@code loss.png} from {@code loss.csv} and {@code previews.png}
 * from {@code previews/step-*.png}. Drawing them never stops training: a failure is logged.
 */
public final class RunCharts {
    private static final Logger LOG = LoggerFactory.getLogger(RunCharts.class);
    private static final Pattern PREVIEW = Pattern.compile("step-(\\d+)\\.png");

    private RunCharts() {}

    /** Redraws {@code loss.png}; returns false (and logs why) if it could not. */
    public static boolean drawLoss(RunDir run) {
        try {
            List<LossLog.Row> rows = LossLog.read(run.lossLog());
            if (rows.isEmpty()) {
                return false;
            }
            double[] steps = rows.stream().mapToDouble(LossLog.Row::step).toArray();
            double[] loss = rows.stream().mapToDouble(LossLog.Row::loss).toArray();
            Charts.lossCurve(steps, loss, "training loss, " + run.dir().toAbsolutePath().normalize().getFileName(), run.lossChart());
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not draw {}: {}", run.lossChart(), e.toString());
            return false;
        }
    }

    /** Redraws {@code previews.png}; returns false (and logs why) if it could not. */
    public static boolean drawTimeline(RunDir run) {
        try {
            List<Path> files = previews(run);
            if (files.isEmpty()) {
                return false;
            }
            List<PreviewTimeline.Frame> frames = new ArrayList<>();
            for (int i : PreviewTimeline.pick(files.size(), PreviewTimeline.MAX_ROWS)) {
                Path f = files.get(i);
                Matcher m = PREVIEW.matcher(f.getFileName().toString());
                m.matches();
                frames.add(new PreviewTimeline.Frame(Long.parseLong(m.group(1)), ImageFiles.readRgb(f)));
            }
            ImageFiles.writePng(PreviewTimeline.of(frames), run.previewTimeline());
            return true;
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not draw {}: {}", run.previewTimeline(), e.toString());
            return false;
        }
    }

    /** The preview files in step order. */
    static List<Path> previews(RunDir run) throws IOException {
        if (!Files.isDirectory(run.previews())) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(run.previews())) {
            return s.filter(p -> PREVIEW.matcher(p.getFileName().toString()).matches()).sorted().toList();
        }
    }
}
