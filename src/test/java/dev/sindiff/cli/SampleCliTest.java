package dev.sindiff.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sindiff.TestImages;
import dev.sindiff.image.ImageFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sindiff sample} under a memory budget, on a tiny run of a 24x24 image. */
class SampleCliTest {
    @TempDir static Path tmp;
    static Path run;

    @BeforeAll
    static void trainATinyRun() {
        run = tmp.resolve("run");
        CliTest.Result r = CliTest.cli("train", pattern("pattern.png").toString(), "--out", run.toString(), "--preset", "tiny",
                "--steps", "2", "--batch", "1", "--preview-every", "0", "--device", "cpu");
        assertEquals(0, r.code(), r.err());
    }

    private static Path pattern(String name) {
        try {
            return TestImages.writePattern(tmp, name, 24, 24);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static CliTest.Result sample(String out, String... more) {
        String[] base = {"sample", run.toString(), "--out", tmp.resolve(out).toString(), "--steps", "3", "--device", "cpu"};
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return CliTest.cli(all);
    }

    @Test
    void theBatchSizeDoesNotChangeTheImagesUnderAMemoryBudget() {
        // one 128x128 image of the tiny model fits 650 MB whole, four at once do not: the batch
        // must shrink, not the canvas be tiled (tiles would change every image)
        String[] common = {"--size", "128x128", "--count", "4", "--seed", "11", "--max-memory", "650m", "--overlap", "16"};
        CliTest.Result one = sample("batch-1", concat(common, "--batch", "1"));
        CliTest.Result four = sample("batch-4", concat(common, "--batch", "4"));
        assertEquals(0, one.code(), one.err());
        assertEquals(0, four.code(), four.err());
        assertFalse(four.err().contains("tiles of"), four.err());
        assertTrue(four.err().contains("batch of 1 image(s) instead of 4"), four.err());
        for (int i = 0; i < 4; i++) {
            String f = String.format("sample-%03d.png", i);
            assertTrue(maxDifference(ImageFiles.readRgb(tmp.resolve("batch-1").resolve(f)),
                    ImageFiles.readRgb(tmp.resolve("batch-4").resolve(f))) <= 1, "image " + i);
        }
    }

    @Test
    void maxMemoryTakesBinaryUnitsAndNamesTheAcceptedForms() {
        CliTest.Result gib = sample("gib", "--count", "1", "--max-memory", "4GiB");
        assertEquals(0, gib.code(), gib.err());
        assertFalse(gib.err().contains("tiles of"), gib.err());
        CliTest.Result bad = sample("bad-size", "--count", "1", "--max-memory", "4 gigs");
        assertEquals(Main.EXIT_USER_ERROR, bad.code());
        assertEquals(1, bad.err().strip().lines().count(), bad.err());
        assertTrue(bad.err().contains("KiB, MiB, GiB") && bad.err().contains("'4 gigs'"), bad.err());
    }

    @Test
    void anInterruptedSampleKeepsTheFinishedImages() throws Exception {
        Path out = tmp.resolve("interrupted");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true",
                "-Dai.djl.pytorch.num_threads=1", "dev.sindiff.cli.Main", "sample", run.toString(), "--out", out.toString(),
                "--count", "12", "--batch", "2", "--size", "96x96", "--steps", "40", "--device", "cpu")
                .redirectOutput(tmp.resolve("interrupted.out").toFile()).redirectError(tmp.resolve("interrupted.err").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(out.resolve("sample-001.png")) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertTrue(p.isAlive(), "finished before the first batch was seen: " + Files.readString(tmp.resolve("interrupted.err")));
        new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor(); // Ctrl-C
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(130, p.exitValue(), "exit status of SIGINT");
        List<Path> files;
        try (Stream<Path> s = Files.list(out)) {
            files = s.sorted().toList();
        }
        assertTrue(files.size() >= 2 && files.size() < 12, files.toString());
        for (int i = 0; i < files.size(); i++) {
            Path f = files.get(i);
            assertEquals(String.format("sample-%03d.png", i), f.getFileName().toString(), "only complete samples, in order");
            BufferedImage img = ImageFiles.readRgb(f); // complete: a truncated PNG is rejected
            assertEquals(96, img.getWidth());
        }
        String err = Files.readString(tmp.resolve("interrupted.err"));
        assertTrue(err.contains("\nsindiff: interrupted: wrote " + files.size() + " of 12 image(s) to " + out), err);
        assertEquals(files.size(), Files.readAllLines(tmp.resolve("interrupted.out")).size(), "one path per written image");
    }

    static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    /** Largest difference of any channel of any pixel, 0 to 255. */
    static int maxDifference(BufferedImage a, BufferedImage b) {
        assertEquals(a.getWidth(), b.getWidth());
        assertEquals(a.getHeight(), b.getHeight());
        int max = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = a.getRGB(x, y);
                int q = b.getRGB(x, y);
                for (int shift = 0; shift <= 16; shift += 8) {
                    max = Math.max(max, Math.abs((p >> shift & 0xff) - (q >> shift & 0xff)));
                }
            }
        }
        return max;
    }
}
