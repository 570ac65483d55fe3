package dev.sindiff.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sindiff.image.ImageFiles;
import dev.sindiff.image.ImageTensors;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model in models/ makes images with the training image's patches, not noise, not copies. */
class ShippedModelTest {
    private static final Path MODEL = Path.of("models/hubble");

    @Test
    void samplesHaveTheImagesDetailAndAreNotCopies() {
        try (TrainedModel model = TrainedModel.load(MODEL, Device.cpu(), true);
                NDManager m = NDManager.newBaseManager()) {
            int h = model.config().image().height();
            int w = model.config().image().width();
            List<BufferedImage> samples = model.generate(CanvasPlan.unconditional(h, w),
                    Generation.of(2).solver(SolverChoice.ddim(25, 1.0)).coarse(CoarseToFine.NONE).seed(3).batch(2));
            NDArray train = ImageTensors.toTensor(m, ImageFiles.readRgb(MODEL.resolve("train-image.png")));
            double trainDetail = detail(train);
            for (BufferedImage s : samples) {
                assertEquals(w, s.getWidth());
                assertEquals(h, s.getHeight());
                NDArray x = ImageTensors.toTensor(m, s);
                double d = detail(x);
                // pure noise has several times the detail of the image; a grey or blurred image far less
                assertTrue(d > 0.3 * trainDetail && d < 3 * trainDetail, "detail " + d + " vs training " + trainDetail);
                // RMS difference over the image's own std: 0 for a copy, about 1.4 for an independent image
                double copy = minShiftedDistance(x, train, 24) / train.sub(train.mean()).square().mean().sqrt().getFloat();
                assertTrue(copy > 0.5, "sample is a near-copy of the training image: distance " + copy);
            }
        }
    }

    /** Mean absolute difference between horizontally and vertically adjacent pixels. */
    static double detail(NDArray x) {
        NDArray dx = x.get(":, :, :, 1:").sub(x.get(":, :, :, :-1")).abs().mean();
        NDArray dy = x.get(":, :, 1:, :").sub(x.get(":, :, :-1, :")).abs().mean();
        return (dx.getFloat() + dy.getFloat()) / 2;
    }

    /** Smallest RMS difference over shifts of up to ±{@code r} px (overlapping parts only). */
    static double minShiftedDistance(NDArray a, NDArray b, int r) {
        long h = a.getShape().get(2);
        long w = a.getShape().get(3);
        double best = Double.MAX_VALUE;
        for (int dy = -r; dy <= r; dy += 1) {
            for (int dx = -r; dx <= r; dx += 1) {
                String ia = ":, :, " + Math.max(0, dy) + ":" + (h + Math.min(0, dy)) + ", " + Math.max(0, dx) + ":" + (w + Math.min(0, dx));
                String ib = ":, :, " + Math.max(0, -dy) + ":" + (h + Math.min(0, -dy)) + ", " + Math.max(0, -dx) + ":" + (w + Math.min(0, -dx));
                best = Math.min(best, Math.sqrt(a.get(ia).sub(b.get(ib)).square().mean().getFloat()));
            }
        }
        return best;
    }
}
