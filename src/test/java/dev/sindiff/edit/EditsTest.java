package dev.sindiff.edit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import dev.sindiff.diffusion.Hooks;
import dev.sindiff.diffusion.Spacing;
import dev.sindiff.diffusion.StepHook;
import dev.sindiff.guide.LowResDistance;
import dev.sindiff.guide.Score;
import dev.sindiff.guide.ScoreGuidance;
import dev.sindiff.guide.TorchScriptScore;
import dev.sindiff.image.ImageFiles;
import dev.sindiff.image.ImageTensors;
import dev.sindiff.image.TensorResize;
import dev.sindiff.image.TensorResize.Mode;
import dev.sindiff.sample.CanvasPlan;
import dev.sindiff.sample.CoarseToFine;
import dev.sindiff.sample.Generation;
import dev.sindiff.sample.SolverChoice;
import dev.sindiff.sample.TrainedModel;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The applications' invariants on the shipped model, on a 48x64 crop of its training image with
 * a few sampler steps: kept pixels unchanged, strength 0 is the input, strength 1 is
 * unconditional, super-resolution downsamples back to its input, guidance lowers its score.
 */
class EditsTest {
    private static final SolverChoice FAST = SolverChoice.dpmSolver(6, Spacing.KARRAS);
    private static TrainedModel model;
    private static NDManager m;
    private static BufferedImage crop;
    private static NDArray input;

    @BeforeAll
    static void load() {
        model = TrainedModel.load(Path.of("models/hubble"), Device.cpu(), true);
        m = model.manager().newSubManager();
        crop = ImageFiles.readRgb(Path.of("models/hubble/train-image.png")).getSubimage(20, 16, 64, 48);
        input = ImageTensors.toTensor(m, crop);
    }

    @AfterAll
    static void close() {
        m.close();
        model.close();
    }

    private static List<BufferedImage> run(CanvasPlan plan, int count, SolverChoice spec) {
        return model.generate(plan, Generation.of(count).solver(spec).coarse(CoarseToFine.NONE).seed(11).batch(count));
    }

    private static NDArray t(BufferedImage img) {
        return ImageTensors.toTensor(m, img);
    }

    private static double meanAbs(NDArray a, NDArray b) {
        return a.sub(b).abs().mean().getFloat();
    }

    @Test
    void strengthZeroReturnsTheInputAndStrengthOneIsUnconditional() {
        for (BufferedImage out : run(Edits.imageToImage(input, 0), 2, FAST)) {
            assertEquals(0, meanAbs(t(out), input), "strength 0 must return the input");
        }
        List<BufferedImage> one = run(Edits.imageToImage(input, 1), 2, FAST);
        List<BufferedImage> free = run(CanvasPlan.unconditional(48, 64), 2, FAST);
        for (int i = 0; i < 2; i++) {
            assertEquals(0, meanAbs(t(one.get(i)), t(free.get(i))), "strength 1 must ignore the input");
        }
    }

    /** x_t as the denoiser first sees it, copied out of the run. */
    private static float[] firstXt(CanvasPlan plan) {
        float[][] first = {null};
        StepHook capture = new StepHook() {
            @Override
            public NDArray onX0(NDArray x0, NDArray xt, int t) {
                if (first[0] == null) {
                    first[0] = xt.toFloatArray();
                }
                return x0;
            }
        };
        CanvasPlan hooked = new CanvasPlan(plan.height(), plan.width(), plan.init(), plan.strength(), Hooks.of(capture));
        run(hooked, 1, FAST);
        return first[0];
    }

