package dev.sindiff.sample;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sindiff.InvalidValue;
import dev.sindiff.diffusion.Hooks;
import dev.sindiff.diffusion.NoiseSchedule;
import dev.sindiff.diffusion.Progress;
import dev.sindiff.diffusion.Spacing;
import dev.sindiff.image.ImageTensors;
import dev.sindiff.image.TensorResize;
import dev.sindiff.metric.CopyDistance;
import dev.sindiff.patch.PatchPosteriorDenoiser;
import dev.sindiff.patch.PatchSearch;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The copy guard on the closed-form model of a small image, sampled coarse to fine: which samples
 * are drawn again, what is kept, and what is left alone.
 */
class CopyGuardTest {
    private static final NoiseSchedule SCHEDULE = NoiseSchedule.sindiffusion();
    private static final SolverChoice SPEC = SolverChoice.dpmSolver(5, Spacing.KARRAS);
    private static final CoarseToFine COARSE = new CoarseToFine(7, 0.2, 12, 8, SPEC, 0.2, 0, PatchSearch.EXACT);
    /** Every sample is re-drawn: no copy distance reaches 2 (independent images score about 1.4). */
    private static final CopyGuard ALWAYS = new CopyGuard(2, 2);
    private static final int H = 30;
    private static final int W = 40;

    /** Smooth random blobs: content whose copies the copy distance recognises. */
    private static NDArray image(NDManager m) {
        SplittableRandom r = new SplittableRandom(11);
        float[] v = new float[3 * 6 * 8];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextDouble() * 1.6 - 0.8);
        }
        NDArray coarse = m.create(v, new Shape(1, 3, 6, 8));
        return TensorResize.resize(coarse, H, W, TensorResize.Mode.BICUBIC).clip(-1, 1);
    }

    /** What a run told its progress: the re-drawn images and the evaluations. */
    private static final class Heard implements Progress {
        final List<double[]> redrawn = new ArrayList<>();
        long evaluations;

        @Override
        public void update(long done, long total) {
            evaluations = done;
        }

        @Override
        public void redrawn(int index, double drawn, double kept) {
            redrawn.add(new double[] {index, drawn, kept});
        }
    }

    private static List<BufferedImage> run(NDManager m, NDArray image, CanvasPlan plan, int count, int batch, CopyGuard guard,
            Progress progress) {
        List<CoarseToFine.Level> levels = COARSE.coarseLevels(image, SCHEDULE, plan.height(), plan.width());
        try (PatchPosteriorDenoiser finest = new PatchPosteriorDenoiser(image, 7, 0.2, SCHEDULE)) {
            return ReverseDiffusion.run(m, new Denoisers(SCHEDULE, levels, finest, 0, List.of()), plan,
                    Generation.of(count).solver(SPEC).seed(4).batch(batch).copyGuard(guard).progress(progress),
                    ImageTensors.toImage(image.get(0)));
        } finally {
            CoarseToFine.close(levels);
        }
    }

    private static double distance(NDManager m, BufferedImage sample, NDArray image) {
        return CopyDistance.of(ImageTensors.toTensor(m, sample), image);
    }

    @Test
    void everySampleBelowTheDistanceIsDrawnAgainAndTheFarthestDrawIsKept() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray image = image(m);
            CanvasPlan plan = CanvasPlan.unconditional(H, W);
            Heard plain = new Heard();
            List<BufferedImage> first = run(m, image, plan, 3, 3, CopyGuard.OFF, plain);
            Heard heard = new Heard();
            List<BufferedImage> guarded = run(m, image, plan, 3, 3, ALWAYS, heard);
            assertTrue(plain.redrawn.isEmpty(), "the guard off re-draws nothing");
            assertEquals(3, heard.redrawn.size(), "each sample below the distance is reported once");
            assertEquals(3 * plain.evaluations, heard.evaluations, "two re-draws of the batch, each as costly as the first draw");
            for (double[] r : heard.redrawn) {
                int i = (int) r[0];
                // the first draw is the plain sample; the kept one is the returned image, and no nearer
                assertEquals(distance(m, first.get(i), image), r[1], 0.02, "first draw of image " + i);
                assertEquals(distance(m, guarded.get(i), image), r[2], 0.02, "kept draw of image " + i);
                assertTrue(r[2] >= r[1], "the farthest draw is kept: " + r[2] + " < " + r[1]);
            }
        }
    }

    @Test
    void samplesFarEnoughAreLeftAsTheyAre() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray image = image(m);
            CanvasPlan plan = CanvasPlan.unconditional(H, W);
            List<BufferedImage> plain = run(m, image, plan, 3, 3, CopyGuard.OFF, Progress.NONE);
            // just above the nearest plain sample: only that one is drawn again
            double nearest = Double.MAX_VALUE;
            int which = -1;
            for (int i = 0; i < plain.size(); i++) {
                double d = distance(m, plain.get(i), image);
                if (d < nearest) {
                    nearest = d;
                    which = i;
                }
            }
            Heard heard = new Heard();
            List<BufferedImage> guarded = run(m, image, plan, 3, 3, new CopyGuard(nearest + 0.005, 1), heard);
            assertEquals(1, heard.redrawn.size());
            assertEquals(which, (int) heard.redrawn.get(0)[0]);
            for (int i = 0; i < plain.size(); i++) {
                if (i != which) {
                    assertArrayEquals(pixels(plain.get(i)), pixels(guarded.get(i)), "image " + i + " was far enough");
                }
            }
        }
    }

    @Test
    void aReDrawDependsOnlyOnTheSeedAndTheImageIndex() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray image = image(m);
            CanvasPlan plan = CanvasPlan.unconditional(H, W);
            List<BufferedImage> together = run(m, image, plan, 3, 3, ALWAYS, Progress.NONE);
            List<BufferedImage> oneByOne = run(m, image, plan, 3, 1, ALWAYS, Progress.NONE);
            for (int i = 0; i < 3; i++) {
                int[] a = pixels(together.get(i));
                int[] b = pixels(oneByOne.get(i));
                int worst = 0;
                for (int k = 0; k < a.length; k++) {
                    worst = Math.max(worst, Math.abs(a[k] - b[k]));
                }
                assertTrue(worst <= 2, "image " + i + " differs by " + worst + " grey levels between batch 3 and batch 1");
            }
        }
    }

    @Test
    void editsAndLargeCanvasesAreNotGuarded() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray image = image(m);
            Heard edit = new Heard();
            run(m, image, new CanvasPlan(H, W, image, 0.6, Hooks.NONE), 2, 2, ALWAYS, edit);
            assertTrue(edit.redrawn.isEmpty(), "an edit of the image is meant to resemble it");
            Heard wide = new Heard();
            run(m, image, CanvasPlan.unconditional(H, 5 * W), 1, 1, ALWAYS, wide);
            assertTrue(wide.redrawn.isEmpty(), "a canvas of 5 images' area is not checked");
            Heard twice = new Heard();
            run(m, image, CanvasPlan.unconditional(2 * H, 2 * W), 1, 1, ALWAYS, twice);
            assertEquals(1, twice.redrawn.size(), "a canvas of 4 images' area is");
        }
    }

    @Test
    void settingsOutOfRangeAreRefused() {
        assertThrows(InvalidValue.class, () -> new CopyGuard(-0.1, 2));
        assertThrows(InvalidValue.class, () -> new CopyGuard(0.8, CopyGuard.MAX_REDRAWS + 1));
        assertThrows(InvalidValue.class, () -> new CopyGuard(Double.NaN, 2));
    }

    private static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }
}
