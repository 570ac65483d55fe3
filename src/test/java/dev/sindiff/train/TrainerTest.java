package dev.sindiff.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import dev.sindiff.TestImages;
import dev.sindiff.UserError;
import dev.sindiff.diffusion.DiffusionConfig;
import dev.sindiff.model.UNet;
import dev.sindiff.model.UNetConfig;
import dev.sindiff.run.Checkpoint;
import dev.sindiff.run.LossLog;
import dev.sindiff.run.RunDir;
import dev.sindiff.run.TrainConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainerTest {
    @TempDir Path tmp;

    private TrainConfig config(int steps) {
        return TrainConfig.builder().steps(steps).batch(4).learningRate(2e-3).emaDecay(0.999).maxSize(64)
                .seed(3).checkpointEvery(10).previewEvery(0).build();
    }

    @Test
    void tinyModelLowersTheLossClearly() throws IOException {
        Path img = TestImages.writePattern(tmp, "p.png", 32, 24);
        try (Trainer t = Trainer.start(img, new RunDir(tmp.resolve("run")), UNetConfig.tiny(),
                DiffusionConfig.sindiffusion(), config(300), Device.cpu())) {
            double before = t.evalLoss(16, 1);
            assertEquals(1.0, before, 0.15); // zero-initialised output: ε̂ = 0, loss = E[ε²]
            t.run(new Trainer.Listener() {});
            double after = t.evalLoss(16, 1);
            assertTrue(after < 0.5 * before, "eval loss " + before + " -> " + after);
            assertEquals(300, t.step());
        }
        List<LossLog.Row> rows = LossLog.read(tmp.resolve("run/loss.csv"));
        assertEquals(300, rows.size());
        double first = rows.subList(0, 50).stream().mapToDouble(LossLog.Row::loss).average().orElseThrow();
        double last = rows.subList(250, 300).stream().mapToDouble(LossLog.Row::loss).average().orElseThrow();
        assertTrue(last < 0.6 * first, "logged loss " + first + " -> " + last);
    }

    @Test
    void resumeContinuesTheSameRun() throws IOException {
        Path img = TestImages.writePattern(tmp, "p.png", 32, 24);
        int n = 12;
        RunDir straight = new RunDir(tmp.resolve("straight"));
        try (Trainer t = Trainer.start(img, straight, UNetConfig.tiny(), DiffusionConfig.sindiffusion(), config(2 * n), Device.cpu())) {
            t.run(new Trainer.Listener() {});
        }
        RunDir split = new RunDir(tmp.resolve("split"));
        TrainConfig firstHalf = TrainConfig.builder().steps(2 * n).batch(4).learningRate(2e-3).emaDecay(0.999).maxSize(64)
                .seed(3).checkpointEvery(n).previewEvery(0).build();
        try (Trainer t = Trainer.start(img, split, UNetConfig.tiny(), DiffusionConfig.sindiffusion(), firstHalf, Device.cpu())) {
            // Crash three steps after the checkpoint at n: those steps are logged but not saved.
            assertThrows(IllegalStateException.class, () -> t.run(new Trainer.Listener() {
                @Override
                public void onStep(Trainer.StepStats s) {
                    if (s.step() == n + 3) {
                        throw new IllegalStateException("simulated crash");
                    }
                }
            }));
        }
        assertEquals(n + 3, LossLog.read(split.lossLog()).size());
        try (Trainer a = Trainer.resume(split, null, Device.cpu())) {
            assertEquals(n, a.step());
            a.run(new Trainer.Listener() {});
            assertEquals(2 * n, a.step());
        }
        try (Trainer a = Trainer.resume(straight, null, Device.cpu());
                Trainer b = Trainer.resume(split, null, Device.cpu())) {
            assertEquals(a.step(), b.step());
            assertEquals(a.optimizer().updates(), b.optimizer().updates());
            assertClose(Checkpoint.arrays(a.model()), Checkpoint.arrays(b.model()));
            assertClose(Checkpoint.arrays(a.ema()), Checkpoint.arrays(b.ema()));
            assertClose(a.optimizer().firstMoments(), b.optimizer().firstMoments());
            assertClose(a.optimizer().secondMoments(), b.optimizer().secondMoments());
        }
        List<LossLog.Row> la = LossLog.read(straight.lossLog());
        List<LossLog.Row> lb = LossLog.read(split.lossLog());
        assertEquals(2 * n, lb.size());
        for (int i = 0; i < la.size(); i++) {
            assertEquals(la.get(i).loss(), lb.get(i).loss(), 1e-4, "loss at step " + (i + 1));
        }
    }

    @Test
    void resumeCanExtendTheStepCount() throws IOException {
        Path img = TestImages.writePattern(tmp, "p.png", 32, 24);
        RunDir run = new RunDir(tmp.resolve("run"));
        try (Trainer t = Trainer.start(img, run, UNetConfig.tiny(), DiffusionConfig.sindiffusion(), config(5), Device.cpu())) {
            t.run(new Trainer.Listener() {});
        }
        try (Trainer t = Trainer.resume(run, 8, Device.cpu())) {
            t.run(new Trainer.Listener() {});
            assertEquals(8, t.step());
        }
        assertEquals(8, run.readConfig().training().steps());
        assertEquals(8, Checkpoint.readHeader(run.checkpoint()).step());
    }

    @Test
    void checkpointRoundTripAndCorruption() throws IOException {
        Path img = TestImages.writePattern(tmp, "p.png", 32, 24);
        RunDir run = new RunDir(tmp.resolve("run"));
        try (Trainer t = Trainer.start(img, run, UNetConfig.tiny(), DiffusionConfig.sindiffusion(), config(3), Device.cpu())) {
            t.run(new Trainer.Listener() {});
            try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
                UNet copy = new UNet(UNetConfig.tiny());
                copy.initialize(m);
                Checkpoint.loadInto(run.checkpoint(), copy, Checkpoint.Section.EMA);
                assertClose(Checkpoint.arrays(t.ema()), Checkpoint.arrays(copy));
                UNet other = new UNet(new UNetConfig(8, List.of(1, 2, 4), 1, 4));
                other.initialize(m);
                assertThrows(UserError.class, () -> Checkpoint.loadInto(run.checkpoint(), other, Checkpoint.Section.WEIGHTS));
            }
        }
        byte[] bytes = Files.readAllBytes(run.checkpoint());
        Path truncated = tmp.resolve("truncated.bin");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            UNet copy = new UNet(UNetConfig.tiny());
            copy.initialize(m);
            UserError e = assertThrows(UserError.class, () -> Checkpoint.loadInto(truncated, copy, Checkpoint.Section.EMA));
            assertTrue(e.getMessage().contains("truncated or corrupt"), e.getMessage());
        }
    }

    @Test
    void loadsALaterSectionOfALargeCheckpoint() throws IOException {
        // Regression: skipping a multi-megabyte section must not be mistaken for truncation.
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            UNet model = new UNet(UNetConfig.small());
            model.initialize(m);
            UNet ema = new UNet(UNetConfig.small());
            ema.initialize(m);
            AdamW adam = new AdamW(m, Checkpoint.arrays(model), 0);
            Path file = tmp.resolve("big.bin");
            Checkpoint.write(file, 7, model, ema, adam);
            assertTrue(Files.size(file) > 20_000_000L);
            UNet copy = new UNet(UNetConfig.small());
            copy.initialize(m);
            assertEquals(7, Checkpoint.loadInto(file, copy, Checkpoint.Section.EMA).step());
            assertClose(Checkpoint.arrays(ema), Checkpoint.arrays(copy));
        }
    }

    @Test
    void randomResizeStaysOnTheGridAndInRange() {
        for (double u = 0; u < 1; u += 0.01) {
            int s = Augment.randomSide(100, u, 0.75, 1.25, 4);
            assertEquals(0, s % 4);
            assertTrue(s >= 72 && s <= 124, "side " + s);
        }
        assertEquals(4, Augment.randomSide(3, 0.0, 0.75, 1.25, 4));
        assertArrayEquals(new int[] {218, 250}, Augment.fitLongSide(872, 1000, 250));
        assertArrayEquals(new int[] {50, 40}, Augment.fitLongSide(50, 40, 250));
    }

    @Test
    void emaWarmUpAndAdamWMatchTheirFormulas() {
        assertEquals(0.1, Ema.effectiveDecay(0.9999, 0), 1e-12);
        assertEquals(0.9999, Ema.effectiveDecay(0.9999, 10_000_000), 1e-12);
        try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            NDArray w = m.create(new float[] {1f, -2f});
            NDArray g = m.create(new float[] {0.5f, 0.1f});
            AdamW opt = new AdamW(m, List.of(w), 0.0);
            opt.update(List.of(w), List.of(g), 0.1, 1.0);
            // first step: m̂ = g, v̂ = g², update = lr·g/(|g| + ε) = lr·sign(g)
            assertArrayEquals(new float[] {0.9f, -2.1f}, w.toFloatArray(), 1e-5f);
            opt.update(List.of(w), List.of(g), 0.1, 0.5);
            double m1 = 0.9 * 0.05 + 0.1 * 0.25;
            double v1 = 0.999 * 0.0025 * 10 * 0.1 + 0.001 * 0.0625;
            v1 = 0.999 * (0.001 * 0.25) + 0.001 * 0.0625;
            double step = 0.1 / (1 - 0.81) * m1 / (Math.sqrt(v1) / Math.sqrt(1 - 0.998001) + 1e-8);
            assertEquals(0.9 - step, w.toFloatArray()[0], 1e-5);
        }
    }

    private static void assertClose(List<NDArray> a, List<NDArray> b) {
        assertEquals(a.size(), b.size());
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i).toFloatArray(), b.get(i).toFloatArray(), 1e-5f, "array " + i);
        }
    }
}