    @Test
    void editingASampleWithTheSeedThatMadeItDrawsOtherNoise() {
        // unconditional sampling starts from x_T = z; an edit from sqrt(abar) init + sqrt(1 - abar) z':
        // z' must not be z, or editing sample i with the seed that made it re-adds its own noise
        float[] z = firstXt(CanvasPlan.unconditional(48, 64));
        double strength = 0.5;
        int start = model.schedule().startTimestep(strength);
        float[] xt = firstXt(Edits.imageToImage(input, strength));
        float[] in = input.toFloatArray();
        double a = model.schedule().sqrtAlphaCumprod(start);
        double b = model.schedule().sqrtOneMinusAlphaCumprod(start);
        double zz = 0, ee = 0, ze = 0;
        for (int i = 0; i < z.length; i++) {
            double e = (xt[i] - a * in[i]) / b;
            zz += z[i] * z[i];
            ee += e * e;
            ze += z[i] * e;
        }
        assertEquals(1, Math.sqrt(ee / z.length), 0.05, "the edit's start noise, recovered, has unit std");
        double corr = ze / Math.sqrt(zz * ee);
        assertTrue(Math.abs(corr) < 0.05, "correlation with the sampling noise of the same seed: " + corr);
    }

    @Test
    void strengthSetsHowFarTheResultMovesFromTheInput() {
        double low = meanAbs(t(run(Edits.imageToImage(input, 0.2), 1, FAST).get(0)), input);
        double mid = meanAbs(t(run(Edits.imageToImage(input, 0.5), 1, FAST).get(0)), input);
        double high = meanAbs(t(run(Edits.imageToImage(input, 1.0), 1, FAST).get(0)), input);
        assertTrue(low > 0 && low < mid && mid < high, low + " < " + mid + " < " + high);
    }

    @Test
    void inpaintingKeepsEveryPixelOutsideTheMaskAndFillsTheInside() {
        NDArray fill = m.zeros(new Shape(1, 1, 48, 64));
        NDIndex hole = new NDIndex(":, :, 12:36, 20:44");
        fill.set(hole, 1f);
        List<BufferedImage> outs = run(Edits.inpaint(input, fill, model.schedule(), 2), 2, FAST);
        NDArray keep = fill.sub(1f).neg();
        for (BufferedImage out : outs) {
            NDArray x = t(out);
            assertEquals(0, x.sub(input).abs().mul(keep).sum().getFloat(), "a kept pixel changed");
            double inside = x.get(hole).sub(input.get(hole)).abs().mean().getFloat();
            assertTrue(inside > 0.05, "the hole was not filled with new content: " + inside);
        }
        assertTrue(meanAbs(t(outs.get(0)).get(hole), t(outs.get(1)).get(hole)) > 0.05, "fills differ between seeds");
    }

    @Test
    void outpaintingGrowsTheCanvasAndKeepsTheOriginalInPlace() {
        Edits.Margins margins = new Edits.Margins(4, 8, 0, 24);
        BufferedImage out = run(Edits.outpaint(input, margins, model.schedule(), 1), 1, FAST).get(0);
        assertEquals(48 + 12, out.getHeight());
        assertEquals(64 + 24, out.getWidth());
        NDArray x = t(out);
        assertEquals(0, meanAbs(x.get(":, :, 4:52, 0:64"), input), "the original moved or changed");
        NDArray right = x.get(":, :, :, 64:");
        double std = right.sub(right.mean()).square().mean().sqrt().getFloat();
        assertTrue(std > 0.05, "the new margin is flat: std " + std);
    }

    @Test
    void rediffusingARegionChangesOnlyThatRegion() {
        NDArray region = m.zeros(new Shape(1, 1, 48, 64));
        region.set(new NDIndex(":, :, 0:24, :"), 1f);
        BufferedImage out = run(Edits.rediffuse(input, region, 0.5, model.schedule()), 1, FAST).get(0);
        NDArray x = t(out);
        assertEquals(0, meanAbs(x.get(":, :, 24:, :"), input.get(":, :, 24:, :")), "outside the region changed");
        assertTrue(meanAbs(x.get(":, :, :24, :"), input.get(":, :, :24, :")) > 0.01, "the region did not change");
    }

