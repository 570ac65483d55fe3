package dev.sindiff.sample;

import dev.sindiff.diffusion.Tiling;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import dev.sindiff.UserError;
import dev.sindiff.diffusion.SeededNoise;
import dev.sindiff.diffusion.Spacing;
import dev.sindiff.diffusion.TiledDenoiser;
import dev.sindiff.image.ImageTensors;
import dev.sindiff.model.UNetConfig;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Tiles, wrap-around and relay on the shipped model, at small sizes with few steps. */
class CanvasTest {
    private static final SolverChoice FAST = SolverChoice.dpmSolver(6, Spacing.KARRAS);
    private static TrainedModel model;
    private static NDManager m;

    @BeforeAll
    static void load() {
        model = TrainedModel.load(Path.of("models/hubble"), Device.cpu(), true);
        m = model.manager().newSubManager();
    }

    @AfterAll
    static void close() {
        m.close();
        model.close();
    }

    /** {@code count} images from {@code seed} with the network alone (no coarse levels), all in one batch. */
    private static Generation network(int count, long seed) {
        return Generation.of(count).solver(FAST).coarse(CoarseToFine.NONE).seed(seed).batch(count);
    }

    private static NDArray t(BufferedImage img) {
        return ImageTensors.toTensor(m, img);
    }

    @Test
    void tileStartsCoverTheAxisWithAtLeastTheOverlapAndAreAligned() {
        for (int length : new int[] {100, 256, 257, 1000, 4096}) {
            int[] s = TiledDenoiser.starts(length, 96, 32, 2);
            assertEquals(0, s[0]);
            assertEquals(Math.max(0, length - 96), s[s.length - 1]);
            for (int i = 1; i < s.length; i++) {
                assertTrue(s[i - 1] + 96 - s[i] >= 32, "overlap at " + i + " for length " + length);
                assertTrue(i == s.length - 1 || s[i] % 2 == 0, "aligned");
            }
        }
    }

    @Test
    void blendingIsExactForAPerPixelDenoiser() {
        NDArray x = m.randomNormal(new Shape(2, 3, 70, 150));
        NDArray tt = m.zeros(new Shape(2));
        TiledDenoiser tiled = new TiledDenoiser((a, b) -> a.mul(0.5f).add(0.1f), new Tiling(48, 16), 2);
        NDArray diff = tiled.predictNoise(x, tt).sub(x.mul(0.5f).add(0.1f)).abs().max();
        assertEquals(0, diff.getFloat(), 1e-6);
    }

    @Test
    void tiledSamplingIsCloseToWholeCanvasSampling() {
        List<BufferedImage> whole = model.generate(CanvasPlan.unconditional(96, 192), network(2, 5));
        List<BufferedImage> tiled = model.generate(CanvasPlan.unconditional(96, 192), network(2, 5).tiling(new Tiling(96, 32)));
        for (int i = 0; i < 2; i++) {
            double d = t(whole.get(i)).sub(t(tiled.get(i))).abs().mean().getFloat();
            assertTrue(d > 0 && d < 0.03, "mean |tiled - whole| = " + d);
        }
    }

    /**
     * How much the wrap-around border stands out: each image is rolled by half its size (the
     * wrap border moves to the middle) and blurred a little (σ = 1.5 px, so that smooth
     * background shows a step); the mean |difference| across the middle row and column over the
     * mean across the other rows and columns, averaged over images and both axes. About 1 when
     * the border is like any other; higher for a seam.
     */
    private static double wrapRatio(List<BufferedImage> images) {
        double sum = 0;
        int n = 0;
        float[] blur = dev.sindiff.tensor.Filters.gaussian(1.5);
        for (BufferedImage img : images) {
            NDArray x = t(img);
            int h = img.getHeight();
            int w = img.getWidth();
            NDArray rolled = x.get(":, :, {}:, :", h / 2).concat(x.get(":, :, :{}, :", h / 2), 2);
            rolled = rolled.get(":, :, :, {}:", w / 2).concat(rolled.get(":, :, :, :{}", w / 2), 3);
            NDArray b = dev.sindiff.tensor.Filters.separable(rolled, blur);
            // (1, 3, H-1, W) differences -> one mean per row, and likewise per column
            float[] rows = b.get(":, :, 1:, :").sub(b.get(":, :, :-1, :")).abs().sum(new int[] {3}).sum(new int[] {1})
                    .squeeze(0).toFloatArray();
            float[] cols = b.get(":, :, :, 1:").sub(b.get(":, :, :, :-1")).abs().sum(new int[] {2}).sum(new int[] {1})
                    .squeeze(0).toFloatArray();
            sum += seamOverRest(rows, h / 2 - 1) + seamOverRest(cols, w / 2 - 1);
            n += 2;
        }
        return sum / n;
    }

    private static double seamOverRest(float[] d, int seam) {
        double rest = 0;
        int count = 0;
        for (int i = 4; i < d.length - 4; i++) { // away from the blur's padded edges
            if (Math.abs(i - seam) > 2) {
                rest += d[i];
                count++;
            }
        }
        return d[seam] / (rest / count);
    }

