package dev.sindiff.eval;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sindiff.image.ImageTensors;
import dev.sindiff.metric.PatchSwd;
import dev.sindiff.run.LayoutChoice;
import dev.sindiff.sample.CanvasPlan;
import dev.sindiff.sample.CoarseToFine;
import dev.sindiff.sample.Generation;
import dev.sindiff.sample.TrainedModel;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Chooses a trained model's default layout ({@link LayoutChoice}) by measuring both ways on a few
 * samples at the training size: coarse to fine ({@link CoarseToFine#DEFAULT}) and the network
 * alone ({@link CoarseToFine#NONE}), each scored by its mean patch SWD and layout distance
 * against the training image ({@link Evaluation#evaluate}). Scenes whose layout the network does
 * not keep (a sky with boards in it) stay coarse to fine; an image whose layout the network keeps
 * by itself, and whose patches it matches better alone, samples with the network alone
 * (docs/layout.md, "The run chooses its layout").
 */
public final class LayoutChooser {
    /**
     * Samples drawn each way, as many as the and docs/layout.md's measurements: fewer
     * decided close calls by chance (4 kept chelsea's whole-image phase, which 8 find 4% worse).
     */
    public static final int SAMPLES = 8;

    private LayoutChooser() {}

    /**
     * Measures the run in {@code runDir} (its EMA weights, {@link #SAMPLES} samples each way at
     * seed 0) and keeps the choice in its {@code layout.json}, which {@code sample} then follows.
     *
     * @throws dev.sindiff.UserError if {@code runDir} is not a readable run
     * @throws IOException if {@code layout.json} cannot be written
     */
    public static LayoutChoice choose(Path runDir, Device device) throws IOException {
        try (TrainedModel model = TrainedModel.load(runDir, device, true)) {
            LayoutChoice choice = measure(model);
            model.runDir().writeLayoutChoice(choice);
            return choice;
        }
    }

    /** Measures {@code model} with {@link #SAMPLES} samples each way at seed 0. */
    public static LayoutChoice measure(TrainedModel model) {
        return measure(model, SAMPLES, 0);
    }

    /**
     * @param samples samples per way, at least 1
     * @param seed the samples' seed (the same for both ways)
     */
    public static LayoutChoice measure(TrainedModel model, int samples, long seed) {
        CanvasPlan plan = CanvasPlan.unconditional(model.height(), model.width());
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray train = ImageTensors.toTensor(m, model.image());
            Evaluation.Report patch = score(m, train, model.generate(plan, request(samples, seed, CoarseToFine.DEFAULT)));
            Evaluation.Report none = score(m, train, model.generate(plan, request(samples, seed, CoarseToFine.NONE)));
            return LayoutChoice.of(model.step(), samples, seed,
                    patch.swdMean(), patch.layoutMean(), none.swdMean(), none.layoutMean());
        }
    }

    private static Generation request(int samples, long seed, CoarseToFine coarse) {
        return Generation.of(samples).seed(seed).coarse(coarse);
    }

    private static Evaluation.Report score(NDManager m, NDArray train, List<BufferedImage> images) {
        return Evaluation.evaluate(train, images.stream().map(i -> ImageTensors.toTensor(m, i)).toList(),
                PatchSwd.Config.DEFAULT);
    }
}
