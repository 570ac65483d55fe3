package dev.sindiff.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sindiff.TestImages;
import dev.sindiff.eval.ResultsCsv;
import dev.sindiff.image.ImageFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sindiff eval} end to end on a tiny run: text, JSON, CSV rows, the sweep and its chart, bad input. */
class EvalCliTest {
    @TempDir static Path tmp;
    private static Path run;
    private static Path samples;

    @BeforeAll
    static void trainAndSample() throws IOException {
        Path image = TestImages.writePattern(tmp, "pattern.png", 40, 32);
        run = tmp.resolve("run");
        CliTest.Result t = CliTest.cli("train", image.toString(), "--out", run.toString(), "--preset", "tiny", "--steps", "10",
                "--batch", "2", "--checkpoint-every", "10", "--device", "cpu");
        assertEquals(0, t.code(), t.err());
        samples = tmp.resolve("samples");
        CliTest.Result s = CliTest.cli("sample", run.toString(), "--out", samples.toString(), "--count", "3", "--steps", "4");
        assertEquals(0, s.code(), s.err());
    }

    @Test
    void evalOfAFolderPrintsMetricsAndTheirCalibration() {
        CliTest.Result r = CliTest.cli("eval", run.toString(), samples.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("3 sample(s)"), r.out()); // the contact sheet is not a sample
        for (String s : new String[] {"patch SWD", "diversity", "copy distance", "| shifted |", "| noise |"}) {
            assertTrue(r.out().contains(s), s + " in\n" + r.out());
        }
        // the reading places the SWD among the references
        assertTrue(r.out().matches("(?s).*patch SWD [0-9.]+ (lies between|is at or above|is below every).*"), r.out());
    }

    @Test
    void jsonAndCsvCarryTheSameNumbers() throws IOException {
        Path csv = tmp.resolve("results.csv");
        CliTest.Result r = CliTest.cli("eval", run.toString(), samples.toString(), "--json", "--csv", csv.toString(), "--label", "a,b");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(3, j.get("count").asInt());
        assertEquals(3, j.get("samples").size());
        assertEquals(6, j.get("calibration").size());
        assertEquals(0.0, j.get("calibration").get(0).get("swd").asDouble(), 1e-6); // the image against itself
        double swd = j.get("swd_mean").asDouble();
        assertTrue(swd > 0, "a 10-step model's samples are far from the image");
        assertTrue(j.get("diversity").asDouble() > 0);
        assertTrue(j.get("diversity_ceiling").asDouble() > 0); // the samples have the image's size
        assertEquals(10, j.get("train_steps").asInt());
        assertTrue(j.get("train_seconds").asDouble() > 0);
        // a second call appends a row under the same header
        assertEquals(0, CliTest.cli("eval", run.toString(), samples.resolve("sample-000.png").toString(),
                samples.resolve("sample-001.png").toString(), "--csv", csv.toString(), "--no-calibration").code());
        List<String> lines = Files.readAllLines(csv);
        assertEquals(3, lines.size(), String.join("\n", lines));
        assertEquals(ResultsCsv.HEADER, lines.get(0));
        assertTrue(lines.get(1).startsWith("\"a,b\","), lines.get(1));
        List<String> header = List.of(ResultsCsv.HEADER.split(","));
        String[] row = lines.get(1).substring("\"a,b\",".length()).split(",");
        assertEquals(swd, Double.parseDouble(row[header.indexOf("swd_mean") - 1]), 1e-4);
        assertEquals("tiny", row[header.indexOf("preset") - 1]);
        assertEquals("3", row[header.indexOf("samples") - 1]);
    }

    @Test
    void sweepComparesSamplersAndDrawsTheChart() throws IOException {
        Path chart = tmp.resolve("q.png");
        Path csv = tmp.resolve("sweep.csv");
        CliTest.Result r = CliTest.cli("eval", run.toString(), "--sweep", "--samplers", "ddim,dpm++2m,heun", "--steps", "2,3",
                "--count", "2", "--no-reference", "--chart", chart.toString(), "--csv", csv.toString(), "--json");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(6, j.get("samplers").size());
        JsonNode heun3 = j.get("samplers").get(5);
        assertEquals("heun", heun3.get("sampler").asText());
        assertEquals(5, heun3.get("evaluations").asInt()); // 2*3 - 1
        assertTrue(heun3.get("seconds_per_sample").asDouble() > 0);
        BufferedImage png = ImageFiles.readRgb(chart);
        assertEquals(900, png.getWidth());
        assertEquals(7, Files.readAllLines(csv).size());
    }

