package dev.sindiff.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sindiff.image.ImageFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every application subcommand on the shipped model with the README's example inputs, and its errors. */
class ApplicationsCliTest {
    private static final String MODEL = "models/hubble";
    private static final String EDITS = "samples/edits/";
    @TempDir static Path tmp;

    private static CliTest.Result run(String command, String out, String... args) {
        List<String> all = new ArrayList<>(List.of(command, MODEL, "--out", tmp.resolve(out).toString(),
                "--count", "1", "--steps", "3", "--device", "cpu"));
        all.addAll(Arrays.asList(args));
        return CliTest.cli(all.toArray(String[]::new));
    }

    private static BufferedImage result(String out) {
        return ImageFiles.readRgb(tmp.resolve(out).resolve("sample-000.png"));
    }

    private static void assertUserError(CliTest.Result r, String expected) {
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
    }

    @Test
    void eachApplicationWritesResultsOfTheRightSizeAndAComparison() throws IOException {
        String[][] cases = {
            {"img2img", "i2i", "--input", EDITS + "layout.png"},
            {"inpaint", "inpaint", "--input", MODEL + "/train-image.png", "--mask", EDITS + "hole-mask.png"},
            {"harmonize", "harm", "--input", EDITS + "pasted.png", "--mask", EDITS + "pasted-mask.png"},
            {"edit", "edit", "--input", EDITS + "rearranged.png", "--mask", EDITS + "rearranged-mask.png"},
            {"guide", "guide", "--reference", EDITS + "layout.png"},
        };
        for (String[] c : cases) {
            CliTest.Result r = run(c[0], c[1], Arrays.copyOfRange(c, 2, c.length));
            assertEquals(0, r.code(), c[0] + ": " + r.err());
            BufferedImage img = result(c[1]);
            assertEquals(128, img.getWidth(), c[0]);
            assertEquals(112, img.getHeight(), c[0]);
            assertTrue(Files.isRegularFile(tmp.resolve(c[1]).resolve("contact-sheet.png")), c[0]);
            assertTrue(Files.isRegularFile(tmp.resolve(c[1]).resolve("comparison.png")), c[0]);
        }
        CliTest.Result out = run("outpaint", "out", "--right", "40", "--top", "8");
        assertEquals(0, out.code(), out.err());
        assertEquals(168, result("out").getWidth());
        assertEquals(120, result("out").getHeight());
        CliTest.Result up = run("upscale", "up", "--factor", "1.5");
        assertEquals(0, up.code(), up.err());
        assertEquals(192, result("up").getWidth());
        assertEquals(168, result("up").getHeight());
        CliTest.Result g = run("guide", "scored", "--scorer", "src/test/resources/scorers/mean-sq.pt", "--size", "32x48");
        assertEquals(0, g.code(), g.err());
        assertTrue(g.err().contains("score of the results"), g.err());
        assertEquals(48, result("scored").getWidth());
    }

    @Test
    void inpaintingResizesAMaskOfTheSameAspectRatio() throws IOException {
        BufferedImage small = new BufferedImage(64, 56, BufferedImage.TYPE_BYTE_GRAY);
        small.getGraphics().fillRect(20, 20, 10, 10); // white square on black
        Path mask = tmp.resolve("half-size-mask.png");
        ImageIO.write(small, "png", mask.toFile());
        CliTest.Result r = run("inpaint", "resized", "--input", MODEL + "/train-image.png", "--mask", mask.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("resized to the image's 128x112"), r.err());
    }

