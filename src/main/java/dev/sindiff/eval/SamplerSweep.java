package dev.sindiff.eval;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sindiff.image.ImageFiles;
import dev.sindiff.image.ImageTensors;
import dev.sindiff.sample.SamplerSpec;
import dev.sindiff.sample.TrainedModel;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Quality against cost: samples a trained model with each sampler at the training size (all from
 * the same seeds, so every sampler starts from the same noise) and evaluates each set.
 */
public final class SamplerSweep {
    private SamplerSweep() {}

    /** One sampler's outcome. */
    public record Point(SamplerSpec spec, int evaluations, double secondsPerSample, Evaluation.Report report) {}

    /**
     * @param count samples per sampler (at least 2 for diversity)
     * @param progress told the name of each sampler as it starts
     */
    public static List<Point> run(TrainedModel model, List<SamplerSpec> specs, int count, long seed, int batch,
            PatchSwd.Config swd, Consumer<String> progress) {
        int h = model.config().image().height();
        int w = model.config().image().width();
        List<Point> points = new ArrayList<>();
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            NDArray train = ImageTensors.toTensor(m, ImageFiles.readRgb(model.runDir().trainImage()));
            for (SamplerSpec spec : specs) {
                progress.accept(spec.toString());
                int evaluations = spec.create(model.schedule()).evaluations();
                long t0 = System.nanoTime();
                List<BufferedImage> images = model.sample(spec, count, h, w, seed, batch);
                double seconds = (System.nanoTime() - t0) / 1e9 / count;
                try (NDManager scratch = m.newSubManager()) {
                    List<NDArray> samples = images.stream().map(img -> ImageTensors.toTensor(scratch, img)).toList();
                    points.add(new Point(spec, evaluations, seconds, Evaluation.evaluate(train, samples, swd)));
                }
            }
        }
        return points;
    }
}
