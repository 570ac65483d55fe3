package dev.sindiff.eval;

import dev.sindiff.metric.PatchSwd;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sindiff.chart.Charts;
import dev.sindiff.diffusion.Progress;
import dev.sindiff.image.ImageFiles;
import dev.sindiff.image.ImageTensors;
import dev.sindiff.sample.CanvasPlan;
import dev.sindiff.sample.CoarseToFine;
import dev.sindiff.sample.CopyGuard;
import dev.sindiff.sample.Generation;
import dev.sindiff.sample.SolverChoice;
import dev.sindiff.sample.TrainedModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Quality against cost: samples a trained model with each sampler at the training size (all from
 * the same seeds, so every sampler starts from the same noise) and evaluates each set.
 */
public final class SamplerSweep {
    private SamplerSweep() {}

    /** One sampler's outcome. */
    public record Point(SolverChoice spec, int evaluations, double secondsPerSample, Evaluation.Report report) {}

    /**
     * @param count samples per sampler (at least 2 for diversity)
     * @param progress told, before each sampler starts, how many of {@code specs} are done
     */
    public static List<Point> run(TrainedModel model, List<SolverChoice> specs, int count, long seed, int batch,
            PatchSwd.Config swd, Progress progress) {
        int h = model.config().image().height();
        int w = model.config().image().width();
        List<Point> points = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            NDArray train = ImageTensors.toTensor(m, ImageFiles.readRgb(model.runDir().trainImage()));
            for (SolverChoice spec : specs) {
                progress.update(points.size(), specs.size());
                int evaluations = spec.solver(model.schedule()).evaluations();
                long t0 = System.nanoTime();
                List<BufferedImage> images = model.generate(CanvasPlan.unconditional(h, w),
                        Generation.of(count).solver(spec).coarse(CoarseToFine.NONE).seed(seed).batch(batch)
                                .copyGuard(CopyGuard.OFF)); // the solver's own samples, near-copies included
                double seconds = (System.nanoTime() - t0) / 1e9 / count;
                try (NDManager scratch = m.newSubManager()) {
                    List<NDArray> samples = images.stream().map(img -> ImageTensors.toTensor(scratch, img)).toList();
                    points.add(new Point(spec, evaluations, seconds, Evaluation.evaluate(train, samples, swd)));
                }
            }
        }
        return points;
    }

    /** Patch SWD against denoiser evaluations, one line per sampler and spacing, DDPM as a flat reference. */
    public static void chart(List<Point> points, int count, Path out) throws IOException {
        Map<String, List<Point>> bySampler = new LinkedHashMap<>();
        double maxEvals = 1;
        for (Point p : points) {
            maxEvals = Math.max(maxEvals, p.evaluations());
            if (p.spec().algorithm() != SolverChoice.Algorithm.DDPM) {
                bySampler.computeIfAbsent(p.spec().algorithm() + " (" + p.spec().spacing() + ")", k -> new ArrayList<>()).add(p);
            }
        }
        List<Charts.Series> series = new ArrayList<>();
        for (var e : bySampler.entrySet()) {
            List<Point> ps = e.getValue().stream().sorted(Comparator.comparingInt(Point::evaluations)).toList();
            series.add(new Charts.Series(e.getKey(), ps.stream().mapToDouble(Point::evaluations).toArray(),
                    ps.stream().mapToDouble(p -> p.report().swdMean()).toArray()));
        }
        for (Point p : points) {
            if (p.spec().algorithm() == SolverChoice.Algorithm.DDPM) {
                double v = p.report().swdMean();
                series.add(new Charts.Series("ddpm, " + p.evaluations() + " evaluations (reference)",
                        new double[] {1, maxEvals}, new double[] {v, v}));
            }
        }
        Charts.lines("patch SWD against sampler cost (" + count + " samples each; lower is better)",
                "denoiser evaluations per sample", "patch SWD", series, true, out);
    }
}
