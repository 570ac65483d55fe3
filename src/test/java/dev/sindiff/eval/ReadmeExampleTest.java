package dev.sindiff.eval;

import dev.sindiff.metric.PatchSwd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sindiff.TestImages;
import dev.sindiff.diffusion.Spacing;
import dev.sindiff.image.ImageFiles;
import dev.sindiff.image.ImageTensors;
import dev.sindiff.model.UNetConfig;
import dev.sindiff.run.RunDir;
import dev.sindiff.sample.CanvasPlan;
import dev.sindiff.sample.Generation;
import dev.sindiff.sample.SolverChoice;
import dev.sindiff.sample.TrainedModel;
import dev.sindiff.train.Recipe;
import dev.sindiff.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's Java folder experiment, as written there, on a folder of two tiny images. */
class ReadmeExampleTest {
    @TempDir
    Path tmp;

    @Test
    void folderExperimentInJava() throws Exception {
        Path folder = Files.createDirectories(tmp.resolve("images"));
        TestImages.writePattern(folder, "a.png", 32, 24);
        TestImages.writePattern(folder, "b.png", 24, 32);
        List<Evaluation.Report> reports = new ArrayList<>();
        SolverChoice spec = SolverChoice.dpmSolver(4, Spacing.KARRAS); // the README uses SolverChoice.DEFAULT
        try (Stream<Path> images = Files.list(folder)) {
            for (Path img : images.sorted().toList()) {
                RunDir run = new RunDir(tmp.resolve("runs").resolve(img.getFileName().toString()));
                Recipe fast = Recipe.fast(); // the README trains it as is; here: a tiny network, 3 steps, no crops
                fast = new Recipe(fast.name(), UNetConfig.tiny(), fast.diffusion(), fast.training().toBuilder()
                        .steps(3).batch(2).maxSize(32).checkpointEvery(3).previewEvery(0).warmupSteps(1).crop(0).build());
                try (Trainer t = Trainer.start(img, run, fast.model(), fast.diffusion(), fast.training(), Device.cpu())) {
                    t.run(new Trainer.Listener() {});
                }
                WholeImagePhase.decide(run.dir(), Device.cpu()); // no crops here: no phase to decide
                try (TrainedModel model = TrainedModel.load(run.dir(), Device.cpu(), true);
                        NDManager m = NDManager.newBaseManager()) {
                    var cfg = model.config().image();
                    List<NDArray> samples = model.generate(CanvasPlan.unconditional(cfg.height(), cfg.width()), Generation.of(3).solver(spec))
                            .stream().map(s -> ImageTensors.toTensor(m, s)).toList();
                    NDArray train = ImageTensors.toTensor(m, ImageFiles.readRgb(run.trainImage()));
                    Evaluation.Report r = Evaluation.evaluate(train, samples, PatchSwd.Config.DEFAULT);
                    reports.add(r);
                    assertTrue(r.summary().contains("patch SWD"));
                }
            }
        }
        assertEquals(2, reports.size());
        for (Evaluation.Report r : reports) {
            assertEquals(3, r.sampleCount());
            assertTrue(r.swdMean() > 0 && r.diversity() != null);
        }
    }
}
