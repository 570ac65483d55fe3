package dev.sindiff.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import dev.sindiff.TestImages;
import dev.sindiff.model.UNet;
import dev.sindiff.model.UNetConfig;
import dev.sindiff.run.Checkpoint;
import dev.sindiff.run.RunDir;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 during training, at several moments, always leaves a loadable checkpoint that resumes. */
class KillTest {
    @TempDir Path tmp;

    @Test
    void killNineLeavesTheLastGoodCheckpoint() throws Exception {
        Path img = TestImages.writePattern(tmp, "p.png", 40, 32);
        Path run = tmp.resolve("run");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
                "dev.sindiff.cli.Main", "train", img.toString(), "--out", run.toString(), "--preset", "tiny",
                "--steps", "100000", "--batch", "2", "--checkpoint-every", "1", "--preview-every", "0", "--device", "cpu"));
        long[] delaysMs = {0, 137, 311};
        long lastStep = -1;
        for (long delay : delaysMs) {
            List<String> c = new ArrayList<>(cmd);
            if (lastStep >= 0) {
                c.subList(c.indexOf("train") + 1, c.size()).clear();
                c.addAll(List.of("--resume", run.toString(), "--device", "cpu"));
            }
            Process p = new ProcessBuilder(c).redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("child.log").toFile()).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                // wait for a checkpoint newer than the last one, then kill at a moment of our choosing
                while (System.nanoTime() < deadline && currentStep(run) <= lastStep + 2) {
                    assertTrue(p.isAlive(), () -> "trainer exited: " + log());
                    Thread.sleep(20);
                }
                Thread.sleep(delay);
            } finally {
                p.destroyForcibly(); // SIGKILL
                p.waitFor(10, TimeUnit.SECONDS);
            }
            long step = Checkpoint.readHeader(run.resolve("checkpoint.bin")).step();
            assertTrue(step > lastStep, "progress after kill: " + step + " <= " + lastStep);
            try (ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
                UNet net = new UNet(UNetConfig.tiny());
                net.initialize(m);
                Checkpoint.loadInto(run.resolve("checkpoint.bin"), net, Checkpoint.Section.EMA);
            }
            new RunDir(run).readConfig();
            lastStep = step;
        }
        try (Trainer t = Trainer.resume(new RunDir(run), (int) lastStep + 2, Device.cpu())) {
            try (Stream<Path> s = Files.list(run)) {
                assertTrue(s.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "stale temporaries kept");
            }
            assertEquals(lastStep, t.step());
            t.run(new Trainer.Listener() {});
            assertEquals(lastStep + 2, t.step());
        }
    }

    /** kill -9 as soon as config.json exists: whatever the start got to, --resume finishes it. */
    @Test
    void killNineDuringTheStartLeavesARunThatResumes() throws Exception {
        Path img = TestImages.writePattern(tmp, "small.png", 20, 20);
        Path run = tmp.resolve("killed-at-start");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
                "dev.sindiff.cli.Main", "train", img.toString(), "--out", run.toString(), "--preset", "tiny",
                "--steps", "100000", "--batch", "1", "--preview-every", "0", "--device", "cpu")
                .redirectErrorStream(true).redirectOutput(tmp.resolve("child.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (System.nanoTime() < deadline && !Files.exists(run.resolve("config.json"))) {
                assertTrue(p.isAlive(), () -> "trainer exited: " + log());
                Thread.onSpinWait();
            }
        } finally {
            p.destroyForcibly(); // SIGKILL
            p.waitFor(10, TimeUnit.SECONDS);
        }
        try (Trainer t = Trainer.resume(RunDir.openToResume(run), 1, Device.cpu())) {
            t.run(new Trainer.Listener() {});
            assertEquals(1, t.step());
        }
        assertEquals(1, Checkpoint.readHeader(run.resolve("checkpoint.bin")).step());
        try (Stream<Path> s = Files.list(run)) {
            assertTrue(s.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")), "stale temporaries kept");
        }
    }

    private static long currentStep(Path run) {
        try {
            Path ck = run.resolve("checkpoint.bin");
            return Files.exists(ck) ? Checkpoint.readHeader(ck).step() : -1;
        } catch (RuntimeException e) {
            throw new AssertionError("checkpoint unreadable while training: " + e.getMessage(), e);
        }
    }

    private String log() {
        try {
            return Files.readString(tmp.resolve("child.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }
}
