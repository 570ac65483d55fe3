package dev.sindiff.chart;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sindiff.image.ImageFiles;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChartsTest {
    @TempDir
    Path tmp;

    @Test
    void emaIsBiasCorrectedAndFollowsASteadyValue() {
        double[] flat = Smoothing.ema(new double[] {3, 3, 3, 3}, 10);
        assertArrayEquals(new double[] {3, 3, 3, 3}, flat, 1e-12);
        // first point is the first value; the second is the (1-a)-weighted mean of the two
        double[] two = Smoothing.ema(new double[] {1, 0}, 3); // a = 0.5
        assertEquals(1, two[0], 1e-12);
        assertEquals((0.5 * 0.5 * 1 + 0.5 * 0) / (1 - 0.25), two[1], 1e-12);
        // a step from 1 to 0 decays geometrically
        double[] step = new double[200];
        java.util.Arrays.fill(step, 0, 100, 1);
        double[] s = Smoothing.ema(step, 19); // a = 0.9
        assertEquals(Math.pow(0.9, 10), s[109], 1e-3);
        assertEquals(5, Smoothing.spanFor(10));
        assertEquals(500, Smoothing.spanFor(1_000_000));
        assertThrows(IllegalArgumentException.class, () -> Smoothing.ema(new double[1], 0));
    }

    @Test
    void timelinePicksEvenlyWithBothEnds() {
        assertEquals(List.of(0, 1, 2), PreviewTimeline.pick(3, 8));
        List<Integer> p = PreviewTimeline.pick(100, 8);
        assertEquals(8, p.size());
        assertEquals(0, p.get(0));
        assertEquals(99, p.get(7));
        for (int i = 1; i < p.size(); i++) {
            assertTrue(p.get(i) > p.get(i - 1));
        }
    }

    @Test
    void timelineStacksRowsScaledToOneWidth() {
        BufferedImage a = solid(40, 10, Color.RED);
        BufferedImage b = solid(80, 20, Color.BLUE);
        BufferedImage t = PreviewTimeline.of(List.of(new PreviewTimeline.Frame(5, a), new PreviewTimeline.Frame(10, b)));
        // both rows are 80 wide, so 20 px high each, plus gaps
        assertTrue(t.getHeight() >= 40 && t.getHeight() <= 60, "height " + t.getHeight());
        int x = t.getWidth() - 10;
        assertEquals(Color.RED.getRGB(), t.getRGB(x, 10) | 0xFF000000);
        assertEquals(Color.BLUE.getRGB(), t.getRGB(x, t.getHeight() - 12) | 0xFF000000);
    }

    @Test
    void lossCurveIsWrittenAsAPng() throws IOException {
        int n = 5000;
        double[] steps = new double[n];
        double[] loss = new double[n];
        for (int i = 0; i < n; i++) {
            steps[i] = i + 1;
            loss[i] = 0.05 + 0.5 / (1 + i / 100.0) + 0.01 * Math.sin(i);
        }
        Path out = tmp.resolve("loss.png");
        Charts.lossCurve(steps, loss, "test", out);
        BufferedImage img = ImageFiles.readRgb(out);
        assertEquals(900, img.getWidth());
        assertEquals(520, img.getHeight());
        assertThrows(IllegalArgumentException.class, () -> Charts.lossCurve(new double[0], new double[0], "x", out));
    }

    private static BufferedImage solid(int w, int h, Color c) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(c);
        g.fillRect(0, 0, w, h);
        g.dispose();
        return img;
    }
}
