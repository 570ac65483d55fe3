package dev.sindiff.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sindiff.diffusion.NoiseSchedule;
import dev.sindiff.diffusion.Spacing;
import dev.sindiff.edit.Edits;
import dev.sindiff.metric.Degradations;
import dev.sindiff.metric.LayoutDistance;
import dev.sindiff.image.ImageTensors;
import dev.sindiff.patch.PatchPosteriorDenoiser;
import dev.sindiff.patch.PatchSearch;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Coarse-to-fine sampling with the closed-form patch denoiser at every level, on small synthetic images. */
class CoarseToFineTest {
    private static final NoiseSchedule SCHEDULE = NoiseSchedule.sindiffusion();
    private static final SolverChoice SPEC = SolverChoice.dpmSolver(6, Spacing.KARRAS);
    private static final CoarseToFine COARSE = new CoarseToFine(7, 0.2, 12, 8, SPEC, 0.2, 0, PatchSearch.EXACT);
    private static final CoarseToFine FLAT_PRIOR = new CoarseToFine(7, 0.2, 12, 8, SPEC, 0, 0, PatchSearch.EXACT);

    /** Dark noisy "sky" over a bright noisy "ground" with a horizon at 40% of the height. */
    private static NDArray scene(NDManager m, int h, int w) {
        SplittableRandom r = new SplittableRandom(5);
        float[] v = new float[3 * h * w];
        for (int c = 0; c < 3; c++) {
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    double base = y < 0.4 * h ? -0.6 + 0.2 * c : 0.5 - 0.3 * c;
                    v[(c * h + y) * w + x] = (float) (base + 0.3 * (r.nextDouble() - 0.5));
                }
            }
        }
        return m.create(v, new Shape(1, 3, h, w));
    }

    private static List<BufferedImage> sample(NDManager m, NDArray image, CanvasPlan plan, int count) {
        return sample(m, image, plan, count, COARSE);
    }

    private static List<BufferedImage> sample(NDManager m, NDArray image, CanvasPlan plan, int count, CoarseToFine coarse) {
        List<CoarseToFine.Level> levels = coarse.coarseLevels(image, SCHEDULE, plan.height(), plan.width());
        try (PatchPosteriorDenoiser finest = new PatchPosteriorDenoiser(image, 7, 0.2, SCHEDULE)) {
            assertTrue(levels.size() >= 1, "a 48-px image has coarser levels");
            return ReverseDiffusion.run(m, new Denoisers(SCHEDULE, levels, finest, 0, List.of()), plan,
                    Generation.of(count).solver(SPEC).seed(3).batch(count));
        } finally {
            CoarseToFine.close(levels);
        }
    }

    @Test
    void aOneColourImageSamplesToThatColour() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray flat = m.ones(new Shape(1, 3, 40, 48)).mul(m.create(new float[] {0.4f, -0.2f, 0.8f}).reshape(1, 3, 1, 1));
            for (BufferedImage img : sample(m, flat, CanvasPlan.unconditional(40, 72), 2)) {
                NDArray x = ImageTensors.toTensor(m, img);
                assertEquals(0, x.sub(flat.get(":, :, :, :1")).abs().max().getFloat(), 1.5f / 255 * 2);
            }
        }
    }

    @Test
    void aPanoramaOfASceneKeepsTheSkyOnTop() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray image = scene(m, 40, 48);
            double flipped = LayoutDistance.of(Degradations.flippedUpsideDown(image), image);
            double shifted = LayoutDistance.of(Degradations.shifted(image), image);
            for (BufferedImage img : sample(m, image, CanvasPlan.unconditional(40, 120), 2)) {
                double d = LayoutDistance.of(ImageTensors.toTensor(m, img), image);
                // without the height prior, columns of ground reach the top: 0.35 of 0.66 (measured)
                assertTrue(d < 0.5 * shifted && d < 0.25 * flipped, "layout " + d + " against shifted " + shifted + ", flipped " + flipped);
            }
            double worst = 0;
            for (BufferedImage img : sample(m, image, CanvasPlan.unconditional(40, 120), 2, FLAT_PRIOR)) {
                worst = Math.max(worst, LayoutDistance.of(ImageTensors.toTensor(m, img), image));
            }
            assertTrue(worst > 0.5 * shifted, "without the height prior the ground reaches the sky: " + worst);
        }
    }

    @Test
    void outpaintingKeepsTheInputExactlyWithCoarseLevels() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray image = scene(m, 40, 48);
            NDArray input = ImageTensors.toTensor(m, ImageTensors.toImage(image)); // on the 8-bit grid
            CanvasPlan plan = Edits.outpaint(input, new Edits.Margins(0, 0, 0, 32), SCHEDULE, 1);
            BufferedImage out = sample(m, image, plan, 1).get(0);
            NDArray kept = ImageTensors.toTensor(m, out).get(":, :, :, :48");
            assertEquals(0, kept.sub(input).abs().max().getFloat(), 1e-5f);
        }
    }

    @Test
    void withoutCoarseLevelsItIsPlainSampling() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray image = scene(m, 40, 48);
            try (PatchPosteriorDenoiser d = new PatchPosteriorDenoiser(image, 7, 0.2, SCHEDULE)) {
                CanvasPlan plan = CanvasPlan.unconditional(32, 40);
                List<BufferedImage> plain = ReverseDiffusion.run(m, Denoisers.of(SCHEDULE, d), plan, Generation.of(2).solver(SPEC).seed(9).batch(2));
                List<BufferedImage> none = ReverseDiffusion.run(m, new Denoisers(SCHEDULE, CoarseToFine.NONE.coarseLevels(image, SCHEDULE, 32, 40),
                        d, 0, List.of()), plan, Generation.of(2).solver(SPEC).seed(9).batch(2));
                for (int i = 0; i < 2; i++) {
                    assertEquals(0, ImageTensors.toTensor(m, plain.get(i)).sub(ImageTensors.toTensor(m, none.get(i))).abs().max().getFloat());
                }
            }
        }
    }
}
