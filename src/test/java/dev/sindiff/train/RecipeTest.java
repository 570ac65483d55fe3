package dev.sindiff.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sindiff.TestImages;
import dev.sindiff.UserError;
import dev.sindiff.diffusion.DiffusionConfig;
import dev.sindiff.diffusion.NoiseSchedule;
import dev.sindiff.diffusion.Prediction;
import dev.sindiff.diffusion.SeededNoise;
import dev.sindiff.model.UNetConfig;
import dev.sindiff.run.LearningRate;
import dev.sindiff.run.RunDir;
import dev.sindiff.run.TrainConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pieces of the fast recipe: learning-rate schedule, min-SNR weights, v-prediction, crops. */
class RecipeTest {
    @TempDir Path tmp;

    @Test
    void learningRateWarmsUpLinearlyAndDecaysByHalfACosine() {
        assertEquals(1e-3, LearningRate.CONSTANT.at(500, 1e-3, 0, 1000), 0);
        assertEquals(1e-3 / 100, LearningRate.CONSTANT.at(0, 1e-3, 100, 1000), 1e-15);
        assertEquals(1e-3 * 50 / 100, LearningRate.CONSTANT.at(49, 1e-3, 100, 1000), 1e-15);
        assertEquals(1e-3, LearningRate.COSINE.at(0, 1e-3, 0, 1001), 1e-15);
        assertEquals(1e-3 * (0.1 + 0.9 * 0.5), LearningRate.COSINE.at(500, 1e-3, 0, 1001), 1e-15);
        assertEquals(1e-4, LearningRate.COSINE.at(1000, 1e-3, 0, 1001), 1e-15);
        double prev = Double.MAX_VALUE;
        for (int n = 100; n < 1000; n += 50) { // monotone after the warm-up
            double lr = LearningRate.COSINE.at(n, 1e-3, 100, 1000);
            assertTrue(lr < prev);
            prev = lr;
        }
        TrainConfig tc = Recipe.fast().training();
        assertEquals(tc.learningRate() / tc.warmupSteps(), tc.learningRateAt(0), 1e-12);
    }

    @Test
    void minSnrWeightsMatchTheirClosedForms() {
        assertEquals(0.5, LossWeighting.minSnr(10, 5, Prediction.EPS), 1e-12); // γ/snr
        assertEquals(1.0, LossWeighting.minSnr(2, 5, Prediction.EPS), 1e-12);
        assertEquals(5.0 / 11, LossWeighting.minSnr(10, 5, Prediction.V), 1e-12); // γ/(snr+1)
        assertEquals(2.0 / 3, LossWeighting.minSnr(2, 5, Prediction.V), 1e-12); // snr/(snr+1)
        assertEquals(1.0, LossWeighting.minSnr(123, 0, Prediction.V), 0);
        // weighted, both parametrisations are the x0-MSE times min(snr, γ): ε-MSE = snr·x0-MSE, v-MSE = (snr+1)·x0-MSE
        for (double snr : new double[] {0.01, 1, 4, 50}) {
            assertEquals(Math.min(snr, 5), LossWeighting.minSnr(snr, 5, Prediction.EPS) * snr, 1e-9);
            assertEquals(Math.min(snr, 5), LossWeighting.minSnr(snr, 5, Prediction.V) * (snr + 1), 1e-9);
        }
    }