    @Test
    void plotDrawsOneLinePerLabelFromResultsCsvs() throws IOException {
        Path csv = tmp.resolve("curve.csv");
        Files.writeString(csv, ResultsCsv.HEADER + "\n"
                + "a,r,i,p,100,60.0,,,,8,,0.5,0.1,0.8,1.2,0\n"
                + "a,r,i,p,200,120.0,,,,8,,0.3,0.1,0.8,1.2,0\n"
                + "b,r,i,p,100,600.0,,,,8,,0.9,0.1,0.8,1.2,0\n");
        Path png = tmp.resolve("curve.png");
        CliTest.Result r = CliTest.cli("plot", csv.toString(), "--out", png.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(900, ImageFiles.readRgb(png).getWidth());
        assertEquals(2, dev.sindiff.eval.CsvSeries.read(List.of(csv), "train_seconds", "swd_mean", "label", 1 / 60.0).size());
        assertEquals(2.0, dev.sindiff.eval.CsvSeries.read(List.of(csv), "train_seconds", "swd_mean", "label", 1 / 60.0).get(0).x()[1], 1e-9);
        assertClean(CliTest.cli("plot", csv.toString(), "--out", png.toString(), "--y", "nope"), "no column 'nope'");
        assertClean(CliTest.cli("plot", tmp.resolve("missing.csv").toString(), "--out", png.toString()), "does not exist");
        assertClean(CliTest.cli("plot", csv.toString(), "--out", tmp.resolve("x.txt").toString()), ".png");
    }

    @Test
    void aFolderAnApplicationWroteIsScoredOnItsSamplesOnly() throws IOException {
        // what the application commands write: samples, a contact sheet and comparison.png, the
        // strip of inputs and results that holds the input itself (copy distance 0)
        Path app = Files.createDirectories(tmp.resolve("app"));
        for (int i = 0; i < 3; i++) {
            String f = String.format("sample-%03d.png", i);
            Files.copy(samples.resolve(f), app.resolve(f));
        }
        Files.copy(samples.resolve("contact-sheet.png"), app.resolve("contact-sheet.png"));
        Files.copy(run.resolve("train-image.png"), app.resolve("comparison.png"));
        Files.copy(run.resolve("train-image.png"), app.resolve("previews.png"));
        CliTest.Result r = CliTest.cli("eval", run.toString(), app.toString(), "--json", "--no-calibration");
        assertEquals(0, r.code(), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(3, j.get("count").asInt());
        for (JsonNode s : j.get("samples")) {
            assertTrue(s.get("file").asText().matches(".*sample-00[0-2]\\.png"), s.toString());
        }
        assertEquals(0, j.get("near_copies").asInt(), r.out());
        assertEquals("", r.err().strip());
    }

    @Test
    void aSampleOfAnotherSizeIsReportedAsSuch() throws IOException {
        Path wide = tmp.resolve("wide");
        CliTest.Result s = CliTest.cli("sample", run.toString(), "--out", wide.toString(), "--count", "1", "--steps", "3",
                "--size", "32x80");
        assertEquals(0, s.code(), s.err());
        Path odd = wide.resolve("sample-000.png");
        CliTest.Result r = CliTest.cli("eval", run.toString(), samples.toString(), odd.toString(), "--json", "--no-calibration");
        assertEquals(0, r.code(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().startsWith("warning: " + odd + " is 80x32 (WxH), unlike the other samples (40x32)"), r.err());
        JsonNode j = new ObjectMapper().readTree(r.out());
        assertEquals(4, j.get("count").asInt());
        assertTrue(j.get("diversity").isNull(), r.out());
        assertTrue(j.get("diversity_ceiling").isNull(), r.out());
    }

    @Test
    void badInputGetsOneLine() throws IOException {
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertClean(CliTest.cli("eval", run.toString()), "--sweep");
        assertClean(CliTest.cli("eval", run.toString(), samples.toString(), "--sweep"), "not both");
        assertClean(CliTest.cli("eval", run.toString(), samples.toString(), "--chart", "x.png"), "--chart needs --sweep");
        assertClean(CliTest.cli("eval", run.toString(), tmp.resolve("nope.png").toString()), "does not exist");
        assertClean(CliTest.cli("eval", run.toString(), empty.toString()), "has no images");
        assertClean(CliTest.cli("eval", run.toString(), "--sweep", "--samplers", "magic"), "--sampler");
        assertClean(CliTest.cli("eval", run.toString(), "--sweep", "--steps", "5000"), "--steps");
        Path notCsv = Files.writeString(tmp.resolve("other.csv"), "a,b\n1,2\n");
        assertClean(CliTest.cli("eval", run.toString(), samples.toString(), "--csv", notCsv.toString(), "--no-calibration"),
                "header differs");
        assertEquals("a,b\n1,2\n", Files.readString(notCsv));
    }

    private static void assertClean(CliTest.Result r, String expected) {
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(expected), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }
}
