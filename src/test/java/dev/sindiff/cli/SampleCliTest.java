package dev.sindiff.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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

    /** Parses the one line of JSON that --json prints, and checks that every file it lists exists with the size it says. */
    private static JsonNode summary(CliTest.Result r) throws IOException {
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.out().strip().lines().count(), "one line on stdout: " + r.out());
        JsonNode j = new ObjectMapper().readTree(r.out());
        for (JsonNode f : j.get("files")) {
            BufferedImage img = ImageFiles.readRgb(Path.of(f.get("path").asText()));
            assertEquals(f.get("height").asInt(), img.getHeight(), f.toString());
            assertEquals(f.get("width").asInt(), img.getWidth(), f.toString());
        }
        return j;
    }

    private static long count(JsonNode files, String role) {
        int n = 0;
        for (JsonNode f : files) {
            n += f.get("role").asText().equals(role) ? 1 : 0;
        }
        return n;
    }

    @Test
    void jsonSummaryListsTheFilesAndCountsTheEvaluations() throws IOException {
        // 3 images in batches of 2, 3 steps, the network alone: 2 batches of 3 evaluations
        JsonNode plain = summary(sample("json", "--json", "--count", "3", "--batch", "2", "--size", "24x40", "--seed", "5",
                "--coarse", "none"));
        assertEquals("sample", plain.get("command").asText());
        assertEquals(3, plain.get("count").asInt());
        assertEquals(5, plain.get("seed").asLong());
        assertEquals(2, plain.get("batch").asInt());
        assertEquals(0, plain.get("tile").asInt());
        assertEquals(3, count(plain.get("files"), "sample"));
        assertEquals(1, count(plain.get("files"), "contact-sheet"));
        assertEquals(4, plain.get("files").size());
        assertEquals(40, plain.get("files").get(0).get("width").asInt());
        assertEquals(1, plain.get("stages").size());
        assertEquals(3, plain.get("stages").get(0).get("evaluations_per_image").asInt());
        assertEquals(2 * 3, plain.get("evaluations").asLong());
        assertTrue(plain.get("seconds").asDouble() > 0, plain.toString());
        assertTrue(plain.get("sampler").asText().startsWith("dpm++2m(steps=3"), plain.toString());

        // relay: the first stage in one batch of 2, then each image at full size with the steps below 0.5
        JsonNode relay = summary(sample("json-relay", "--json", "--count", "2", "--size", "32x48", "--relay", "2"));
        JsonNode stages = relay.get("stages");
        assertEquals(2, stages.size());
        assertEquals(16, stages.get(0).get("height").asInt());
        assertEquals(24, stages.get(0).get("width").asInt());
        assertEquals(48, stages.get(1).get("width").asInt());
        int low = stages.get(0).get("evaluations_per_image").asInt();
        int full = stages.get(1).get("evaluations_per_image").asInt();
        assertEquals(3, low);
        assertTrue(full >= 1 && full < low, stages.toString());
        assertEquals(low + 2L * full, relay.get("evaluations").asLong());

        // an application also lists its comparison of inputs and results
        JsonNode edit = summary(CliTest.cli("img2img", run.toString(), "--out", tmp.resolve("json-i2i").toString(), "--input",
                pattern("input.png").toString(), "--count", "2", "--steps", "3", "--device", "cpu", "--json"));
        assertEquals("img2img", edit.get("command").asText());
        assertEquals(2, count(edit.get("files"), "sample"));
        assertEquals(1, count(edit.get("files"), "comparison"));
        assertTrue(Files.isRegularFile(tmp.resolve("json-i2i").resolve("comparison.png")));
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