    @Test
    void vTargetConvertsBackToTheNoiseAndTheImage() {
        NoiseSchedule s = NoiseSchedule.sindiffusion();
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x0 = SeededNoise.normal(m, 1, new Shape(3, 3, 4, 5)).tanh();
            NDArray eps = SeededNoise.normal(m, 2, new Shape(3, 3, 4, 5));
            float[] ts = {0, 500, 999};
            NDArray a = m.create(new float[] {(float) s.sqrtAlphaCumprod(0), (float) s.sqrtAlphaCumprod(500), (float) s.sqrtAlphaCumprod(999)}).reshape(3, 1, 1, 1);
            NDArray sg = m.create(new float[] {(float) s.sqrtOneMinusAlphaCumprod(0), (float) s.sqrtOneMinusAlphaCumprod(500), (float) s.sqrtOneMinusAlphaCumprod(999)}).reshape(3, 1, 1, 1);
            NDArray xt = x0.mul(a).add(eps.mul(sg));
            NDArray v = Prediction.V.target(x0, eps, ts, s);
            assertArrayEquals(eps.mul(a).sub(x0.mul(sg)).toFloatArray(), v.toFloatArray(), 1e-6f);
            assertArrayEquals(eps.toFloatArray(), Prediction.V.toEps(v, xt, m.create(ts), s).toFloatArray(), 2e-5f);
            assertArrayEquals(x0.toFloatArray(), xt.mul(a).sub(v.mul(sg)).toFloatArray(), 2e-5f);
            org.junit.jupiter.api.Assertions.assertSame(eps, Prediction.EPS.target(x0, eps, ts, s));
        }
    }

    @Test
    void cropsAreNeverSmallerThanAskedAndStayInsideTheImage() {
        int rf = UNetConfig.smallShallow().receptiveField();
        for (int multiple : new int[] {2, 4}) {
            for (int crop = rf; crop < rf + 8; crop++) {
                for (int h = 16; h <= 160; h += 4) {
                    for (int w = 16; w <= 160; w += 4) {
                        int side = Augment.cropSide(crop, h, w, multiple);
                        if (side == 0) {
                            assertTrue(crop + multiple > Math.max(h, w), "whole image only when the crop covers it");
                            continue;
                        }
                        assertEquals(0, side % multiple);
                        assertTrue(side <= Math.min(h, w));
                        if (Math.min(h, w) >= crop + multiple) {
                            assertTrue(side >= crop && side >= rf, "crop " + crop + " in " + h + "x" + w + " -> " + side);
                        }
                        for (double u : new double[] {0, 0.5, 0.999999}) {
                            int o = Augment.cropOffset(h, side, u);
                            assertTrue(o >= 0 && o + side <= h);
                        }
                    }
                }
            }
        }
        assertEquals(0, Augment.cropSide(0, 100, 100, 4));
    }

    @Test
    void aCropSmallerThanTheReceptiveFieldIsRejected() throws IOException {
        Path img = TestImages.writePattern(tmp, "p.png", 64, 64);
        TrainConfig tc = TrainConfig.builder().steps(5).batch(2).learningRate(1e-3).emaDecay(0.999).maxSize(64)
                .checkpointEvery(5).previewEvery(0).lrSchedule(LearningRate.COSINE).crop(20).minSnrGamma(5).build();
        UserError e = assertThrows(UserError.class, () -> Trainer.start(img, new RunDir(tmp.resolve("r")), UNetConfig.tiny(),
                DiffusionConfig.sindiffusion(), tc, Device.cpu()));
        assertTrue(e.getMessage().contains("receptive field"), e.getMessage());
    }

    @Test
    void fastRecipeTrainsAndResumesExactly() throws IOException {
        Path img = TestImages.writePattern(tmp, "p.png", 72, 64);
        int rf = UNetConfig.tiny().receptiveField();
        TrainConfig tc = TrainConfig.builder().steps(16).batch(4).learningRate(2e-3).emaDecay(0.999).maxSize(72)
                .seed(5).checkpointEvery(8).previewEvery(0).warmupSteps(4).lrSchedule(LearningRate.COSINE).crop(rf + 3)
                .minSnrGamma(5).build();
        DiffusionConfig v = DiffusionConfig.sindiffusion().withPrediction(Prediction.V);
        RunDir straight = new RunDir(tmp.resolve("straight"));
        try (Trainer t = Trainer.start(img, straight, UNetConfig.tiny(), v, tc, Device.cpu())) {
            t.run(new Trainer.Listener() {});
        }
        RunDir split = new RunDir(tmp.resolve("split"));
        try (Trainer t = Trainer.start(img, split, UNetConfig.tiny(), v, tc, Device.cpu())) {
            t.run(new Trainer.Listener() {}, 8); // --until 8 keeps the cosine over all 16 steps
        }
        assertEquals(Prediction.V, split.readConfig().diffusion().prediction());
        try (Trainer t = Trainer.resume(split, null, Device.cpu())) {
            assertEquals(8, t.step());
            t.run(new Trainer.Listener() {});
        }
        List<String> a = java.nio.file.Files.readAllLines(straight.lossLog());
        List<String> b = java.nio.file.Files.readAllLines(split.lossLog());
        assertEquals(17, a.size());
        for (int i = 0; i < a.size(); i++) { // same step, loss, gradient norm and (decaying) learning rate
            String[] fa = a.get(i).split(",");
            String[] fb = b.get(i).split(",");
            assertArrayEquals(java.util.Arrays.copyOf(fa, 4), java.util.Arrays.copyOf(fb, 4), "row " + i);
        }
        double lrFirst = Double.parseDouble(a.get(1).split(",")[3]);
        double lrLast = Double.parseDouble(a.get(16).split(",")[3]);
        assertEquals(2e-3 / 4, lrFirst, 1e-9);
        assertEquals(2e-4, lrLast, 1e-6);
    }

    @Test
    void fastCropsHoldALandscapeImagesTopAndBottom() {
        // the layout fix of docs/layout.md: a 128x80 image resized by 0.75..1.2 is cropped to its full height,
        // so every crop shows the network both borders; only the largest resizes are cut
        TrainConfig tc = Recipe.fast().training();
        for (int h = 60; h <= 96; h += 4) {
            int w = h * 128 / 80 / 4 * 4;
            int side = Augment.cropSide(tc.crop(), h, w, 4); // 0: the whole image, when it is no larger than the crop
            assertTrue(side == 0 || side == h, "height " + h + ": crop " + side);
        }
        assertEquals(96, Augment.cropSide(tc.crop(), 100, 160, 4));
        assertTrue(tc.crop() >= UNetConfig.smallShallow().receptiveField());
    }
    /**
     * The whole-image phase: the last updates train on the whole image (the loss log matches a
     * crops-only run up to the phase's start and differs after it), and the checkpoint of the
     * phase's start is kept as checkpoint-crops.bin, also when the run is resumed exactly there.
     */
    @Test
    void theWholeImagePhaseTrainsTheLastStepsOnTheWholeImageAndKeepsTheCropWeights() throws IOException {
        Path img = TestImages.writePattern(tmp, "p.png", 72, 64);
        TrainConfig crops = TrainConfig.builder().steps(8).batch(2).learningRate(2e-3).emaDecay(0.999).maxSize(72)
                .seed(3).checkpointEvery(100).previewEvery(0).crop(UNetConfig.tiny().receptiveField() + 3).build();
        TrainConfig phase = crops.toBuilder().wholeImageFraction(0.25).wholeImageBatch(3).build();
        assertEquals(6, phase.wholeImageFrom());
        RunDir a = trainTiny(img, "crops-only", crops, 8);
        RunDir b = trainTiny(img, "phase", phase, 8);
        List<String> la = java.nio.file.Files.readAllLines(a.lossLog());
        List<String> lb = java.nio.file.Files.readAllLines(b.lossLog());
        for (int i = 1; i <= 6; i++) {
            assertEquals(la.get(i).split(",")[1], lb.get(i).split(",")[1], "crop step " + i);
        }
        for (int i = 7; i <= 8; i++) {
            assertTrue(!la.get(i).split(",")[1].equals(lb.get(i).split(",")[1]), "whole-image step " + i);
        }
        assertTrue(!java.nio.file.Files.exists(a.cropCheckpoint()));
        assertEquals(6, dev.sindiff.run.Checkpoint.readHeader(b.cropCheckpoint()).step());
        assertEquals(8, dev.sindiff.run.Checkpoint.readHeader(b.checkpoint()).step());
        // stopped at the phase's start (as an interrupted run), then resumed: the same crop weights are kept
        RunDir c = trainTiny(img, "phase-split", phase, 6);
        java.nio.file.Files.delete(c.cropCheckpoint()); // as if killed between the checkpoint and its copy
        try (Trainer t = Trainer.resume(c, null, Device.cpu())) {
            t.run(new Trainer.Listener() {});
        }
        assertArrayEquals(java.nio.file.Files.readAllBytes(b.cropCheckpoint()), java.nio.file.Files.readAllBytes(c.cropCheckpoint()));
        assertArrayEquals(java.nio.file.Files.readAllBytes(b.checkpoint()), java.nio.file.Files.readAllBytes(c.checkpoint()));
    }

    private RunDir trainTiny(Path img, String name, TrainConfig tc, long until) throws IOException {
        RunDir run = new RunDir(tmp.resolve(name));
        try (Trainer t = Trainer.start(img, run, UNetConfig.tiny(), DiffusionConfig.sindiffusion(), tc, Device.cpu())) {
            t.run(new Trainer.Listener() {}, until);
        }
        return run;
    }
}
