package dev.sindiff.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sindiff.image.ImageFiles;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that takes a run directory, given an image file instead: its training-free
 * closed-form patch model, on a 60x40 image with a blue top half and a green bottom half.
 */
class ImageInputCliTest {
    private static final int W = 60;
    private static final int H = 40;
    @TempDir static Path tmp;
    static Path image;

    static Path large;

    @BeforeAll
    static void writeImages() throws IOException {
        image = tmp.resolve("two-halves.png");
        ImageFiles.writePng(twoHalves(W, H), image);
        large = tmp.resolve("large.png");
        ImageFiles.writePng(twoHalves(120, 80), large);
    }

    /** Samples the 120x80 image at --max-size 48 (48x32) into {@code out}, with 2 steps. */
    private static CliTest.Result sampleLarge(String out, int count) {
        return CliTest.cli("sample", large.toString(), "--out", tmp.resolve(out).toString(), "--count", String.valueOf(count),
                "--steps", "2", "--max-size", "48", "--device", "cpu");
    }

    /** Blue-family noise above, green-family noise below: a layout a sample must keep. */
    static BufferedImage twoHalves(int w, int h) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        Random r = new Random(5);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                Color c = y < h / 2 ? new Color(20 + r.nextInt(50), 50 + r.nextInt(50), 170 + r.nextInt(80))
                        : new Color(30 + r.nextInt(50), 140 + r.nextInt(80), 20 + r.nextInt(40));
                img.setRGB(x, y, c.getRGB());
            }
        }
        return img;
    }

    /** Runs a command on the image, one result with 3 steps unless {@code args} say otherwise. */
    private static CliTest.Result run(String command, String out, String... args) {
        List<String> all = new ArrayList<>(List.of(command, image.toString(), "--out", tmp.resolve(out).toString(), "--device", "cpu"));
        all.addAll(Arrays.asList(args));
        for (String[] d : new String[][] {{"--count", "1"}, {"--steps", "3"}}) {
            if (!all.contains(d[0])) {
                all.addAll(List.of(d));
            }
        }
        return CliTest.cli(all.toArray(String[]::new));
    }

    private static BufferedImage result(String out, int i) {
        return ImageFiles.readRgb(tmp.resolve(out).resolve(String.format("sample-%03d.png", i)));
    }

    private static Path mask(String name, int x, int y, int w, int h) throws IOException {
        BufferedImage m = new BufferedImage(W, H, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = m.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(x, y, w, h);
        g.dispose();
        Path p = tmp.resolve(name);
        ImageIO.write(m, "png", p.toFile());
        return p;
    }

    /** Mean of blue minus green over rows [from, to). */
    private static double blueOverGreen(BufferedImage img, int from, int to) {
        double sum = 0;
        for (int y = from; y < to; y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int p = img.getRGB(x, y);
                sum += (p & 0xff) - (p >> 8 & 0xff);
            }
        }
        return sum / ((to - from) * img.getWidth());
    }

    private static void assertUserError(CliTest.Result r, String... expected) {
        assertEquals(Main.EXIT_USER_ERROR, r.code(), r.err());
        for (String e : expected) {
            assertTrue(r.err().contains(e), r.err());
        }
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    }

    /**
     * Asserts that every pixel outside the rectangle (x, y, w, h) of {@code out} is {@code in}'s,
     * and that some inside differ.
     */
    private static void assertKeptOutside(BufferedImage in, BufferedImage out, int rx, int ry, int rw, int rh, String what) {
        int changed = 0;
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                boolean inside = x >= rx && x < rx + rw && y >= ry && y < ry + rh;
                if (!inside) {
                    assertEquals(in.getRGB(x, y), out.getRGB(x, y), what + ": pixel " + x + "," + y + " outside the mask changed");
                } else if (in.getRGB(x, y) != out.getRGB(x, y)) {
                    changed++;
                }
            }
        }
        assertTrue(changed > 0, what + ": nothing changed under the mask");
    }

    @Test
    void nearCopiesAreDrawnAgainUnlessCopiesAreAllowed() throws IOException {
        CliTest.Result guarded = run("sample", "guarded", "--count", "4", "--seed", "2", "--json");
        CliTest.Result allowed = run("sample", "allowed", "--count", "4", "--seed", "2", "--json", "--allow-copies");
        assertEquals(0, guarded.code(), guarded.err());
        assertEquals(0, allowed.code(), allowed.err());
        JsonNode g = new ObjectMapper().readTree(guarded.out());
        JsonNode a = new ObjectMapper().readTree(allowed.out());
        assertEquals(0, a.get("redrawn").asInt());
        int redrawn = g.get("redrawn").asInt();
        assertTrue(redrawn >= 1, "seed 2 makes a near-copy of this image: " + guarded.err());
        int changed = 0;
        for (int i = 0; i < 4; i++) {
            BufferedImage x = result("guarded", i);
            BufferedImage y = result("allowed", i);
            changed += Arrays.equals(x.getRGB(0, 0, W, H, null, 0, W), y.getRGB(0, 0, W, H, null, 0, W)) ? 0 : 1;
        }
        assertTrue(changed >= 1 && changed <= redrawn, "only images drawn again differ: " + changed + " of " + redrawn);
        assertTrue(redrawn == 0 ? g.get("evaluations").asLong() == a.get("evaluations").asLong()
                : g.get("evaluations").asLong() > a.get("evaluations").asLong(), "re-draws cost evaluations");
        assertTrue(redrawn == 0 || guarded.err().contains(redrawn + " drawn again"), guarded.err());
    }

    @Test
    void samplesOfAnImageHaveItsWorkingSizeDifferAndKeepItsLayout() {
        CliTest.Result r = run("sample", "samples", "--count", "3", "--seed", "4");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("closed-form patch posterior mean"), r.err());
        List<BufferedImage> images = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            BufferedImage img = result("samples", i);
            assertEquals(W, img.getWidth());
            assertEquals(H, img.getHeight());
            assertTrue(blueOverGreen(img, 0, H / 2 - 3) > 40, "sample " + i + ": the top stays blue");
            assertTrue(blueOverGreen(img, H / 2 + 3, H) < -40, "sample " + i + ": the bottom stays green");
            images.add(img);
        }
        for (int i = 0; i < 3; i++) {
            for (int j = i + 1; j < 3; j++) {
                assertTrue(SampleCliTest.maxDifference(images.get(i), images.get(j)) > 30, "samples " + i + " and " + j + " differ");
            }
        }
        assertTrue(Files.isRegularFile(tmp.resolve("samples").resolve("contact-sheet.png")));
    }

    @Test
    void maxSizeScalesALargerImageDownAndCanvasOptionsWork() throws IOException {
        CliTest.Result r = sampleLarge("small", 1);
        assertEquals(0, r.code(), r.err());
        assertEquals(48, result("small", 0).getWidth());
        assertEquals(32, result("small", 0).getHeight());
        CliTest.Result wide = run("sample", "wide", "--steps", "2", "--scale-w", "1.5", "--seamless");
        assertEquals(0, wide.code(), wide.err());
        assertEquals(90, result("wide", 0).getWidth());
        assertEquals(H, result("wide", 0).getHeight());
        CliTest.Result info = CliTest.cli("info", large.toString(), "--max-size", "48", "--json");
        assertEquals(0, info.code(), info.err());
        JsonNode j = new ObjectMapper().readTree(info.out());
        assertEquals(32, j.get("height").asInt());
        assertEquals(48, j.get("width").asInt());
        assertEquals(80, j.get("originalHeight").asInt());
    }

    @Test
    void optionsOnlyANetworkHasAreRefusedWithOneLine() {
        String[][] refused = {
            {"--weights", "raw"}, {"--weights", "ema"}, {"--tile", "128"}, {"--overlap", "8"}, {"--coarse", "none"},
            {"--coarse", "patch"}, {"--relay", "2"}, {"--relay-strength", "0.3"}, {"--relay-block-mix", "0.1"},
        };
        for (String[] o : refused) {
            CliTest.Result r = run("sample", "refused", o);
            assertUserError(r, o[0], "image file");
        }
        assertUserError(run("img2img", "refused", "--input", image.toString(), "--weights", "raw"), "--weights");
        assertUserError(CliTest.cli("eval", image.toString(), "--sweep"), "--sweep");
        assertFalse(Files.exists(tmp.resolve("refused")), "nothing written after a refusal");
        // --max-size is for images only
        assertUserError(CliTest.cli("sample", "models/hubble", "--out", tmp.resolve("r2").toString(), "--max-size", "64"),
                "--max-size", "run directory");
        assertUserError(CliTest.cli("info", "models/hubble", "--max-size", "64"), "--max-size");
        // neither a run nor a readable image
        assertUserError(CliTest.cli("sample", tmp.resolve("missing.png").toString(), "--out", tmp.resolve("r3").toString()),
                "does not exist");
        assertUserError(CliTest.cli("info", tmp.resolve("missing.png").toString()), "does not exist");
        // smaller than a patch at its working size: sample and info say so alike
        for (String[] args : new String[][] {{"info", image.toString(), "--max-size", "14"},
                {"sample", image.toString(), "--out", tmp.resolve("r4").toString(), "--max-size", "14"}}) {
            assertUserError(CliTest.cli(args), "14x9 (WxH)", "at least 15 px", "--max-size");
        }
    }

    @Test
    void aFileThatIsNotAnImageGetsOneLine() throws IOException {
        Path text = tmp.resolve("notes.png");
        Files.writeString(text, "not an image");
        assertUserError(CliTest.cli("sample", text.toString(), "--out", tmp.resolve("r4").toString()), "notes.png");
        assertUserError(CliTest.cli("info", text.toString()), "notes.png");
    }

    @Test
    void eachApplicationRunsOnAnImageFileAndKeepsItsInvariant() throws IOException {
        BufferedImage in = ImageFiles.readRgb(image);
        CliTest.Result same = run("img2img", "i2i0", "--input", image.toString(), "--strength", "0");
        assertEquals(0, same.code(), same.err());
        assertEquals(0, SampleCliTest.maxDifference(in, result("i2i0", 0)), "img2img at strength 0 returns the input");
        CliTest.Result i2i = run("img2img", "i2i", "--input", image.toString(), "--strength", "0.5");
        assertEquals(0, i2i.code(), i2i.err());
        assertTrue(SampleCliTest.maxDifference(in, result("i2i", 0)) > 0);

        // a red square pasted over both halves: filled, harmonized or edited under the mask only
        Path hole = mask("hole.png", 20, 10, 16, 14);
        BufferedImage pasted = ImageFiles.readRgb(image);
        Graphics2D g = pasted.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(20, 10, 16, 14);
        g.dispose();
        Path pastedFile = tmp.resolve("pasted.png");
        ImageFiles.writePng(pasted, pastedFile);
        String[][] masked = {{"inpaint", "--resample", "1"}, {"harmonize", "--strength", "0.6"}, {"edit", "--strength", "0.6"}};
        for (String[] c : masked) {
            List<String> args = new ArrayList<>(List.of("--input", pastedFile.toString(), "--mask", hole.toString()));
            args.addAll(Arrays.asList(c).subList(1, c.length));
            CliTest.Result r = run(c[0], c[0], args.toArray(String[]::new));
            assertEquals(0, r.code(), c[0] + ": " + r.err());
            assertKeptOutside(pasted, result(c[0], 0), 20, 10, 16, 14, c[0]);
        }

        CliTest.Result outpaint = run("outpaint", "outpaint", "--right", "20", "--top", "4", "--resample", "1");
        assertEquals(0, outpaint.code(), outpaint.err());
        BufferedImage grown = result("outpaint", 0);
        assertEquals(W + 20, grown.getWidth());
        assertEquals(H + 4, grown.getHeight());
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                assertEquals(in.getRGB(x, y), grown.getRGB(x, y + 4), "outpaint keeps pixel " + x + "," + y);
            }
        }

        CliTest.Result up = run("upscale", "up", "--factor", "1.5", "--strength", "0.3");
        assertEquals(0, up.code(), up.err());
        assertEquals(90, result("up", 0).getWidth());
        assertEquals(60, result("up", 0).getHeight());

        CliTest.Result guide = run("guide", "guide", "--reference", image.toString());
        assertEquals(0, guide.code(), guide.err());
        assertEquals(W, result("guide", 0).getWidth());
        assertTrue(guide.err().contains("score of the results"), guide.err());
    }

    @Test
    void infoNamesTheClosedFormDenoiser() throws IOException {
        CliTest.Result text = CliTest.cli("info", image.toString());
        assertEquals(0, text.code(), text.err());
        assertTrue(text.out().contains("denoiser         closed-form patch posterior mean (training-free), P = 15"), text.out());
        assertTrue(text.out().contains("working size " + H + "x" + W), text.out());
        CliTest.Result json = CliTest.cli("info", image.toString(), "--json");
        assertEquals(0, json.code(), json.err());
        JsonNode j = new ObjectMapper().readTree(json.out());
        assertEquals("closed-form patch posterior mean", j.get("denoiser").asText());
        assertTrue(j.get("trainingFree").asBoolean());
        assertEquals(15, j.get("patch").asInt());
        assertEquals(H, j.get("height").asInt());
        CliTest.Result run = CliTest.cli("info", "models/hubble");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().contains("denoiser         UNet, trained "), run.out());
        JsonNode r = new ObjectMapper().readTree(CliTest.cli("info", "models/hubble", "--json").out());
        assertTrue(r.get("denoiser").asText().startsWith("UNet, trained "), r.toString());
    }

    @Test
    void evalMeasuresSamplesAgainstTheImageAtItsWorkingSize() throws IOException {
        CliTest.Result s = sampleLarge("eval-samples", 2);
        assertEquals(0, s.code(), s.err());
        CliTest.Result e = CliTest.cli("eval", large.toString(), tmp.resolve("eval-samples").toString(), "--max-size", "48",
                "--json", "--no-calibration", "--projections", "16");
        assertEquals(0, e.code(), e.err());
        JsonNode j = new ObjectMapper().readTree(e.out());
        assertEquals(32, j.get("height").asInt());
        assertEquals(48, j.get("width").asInt());
        assertEquals("closed-form", j.get("preset").asText());
        assertEquals(2, j.get("count").asInt());
        assertTrue(j.get("swd_mean").asDouble() > 0, j.toString());
    }
}