    @Test
    void superResolutionAddsDetailThatDownsamplesBackToTheInput() {
        BufferedImage out = run(Edits.superResolve(input, 2.0, 0.5, model.schedule()), 1, FAST).get(0); // 96x128
        assertEquals(96, out.getHeight());
        assertEquals(128, out.getWidth());
        NDArray up = TensorResize.resize(input, 96, 128, Mode.BICUBIC).clip(-1f, 1f);
        // the same start without low-pass consistency drifts from the input
        BufferedImage free = run(Edits.imageToImage(up, 0.5), 1, FAST).get(0);
        double withIlvr = meanAbs(TensorResize.resize(t(out), 48, 64, Mode.AREA), input);
        double without = meanAbs(TensorResize.resize(t(free), 48, 64, Mode.AREA), input);
        assertTrue(withIlvr < 0.5 * without && withIlvr < 0.03, "downsampled result vs input: " + withIlvr + " (without ILVR " + without + ")");
        assertTrue(meanAbs(t(out), up) > 0.01, "no detail added to the bicubic upsampling");
    }

    private static double meanScore(Score score, List<BufferedImage> images) {
        double sum = 0;
        for (BufferedImage img : images) {
            sum += score.of(t(img)).getFloat(0);
        }
        return sum / images.size();
    }

    @Test
    void structureGuidanceLowersTheDistanceItFollows() {
        NDArray reference = m.full(new Shape(1, 3, 48, 64), -0.9f);
        reference.set(new NDIndex(":, :, 8:40, 4:36"), 0.4f); // a bright disc-ish block on the left
        Score score = new LowResDistance(reference, 8, 11, LowResDistance.Norm.L2);
        double guided = meanScore(score, run(Edits.guided(48, 64, score, 0.2, new ScoreGuidance.Window(1, 0.2), model.schedule()), 2, FAST));
        double free = meanScore(score, run(Edits.guided(48, 64, score, 0, new ScoreGuidance.Window(1, 0.2), model.schedule()), 2, FAST));
        assertTrue(guided < 0.75 * free, "guided " + guided + " vs unguided " + free);
    }

    @Test
    void torchScriptGuidanceLowersTheScorersValue() {
        try (TorchScriptScore score = TorchScriptScore.load(Path.of("src/test/resources/scorers/mean-sq.pt"), Device.cpu())) {
            double guided = meanScore(score, run(Edits.guided(48, 64, score, 0.2, new ScoreGuidance.Window(1, 0), model.schedule()), 2, FAST));
            double free = meanScore(score, run(Edits.guided(48, 64, score, 0, new ScoreGuidance.Window(1, 0), model.schedule()), 2, FAST));
            assertTrue(guided < 0.8 * free, "guided " + guided + " vs unguided " + free);
        }
    }

    @Test
    void resamplingMultipliesTheEvaluations() {
        long[] total = {0};
        NDArray fill = m.ones(new Shape(1, 1, 48, 64));
        model.generate(Edits.inpaint(input, fill, model.schedule(), 3),
                Generation.of(1).solver(FAST).coarse(CoarseToFine.NONE).batch(1).progress((d, tt) -> total[0] = tt));
        assertEquals(6 * 3, total[0]);
    }

    @Test
    void theReadmesLibraryExampleRuns() {
        // README, "As a library" (with one result each instead of four)
        NDArray sketch = ImageTensors.toTensor(model.manager(), ImageFiles.readRgb(Path.of("samples/edits/layout.png")));
        List<BufferedImage> painted = model.generate(Edits.imageToImage(sketch, 0.45), Generation.of(1));
        Score darkLeft = x0 -> x0.get(":, :, :, :32").mean(new int[] {1}).reshape(x0.getShape().get(0), -1).mean(new int[] {1});
        CanvasPlan plan = Edits.guided(112, 128, darkLeft, 0.2, ScoreGuidance.Window.DEFAULT, model.schedule());
        List<BufferedImage> guided = model.generate(plan, Generation.of(1));
        List<BufferedImage> free = model.generate(Edits.guided(112, 128, darkLeft, 0, ScoreGuidance.Window.DEFAULT, model.schedule()),
                Generation.of(1));
        assertEquals(128, painted.get(0).getWidth());
        assertTrue(meanScore(darkLeft, guided) < meanScore(darkLeft, free), "the left strip is darker with guidance");
    }
}