    @Test
    void aFullResolutionPhotoIsScaledToTheModelsScale() {
        CliTest.Result r = run("img2img", "photo", "--input", "samples/hubble_deep_field.jpg", "--strength", "0.3");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("scaled to 128x112"), r.err());
        assertEquals(128, result("photo").getWidth());
        assertEquals(112, result("photo").getHeight());
    }

    @Test
    void badInputsGetOneLineAndExitCodeTwo() throws IOException {
        BufferedImage black = new BufferedImage(128, 112, BufferedImage.TYPE_BYTE_GRAY);
        Path empty = tmp.resolve("empty-mask.png");
        ImageIO.write(black, "png", empty.toFile());
        Path square = tmp.resolve("square-mask.png");
        ImageIO.write(new BufferedImage(50, 50, BufferedImage.TYPE_INT_RGB), "png", square.toFile());
        String train = MODEL + "/train-image.png";
        assertUserError(run("img2img", "e1", "--input", train, "--strength", "1.5"), "--strength must be in [0, 1]");
        assertUserError(run("inpaint", "e2", "--input", train, "--mask", empty.toString()), "no white pixels");
        assertUserError(run("inpaint", "e3", "--input", train, "--mask", square.toString()), "aspect ratio");
        assertUserError(run("harmonize", "e4", "--input", train, "--mask", "missing.png"), "missing.png");
        assertUserError(run("outpaint", "e5"), "give at least one margin");
        assertUserError(run("upscale", "e6", "--factor", "0.5"), "--factor must be in (1, 16]");
        assertUserError(run("guide", "e7"), "exactly one of --reference");
        assertUserError(run("guide", "e8", "--reference", EDITS + "layout.png", "--window", "0.2:1"), "--window must be FROM:TO");
        assertUserError(run("guide", "e9", "--scorer", "src/test/resources/scorers/not-scalar.pt"), "one value per image");
        assertUserError(run("inpaint", "e10", "--input", train, "--mask", EDITS + "hole-mask.png", "--resample", "0"), "--resample");
        for (String e : new String[] {"e1", "e2", "e3", "e4", "e5", "e6", "e7", "e8", "e9", "e10"}) {
            assertTrue(!Files.exists(tmp.resolve(e).resolve("sample-000.png")), "no output after an error: " + e);
        }
    }

    @Test
    void aMaskOnATransparentLayerKeepsWhatIsTransparent() throws IOException {
        String input = MODEL + "/train-image.png";
        BufferedImage in = ImageFiles.readRgb(Path.of(input));
        Path disc = tmp.resolve("disc-mask.png");
        ImageIO.write(dev.sindiff.TestImages.discOnTransparent(in.getWidth(), in.getHeight()), "png", disc.toFile());
        CliTest.Result r = run("inpaint", "rgba", "--input", input, "--mask", disc.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(!r.err().contains("warning"), r.err());
        BufferedImage out = result("rgba");
        int kept = 0;
        int changed = 0;
        for (int y = 0; y < in.getHeight(); y++) {
            for (int x = 0; x < in.getWidth(); x++) {
                boolean same = in.getRGB(x, y) == out.getRGB(x, y);
                double dy = (y + 0.5 - in.getHeight() / 2.0) / (in.getHeight() / 4.0);
                double dx = (x + 0.5 - in.getWidth() / 2.0) / (in.getWidth() / 4.0);
                if (dx * dx + dy * dy > 1.2) { // clear of the disc's edge
                    kept += same ? 1 : 0;
                    assertTrue(same, "pixel " + x + "," + y + " outside the disc changed");
                } else if (dx * dx + dy * dy < 0.8) {
                    changed += same ? 0 : 1;
                }
            }
        }
        assertTrue(kept > 0 && changed > 0, kept + " kept, " + changed + " changed");
    }

    @Test
    void aMaskCoveringNearlyEverythingGetsAWarning() throws IOException {
        BufferedImage in = ImageFiles.readRgb(Path.of(MODEL, "train-image.png"));
        BufferedImage white = new BufferedImage(in.getWidth(), in.getHeight(), BufferedImage.TYPE_BYTE_GRAY);
        java.awt.Graphics2D g = white.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(2, 0, in.getWidth() - 2, in.getHeight());
        g.dispose();
        Path mask = tmp.resolve("nearly-all.png");
        ImageIO.write(white, "png", mask.toFile());
        CliTest.Result r = run("inpaint", "nearly-all", "--input", MODEL + "/train-image.png", "--mask", mask.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.err().contains("warning: mask " + mask + " covers 98% of the image"), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("warning")).count(), r.err());
    }

    @Test
    void everyApplicationHasHelp() {
        for (String c : new String[] {"img2img", "inpaint", "outpaint", "harmonize", "edit", "upscale", "guide"}) {
            CliTest.Result r = CliTest.cli(c, "--help");
            assertEquals(0, r.code(), c);
            assertTrue(r.out().contains("--out") && r.out().contains("--seed") && r.out().contains("RUN_DIR"), c + ": " + r.out());
        }
    }

    @Test
    void sampleTilesWrapsAndRelays() {
        String[][] cases = {
            {"tiled", "--size", "64x320", "--tile", "96", "--overlap", "32"},
            {"auto", "--size", "64x320", "--max-memory", "1g"},
            {"seamless", "--size", "64x64", "--seamless"},
            {"relay", "--size", "64x192", "--relay", "2"},
        };
        for (String[] c : cases) {
            List<String> args = new ArrayList<>(List.of("sample", MODEL, "--out", tmp.resolve("s-" + c[0]).toString(), "--count", "1",
                    "--steps", "4", "--device", "cpu"));
            args.addAll(Arrays.asList(c).subList(1, c.length));
            CliTest.Result r = CliTest.cli(args.toArray(String[]::new));
            assertEquals(0, r.code(), c[0] + ": " + r.err());
            BufferedImage img = result("s-" + c[0]);
            assertEquals(Integer.parseInt(c[2].split("x")[1]), img.getWidth(), c[0]);
        }
        assertUserError(CliTest.cli("sample", MODEL, "--out", tmp.resolve("bad1").toString(), "--tile", "64", "--overlap", "40"),
                "--tile must be at least twice --overlap");
        assertUserError(CliTest.cli("sample", MODEL, "--out", tmp.resolve("bad2").toString(), "--max-memory", "lots"),
                "--max-memory must be a size");
        assertUserError(CliTest.cli("sample", MODEL, "--out", tmp.resolve("bad3").toString(), "--relay", "1"),
                "--relay factor must be >= 2");
    }
}
