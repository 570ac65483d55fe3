package dev.sindiff.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sindiff.TestImages;
import dev.sindiff.image.ImageFiles;
import dev.sindiff.run.Checkpoint;
import dev.sindiff.train.Recipe;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CliTest {
    @TempDir static Path tmp;
    private static Path image;
    private static Path run;

    record Result(int code, String out, String err) {}

    /** Runs the CLI in-process, capturing what it prints through picocli's streams ({@link Main#execute}). */
    static synchronized Result cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code;
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
            code = Main.execute(args, new PrintWriter(o, true), new PrintWriter(e, true));
        }
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @BeforeAll
    static void trainATinyRun() throws IOException {
        image = TestImages.writePattern(tmp, "pattern.png", 40, 24);
        run = tmp.resolve("run");
        Result r = cli("train", image.toString(), "--out", run.toString(), "--preset", "tiny", "--steps", "30",
                "--batch", "2", "--lr", "2e-3", "--checkpoint-every", "10", "--preview-every", "15", "--device", "cpu");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("receptive field"), r.err());
        trainErr = r.err();
    }

    private static String trainErr;

    @Test
    void aFinishedRunChoosesItsLayoutByTheRule() throws IOException {
        assertTrue(trainErr.contains("default layout: "), trainErr);
        JsonNode c = new ObjectMapper().readTree(run.resolve("layout.json").toFile());
        assertEquals(30, c.get("step").asInt());
        assertEquals(dev.sindiff.eval.LayoutChooser.SAMPLES, c.get("samples").asInt());
        for (String f : new String[] {"patchSwd", "patchLayout", "noneSwd", "noneLayout"}) {
            assertTrue(c.get(f).asDouble() > 0, f + " in " + c);
        }
        boolean networkAlone = c.get("noneLayout").asDouble() <= c.get("patchLayout").asDouble()
                && c.get("noneSwd").asDouble() <= c.get("patchSwd").asDouble();
        assertEquals(networkAlone ? "none" : "patch", c.get("coarse").asText());
        Result info = cli("info", run.toString());
        assertTrue(info.out().contains("layout           " + (networkAlone ? "the network alone" : "coarse to fine")), info.out());
    }

    /** The run's layout.json decides the default of sample; --coarse overrides it; a choice of another step is ignored. */
    @Test
    void theRunsLayoutChoiceIsTheSamplingDefault() throws IOException {
        Path copy = Files.createDirectories(tmp.resolve("run-choice"));
        for (String f : new String[] {"config.json", "checkpoint.bin", "train-image.png"}) {
            Files.copy(run.resolve(f), copy.resolve(f));
        }
        dev.sindiff.run.RunDir dir = new dev.sindiff.run.RunDir(copy);
        java.util.function.Supplier<dev.sindiff.sample.CoarseToFine> coarse = () -> {
            try (var m = dev.sindiff.sample.TrainedModel.load(copy, ai.djl.Device.cpu(), true)) {
                return m.defaultCoarse();
            }
        };
        assertEquals(dev.sindiff.sample.CoarseToFine.DEFAULT, coarse.get(), "no layout.json");
        dir.writeLayoutChoice(dev.sindiff.run.LayoutChoice.of(30, 4, 0, 0.2, 0.1, 0.19, 0.1));
        assertEquals(dev.sindiff.sample.CoarseToFine.NONE, coarse.get());
        dir.writeLayoutChoice(dev.sindiff.run.LayoutChoice.of(29, 4, 0, 0.2, 0.1, 0.19, 0.1));
        assertEquals(dev.sindiff.sample.CoarseToFine.DEFAULT, coarse.get(), "measured at another step");
        dir.writeLayoutChoice(dev.sindiff.run.LayoutChoice.of(30, 4, 0, 0.2, 0.1, 0.19, 0.11));
        assertEquals(dev.sindiff.sample.CoarseToFine.DEFAULT, coarse.get(), "the network alone keeps the layout worse");
        Files.writeString(dir.layoutChoice(), "{not json");
        assertEquals(dev.sindiff.sample.CoarseToFine.DEFAULT, coarse.get(), "unreadable");
    }

    @Test
    void trainWritesACompleteRunDirectory() throws IOException {
        for (String f : new String[] {"config.json", "checkpoint.bin", "loss.csv", "train-image.png",
                "previews/step-0000015.png", "previews/step-0000030.png"}) {
            assertTrue(Files.isRegularFile(run.resolve(f)), f);
        }
        // the loss curve and the preview timeline (two rows: steps 15 and 30) are real pictures
        BufferedImage loss = ImageFiles.readRgb(run.resolve("loss.png"));
        assertTrue(loss.getWidth() >= 600 && loss.getHeight() >= 300, loss.getWidth() + "x" + loss.getHeight());
        BufferedImage timeline = ImageFiles.readRgb(run.resolve("previews.png"));
        BufferedImage preview = ImageFiles.readRgb(run.resolve("previews/step-0000030.png"));
        assertTrue(timeline.getHeight() > 2 * preview.getHeight(), "two rows of previews");
        assertTrue(timeline.getWidth() > preview.getWidth(), "a label column beside the previews");
        JsonNode config = new ObjectMapper().readTree(run.resolve("config.json").toFile());
        assertEquals(1, config.get("formatVersion").asInt());
        assertEquals(ImageFiles.sha256(image), config.get("image").get("sha256").asText());
        assertEquals(8, config.get("model").get("baseChannels").asInt());
        try (Stream<Path> s = Files.list(run)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temporary files left");
        }
    }

    @Test
    void infoReportsArchitectureAndProgress() throws IOException {
        Result r = cli("info", run.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("receptive field  " + dev.sindiff.model.UNetConfig.tiny().receptiveField() + " px"), r.out());
        assertTrue(r.out().contains("30 of 30"), r.out());
        Result j = cli("info", run.toString(), "--json");
        assertEquals(0, j.code(), j.err());
        JsonNode node = new ObjectMapper().readTree(j.out());
        assertEquals(30, node.get("step").asInt());
        assertEquals(dev.sindiff.model.UNetConfig.tiny().receptiveField(), node.get("receptiveField").asInt());
        assertTrue(node.get("parameters").asLong() > 0);
        assertTrue(node.get("lastLoss").asDouble() > 0);
    }

    @Test
    void sampleAtTwiceTheWidthWritesPngsOfThatSize() throws IOException {
        Path out = tmp.resolve("wide");
        Result r = cli("sample", run.toString(), "--out", out.toString(), "--count", "3", "--scale-w", "2",
                "--sampler", "ddim", "--steps", "8", "--batch", "2", "--device", "cpu");
        assertEquals(0, r.code(), r.err());
        for (int i = 0; i < 3; i++) {
            BufferedImage img = ImageIO.read(out.resolve(String.format("sample-%03d.png", i)).toFile());
            assertEquals(80, img.getWidth());
            assertEquals(24, img.getHeight());
        }
        assertTrue(Files.isRegularFile(out.resolve("contact-sheet.png")));
        assertEquals(4, r.out().lines().count(), r.out());

        byte[] before = Files.readAllBytes(out.resolve("sample-000.png"));
        Result again = cli("sample", run.toString(), "--out", out.toString(), "--count", "1", "--seed", "5", "--steps", "4");
        assertEquals(Main.EXIT_USER_ERROR, again.code());
        assertTrue(again.err().contains("--force"), again.err());
        assertTrue(Arrays.equals(before, Files.readAllBytes(out.resolve("sample-000.png"))));
        Result forced = cli("sample", run.toString(), "--out", out.toString(), "--count", "1", "--seed", "5",
                "--steps", "4", "--force");
        assertEquals(0, forced.code(), forced.err());
        assertFalse(Arrays.equals(before, Files.readAllBytes(out.resolve("sample-000.png"))));
    }

    @Test
    void sampleAtAnOddSizeAndWithDdpm() throws IOException {
        Path out = tmp.resolve("odd");
        Result r = cli("sample", run.toString(), "--out", out.toString(), "--count", "1", "--size", "17x33",
                "--sampler", "ddpm");
        assertEquals(0, r.code(), r.err());
        BufferedImage img = ImageIO.read(out.resolve("sample-000.png").toFile());
        assertEquals(33, img.getWidth());
        assertEquals(17, img.getHeight());
    }

    @Test
    void sameSeedSameImages() throws IOException {
        Path a = tmp.resolve("seed-a");
        Path b = tmp.resolve("seed-b");
        assertEquals(0, cli("sample", run.toString(), "--out", a.toString(), "--count", "2", "--steps", "5", "--seed", "9", "--batch", "2").code());
        assertEquals(0, cli("sample", run.toString(), "--out", b.toString(), "--count", "2", "--steps", "5", "--seed", "9", "--batch", "1").code());
        for (int i = 0; i < 2; i++) {
            String f = String.format("sample-%03d.png", i);
            BufferedImage x = ImageIO.read(a.resolve(f).toFile());
            BufferedImage y = ImageIO.read(b.resolve(f).toFile());
            int diff = 0;
            for (int yy = 0; yy < x.getHeight(); yy++) {
                for (int xx = 0; xx < x.getWidth(); xx++) {
                    diff = Math.max(diff, Math.abs((x.getRGB(xx, yy) & 0xff) - (y.getRGB(xx, yy) & 0xff)));
                }
            }
            assertTrue(diff <= 1, "batch size changed sample " + i + " by " + diff);
        }
    }

    @Test
    void benchPrintsOneJsonLine() throws IOException {
        Result r = cli("bench", "--preset", "tiny", "--size", "32x32", "--batch", "2", "--warmup", "1", "--repeat", "2", "--device", "cpu");
        assertEquals(0, r.code(), r.err());
        JsonNode node = new ObjectMapper().readTree(r.out());
        assertTrue(node.get("params").asLong() > 0);
        assertTrue(node.get("train_step_s").asDouble() > 0);
        assertTrue(node.get("denoiser_eval_s").asDouble() > 0);
        assertEquals(1, r.out().strip().lines().count());
    }

    // ---- bad input: one line on stderr, exit code 2, nothing left behind ----

    private void assertCleanError(Result r, String expected) {
        assertEquals(Main.EXIT_USER_ERROR, r.code(), "exit code; stderr: " + r.err());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), "one line expected:\n" + err);
        assertTrue(err.startsWith("sindiff: error: "), err);
        assertTrue(err.contains(expected), "expected '" + expected + "' in: " + err);
        assertFalse(err.contains("Exception"), err);
    }

    private void assertTrainFails(Path img, String expected) {
        Path out = tmp.resolve("bad-run-" + System.nanoTime());
        Result r = cli("train", img.toString(), "--out", out.toString(), "--preset", "tiny", "--steps", "2");
        assertCleanError(r, expected);
        assertFalse(Files.exists(out), "run directory was created for a bad input");
    }

    @Test
    void missingFile() {
        assertTrainFails(tmp.resolve("nope.png"), "nope.png");
    }

    @Test
    void notAnImage() throws IOException {
        Path p = tmp.resolve("notes.png");
        Files.writeString(p, "this is text, not pixels\n");
        assertTrainFails(p, "not an image");
    }

    @Test
    void emptyFile() throws IOException {
        Path p = tmp.resolve("empty.png");
        Files.write(p, new byte[0]);
        assertTrainFails(p, "empty.png");
    }

    @Test
    void truncatedImage() throws IOException {
        Path full = TestImages.writePattern(tmp, "full.png", 64, 64);
        byte[] bytes = Files.readAllBytes(full);
        Path p = tmp.resolve("truncated.png");
        Files.write(p, Arrays.copyOf(bytes, bytes.length / 2));
        assertTrainFails(p, "truncated.png");
    }

    @Test
    void headerAnnouncingHugeDimensions() throws IOException {
        Path p = tmp.resolve("huge.png");
        Files.write(p, TestImages.pngWithHeaderSize(100_000, 100_000));
        assertTrainFails(p, "100000x100000");
    }

    @Test
    void imageSmallerThanTheNetworkTakes() throws IOException {
        assertTrainFails(TestImages.writePattern(tmp, "small.png", 12, 9), "at least 16 px");
    }

    @Test
    void notARunDirectory() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty-dir"));
        assertCleanError(cli("sample", empty.toString(), "--out", tmp.resolve("x").toString()), "not a sindiff run directory");
        assertCleanError(cli("info", empty.toString()), "not a sindiff run directory");
        assertCleanError(cli("train", "--resume", empty.toString()), "not a sindiff run directory");
        // a stray checkpoint without a config: neither resumable nor to be trained over silently
        Files.write(empty.resolve("checkpoint.bin"), new byte[0]);
        assertCleanError(cli("train", "--resume", empty.toString()), "not a sindiff run directory");
        assertCleanError(cli("train", TestImages.writePattern(tmp, "stray.png", 32, 32).toString(), "--out", empty.toString(),
                "--preset", "tiny"), "no config.json");
        assertCleanError(cli("info", tmp.resolve("missing-dir").toString()), "does not exist");
        assertFalse(Files.exists(tmp.resolve("x")));
    }

    @Test
    void incompatibleFormatVersion() throws IOException {
        Path old = Files.createDirectories(tmp.resolve("future-run"));
        Files.copy(run.resolve("checkpoint.bin"), old.resolve("checkpoint.bin"));
        String json = Files.readString(run.resolve("config.json")).replace("\"formatVersion\" : 1", "\"formatVersion\" : 99");
        Files.writeString(old.resolve("config.json"), json);
        assertCleanError(cli("info", old.toString()), "format version 99");
        assertCleanError(cli("sample", old.toString(), "--out", tmp.resolve("y").toString()), "format version 99");
    }

    @Test
    void nonsenseOptionValues() {
        String r = run.toString();
        Path o = tmp.resolve("never");
        assertCleanError(cli("train", image.toString(), "--out", o.toString(), "--steps", "-5"), "--steps");
        assertCleanError(cli("train", image.toString(), "--out", o.toString(), "--steps", "ten"), "--steps");
        assertCleanError(cli("train", image.toString(), "--out", o.toString(), "--preset", "huge"), "unknown preset 'huge'");
        assertCleanError(cli("train", image.toString(), "--out", o.toString(), "--batch", "0"), "--batch");
        assertCleanError(cli("train", image.toString(), "--out", o.toString(), "--schedule", "square"), "--schedule");
        assertCleanError(cli("train", image.toString(), "--out", o.toString(), "--prediction", "x0"), "--prediction must be one of eps, v");
        assertCleanError(cli("train", image.toString(), "--out", o.toString(), "--lr-schedule", "step"), "--lr-schedule must be one of");
        assertCleanError(cli("train", image.toString(), "--out", o.toString(), "--preset", "fast", "--crop", "20"), "receptive field (45 px)");
        assertCleanError(cli("train", image.toString(), "--out", o.toString(), "--min-snr", "-1"), "--min-snr");
        assertCleanError(cli("train", image.toString(), "--out", o.toString(), "--whole-image-fraction", "1"), "--whole-image-fraction");
        assertCleanError(cli("train", image.toString(), "--out", o.toString(), "--whole-image-batch", "-2"), "--whole-image-batch");
        assertCleanError(cli("train", image.toString(), "--out", o.toString(), "--until", "0"), "--until");
        assertCleanError(cli("sample", r, "--out", o.toString(), "--size", "0x0"), "out of range");
        assertCleanError(cli("sample", r, "--out", o.toString(), "--size", "banana"), "not HxW");
        assertCleanError(cli("sample", r, "--out", o.toString(), "--count", "0"), "--count");
        assertCleanError(cli("sample", r, "--out", o.toString(), "--eta", "2"), "--eta");
        assertCleanError(cli("sample", r, "--out", o.toString(), "--sampler", "magic"), "--sampler");
        assertCleanError(cli("sample", r, "--out", o.toString(), "--steps", "5000"), "--steps");
        assertCleanError(cli("sample", r, "--out", o.toString(), "--scale-w", "-1"), "--scale-w");
        assertCleanError(cli("sample", r, "--out", o.toString(), "--device", "tpu"), "--device");
        assertCleanError(cli("bench", "--size", "banana"), "not HxW");
        assertCleanError(cli("sample", r), "--out");
        assertCleanError(cli("frobnicate"), "frobnicate");
        assertCleanError(cli("train", "--resume", r, "--steps", "10"), "below the 30 steps");
        assertFalse(Files.exists(o));
    }

    @Test
    void aTextureSkipsTheWholeImagePhase() throws IOException {
        // seeded noise: every row varies as much as the image (a texture), unlike the striped pattern
        BufferedImage noise = new BufferedImage(40, 24, BufferedImage.TYPE_3BYTE_BGR);
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int y = 0; y < 24; y++) {
            for (int x = 0; x < 40; x++) {
                noise.setRGB(x, y, random.nextInt(1 << 24));
            }
        }
        Path texture = tmp.resolve("noise.png");
        ImageFiles.writePng(noise, texture);
        Path run = tmp.resolve("texture-run");
        Result r = cli("train", texture.toString(), "--out", run.toString(), "--preset", "fast", "--steps", "5", "--batch", "2",
                "--warmup", "2", "--preview-every", "0", "--device", "cpu");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("no whole-image phase: the image's rows hold"), r.err());
        JsonNode c = new ObjectMapper().readTree(run.resolve("config.json").toFile());
        assertEquals(4, c.get("training").get("steps").asInt()); // 5 - round(0.2 * 5): the crop steps only
        assertEquals(0.0, c.get("training").get("wholeImageFraction").asDouble());
        assertFalse(Files.exists(run.resolve("whole-image-phase.json")));
        assertFalse(r.err().contains("measuring the whole-image phase"), r.err());
        assertEquals(4, new ObjectMapper().readTree(run.resolve("layout.json").toFile()).get("step").asInt());
        Result info = cli("info", run.toString());
        assertEquals(0, info.code(), info.err());
        assertTrue(info.out().contains("none, crops only: the image's rows hold"), info.out());
        // asked for without a phase, the note does not appear
        Result plain = cli("train", texture.toString(), "--out", tmp.resolve("texture-plain").toString(), "--preset", "fast",
                "--steps", "2", "--batch", "2", "--warmup", "1", "--preview-every", "0", "--whole-image-fraction", "0");
        assertEquals(0, plain.code(), plain.err());
        assertFalse(plain.err().contains("no whole-image phase"), plain.err());
        // an image with a layout (the striped test image) trained without the phase says it was asked for
        Path layout = tmp.resolve("layout-plain");
        assertEquals(0, cli("train", image.toString(), "--out", layout.toString(), "--preset", "fast", "--steps", "2", "--batch", "2",
                "--warmup", "1", "--preview-every", "0", "--whole-image-fraction", "0").code());
        assertTrue(cli("info", layout.toString()).out().contains("none, crops only (--whole-image-fraction 0)"));
    }

    @Test
    void fastPresetRecordsItsRecipeAndOptionsOverrideIt() throws IOException {
        Path fast = tmp.resolve("fast");
        Result r = cli("train", image.toString(), "--out", fast.toString(), "--preset", "fast", "--steps", "4", "--batch", "2",
                "--warmup", "2", "--preview-every", "0", "--device", "cpu");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("recipe: v-prediction"), r.err());
        JsonNode c = new ObjectMapper().readTree(fast.resolve("config.json").toFile());
        assertEquals("V", c.get("diffusion").get("prediction").asText());
        assertEquals(96, c.get("training").get("crop").asInt());
        assertEquals("CONSTANT", c.get("training").get("lrSchedule").asText());
        assertEquals(5.0, c.get("training").get("minSnrGamma").asDouble());
        assertEquals(2, c.get("training").get("batch").asInt()); // the option wins over the recipe's 8
        assertEquals(2, c.get("training").get("warmupSteps").asInt());
        assertEquals(32, c.get("model").get("baseChannels").asInt()); // small-shallow
        // the whole-image phase (the last 20%: step 4 of 4) was measured and decided, and info shows it
        assertEquals(Recipe.fast().training().wholeImageFraction(), c.get("training").get("wholeImageFraction").asDouble());
        assertTrue(r.err().contains("whole-image phase: "), r.err());
        JsonNode phase = new ObjectMapper().readTree(fast.resolve("whole-image-phase.json").toFile());
        assertEquals(3, phase.get("from").asInt());
        assertEquals(4, phase.get("step").asInt());
        assertFalse(Files.exists(fast.resolve("checkpoint-crops.bin")));
        assertEquals(4, new ObjectMapper().readTree(fast.resolve("layout.json").toFile()).get("step").asInt());
        Result info = cli("info", fast.toString());
        assertTrue(info.out().contains("phase            " + (phase.get("kept").asBoolean() ? "kept" : "dropped")), info.out());
        // the v-model samples through the same samplers
        Path o = tmp.resolve("fast-samples");
        assertEquals(0, cli("sample", fast.toString(), "--out", o.toString(), "--count", "1", "--steps", "3").code());
        assertTrue(Files.isRegularFile(o.resolve("sample-000.png")));
    }

    @Test
    void untilStopsEarlyAndResumeFinishesTheRun() throws IOException {
        Path seg = tmp.resolve("segments");
        assertEquals(0, cli("train", image.toString(), "--out", seg.toString(), "--preset", "tiny", "--steps", "6", "--until", "3",
                "--batch", "2", "--preview-every", "0", "--device", "cpu").code());
        assertEquals(3, Checkpoint.readHeader(seg.resolve("checkpoint.bin")).step());
        assertFalse(Files.exists(seg.resolve("layout.json")), "chosen before the run finished");
        assertEquals(6, new ObjectMapper().readTree(seg.resolve("config.json").toFile()).get("training").get("steps").asInt());
        assertEquals(0, cli("train", "--resume", seg.toString()).code());
        assertEquals(6, Checkpoint.readHeader(seg.resolve("checkpoint.bin")).step());
        assertEquals(6, new ObjectMapper().readTree(seg.resolve("layout.json").toFile()).get("step").asInt());
    }

    @Test
    void trainRefusesToOverwriteARunOrAFile() throws IOException {
        assertCleanError(cli("train", image.toString(), "--out", run.toString(), "--preset", "tiny"), "--resume");
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertCleanError(cli("train", image.toString(), "--out", file.toString(), "--preset", "tiny"), "is a file");
    }

    /**
     * What a kill between the start's first write and its step-0 checkpoint leaves: the training
     * image, maybe the config, a temporary file of the write under way, no checkpoint.
     */
    private static Path interruptedStart(String name, boolean withConfig) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.copy(run.resolve("train-image.png"), dir.resolve("train-image.png"));
        if (withConfig) {
            Files.copy(run.resolve("config.json"), dir.resolve("config.json"));
        }
        Files.write(dir.resolve(".checkpoint.bin.5f3a9c.tmp"), new byte[1000]);
        return dir;
    }

    private static void assertTrainedTo(Path dir, long step) throws IOException {
        assertEquals(step, Checkpoint.readHeader(dir.resolve("checkpoint.bin")).step());
        try (Stream<Path> s = Files.list(dir)) {
            assertTrue(s.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "temporary files left");
        }
    }

    @Test
    void anInterruptedStartCanBeResumed() throws IOException {
        Path dir = interruptedStart("interrupted-resume", true);
        assertCleanError(cli("sample", dir.toString(), "--out", tmp.resolve("none").toString()), "train --resume " + dir);
        Result r = cli("train", "--resume", dir.toString(), "--steps", "2");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("interrupted before its first checkpoint"), r.err());
        assertTrainedTo(dir, 2);
    }

    @Test
    void anInterruptedStartCanBeStartedAgain() throws IOException {
        for (boolean withConfig : new boolean[] {true, false}) {
            Path dir = interruptedStart("interrupted-restart-" + withConfig, withConfig);
            Result r = cli("train", image.toString(), "--out", dir.toString(), "--preset", "tiny", "--steps", "2",
                    "--batch", "2", "--preview-every", "0", "--device", "cpu");
            assertEquals(0, r.code(), r.err());
            assertTrue(r.err().contains("starting again"), r.err());
            assertTrainedTo(dir, 2);
        }
        // without the config there is nothing to resume: the message says how to start again
        Path bare = interruptedStart("interrupted-bare", false);
        assertCleanError(cli("train", "--resume", bare.toString()), "sindiff train IMAGE --out " + bare);
    }

    @Test
    void gpuRequestedWithoutAGpu() {
        Assumptions.assumeTrue(Engine.getInstance().getGpuCount() == 0, "a GPU is visible here");
        Path o = tmp.resolve("gpu-run");
        assertCleanError(cli("train", image.toString(), "--out", o.toString(), "--device", "gpu"), "no CUDA GPU");
        assertFalse(Files.exists(o));
        assertCleanError(cli("sample", run.toString(), "--out", o.toString(), "--device", "gpu"), "no CUDA GPU");
    }
}