    private static NDArray roll(NDArray x, int dy, int dx) {
        long h = x.getShape().get(2);
        long w = x.getShape().get(3);
        NDArray r = x.get(":, :, {}:, :", h - dy).concat(x.get(":, :, :{}, :", h - dy), 2);
        return r.get(":, :, :, {}:", w - dx).concat(r.get(":, :, :, :{}", w - dx), 3);
    }

    @Test
    void aSeamlessDenoiserTreatsTheWrapAroundBorderLikeTheInterior() {
        // on a torus, shifting the input cyclically shifts the prediction: the border is interior
        NDArray x = t(dev.sindiff.image.ImageFiles.readRgb(Path.of("models/hubble/train-image.png"))).mul(0.3f)
                .add(m.randomNormal(new Shape(1, 3, 112, 128)).mul(0.9f));
        NDArray tt = m.full(new Shape(1), 400f);
        dev.sindiff.diffusion.Denoiser seamless = model.denoiser(Tiling.NONE, true);
        double torus = seamless.predictNoise(roll(x, 40, 64), tt).sub(roll(seamless.predictNoise(x, tt), 40, 64)).abs().max().getFloat();
        dev.sindiff.diffusion.Denoiser plain = model.denoiser(Tiling.NONE, false);
        double flat = plain.predictNoise(roll(x, 40, 64), tt).sub(roll(plain.predictNoise(x, tt), 40, 64)).abs().max().getFloat();
        assertTrue(torus < 0.02, "seamless: max |eps(roll x) - roll eps(x)| = " + torus);
        assertTrue(flat > 10 * torus, "without wrap-around the shifted border shows: " + flat + " vs " + torus);
    }

    @Test
    void seamlessSamplesTileWithoutAStep() {
        List<BufferedImage> seamless = model.generate(CanvasPlan.unconditional(96, 96).withSeamless(true), network(4, 1));
        List<BufferedImage> plain = model.generate(CanvasPlan.unconditional(96, 96), network(4, 1));
        double s = wrapRatio(seamless);
        double p = wrapRatio(plain);
        assertTrue(s < 1.2 && s < p, "wrap border over interior: seamless " + s + ", plain " + p);
        // wrapped and tiled at once: tiles wrap around too
        List<BufferedImage> both = model.generate(CanvasPlan.unconditional(96, 160).withSeamless(true),
                network(2, 1).tiling(new Tiling(96, 32)));
        assertTrue(wrapRatio(both) < 1.2, "seamless and tiled: " + wrapRatio(both));
    }

    @Test
    void blockNoiseIsConstantOverBlocksAtFullMixAndOfUnitVariance() {
        try (NDManager cpu = NDManager.newBaseManager(Device.cpu())) {
            CanvasPlan full = new CanvasPlan(64, 64, null, 1, dev.sindiff.diffusion.Hooks.NONE, new CanvasPlan.BlockNoise(4, 1), false);
            NDArray z = ReverseDiffusion.startNoise(new SeededNoise(new long[] {3}, cpu), cpu, 1, full);
            assertEquals(0, z.get(":, :, 0:4, 0:4").sub(z.get(":, :, 0:1, 0:1")).abs().max().getFloat(), 0f);
            CanvasPlan half = new CanvasPlan(128, 128, null, 1, dev.sindiff.diffusion.Hooks.NONE, new CanvasPlan.BlockNoise(4, 0.5), false);
            NDArray h = ReverseDiffusion.startNoise(new SeededNoise(new long[] {3}, cpu), cpu, 1, half);
            assertEquals(1.0, h.square().mean().getFloat(), 0.05);
            // neighbours inside a block share the block part: correlation = mix
            double corr = h.get(":, :, :, 0:128:2").mul(h.get(":, :, :, 1:128:2")).mean().getFloat();
            assertEquals(0.5, corr, 0.05);
        }
    }

    @Test
    void relayFinishesWithFewerFullSizeStepsAndGivesTheCanvasSize() {
        Relay relay = new Relay(2, 0.5, 0.5);
        SolverChoice full = relay.fullSizeSolver(SolverChoice.DEFAULT, model.schedule());
        assertTrue(full.steps() <= SolverChoice.DEFAULT.steps() / 2, "full-size steps " + full.steps());
        List<BufferedImage> out = model.generate(CanvasPlan.unconditional(64, 96), Generation.of(2).solver(FAST).relay(relay).seed(0).batch(2));
        assertEquals(2, out.size());
        assertEquals(96, out.get(0).getWidth());
        assertEquals(64, out.get(0).getHeight());
        assertTrue(t(out.get(0)).sub(t(out.get(1))).abs().mean().getFloat() > 0.05, "two different images");
    }

    @Test
    void theMemoryBudgetTilesOnlyWhenItMust() {
        UNetConfig c = model.config().model();
        assertEquals(0, MemoryBudget.tileFor(c, 112, 128, 4, 4_000_000_000L, 64));
        int tile = MemoryBudget.tileFor(c, 256, 4096, 1, 4_000_000_000L, 64);
        assertTrue(tile >= 128 && tile < 4096, "tile " + tile);
        assertTrue(MemoryBudget.estimate(c, 256, 4096, 1, tile) <= 4e9);
        assertThrows(UserError.class, () -> MemoryBudget.tileFor(c, 4096, 4096, 64, 1_000_000_000L, 64));
    }
}
