package dev.sindiff.eval;

import dev.sindiff.metric.CopyDistance;
import dev.sindiff.metric.Degradations;
import dev.sindiff.metric.Diversity;
import dev.sindiff.metric.EvalImages;
import dev.sindiff.metric.PatchSwd;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sindiff.UserError;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class EvaluationTest {
    private static NDManager m;
    private static NDArray train;

    @BeforeAll
    static void load() {
        m = NDManager.newBaseManager();
        train = EvalImages.load(m, EvalImages.HUBBLE_TRAIN); // 112 x 128, the shipped model's
    }

    @AfterAll
    static void close() {
        m.close();
    }

    @Test
    void reportCombinesTheMetrics() {
        NDArray small = EvalImages.load(m, EvalImages.HUBBLE, 56, 64);
        List<NDArray> samples = List.of(small, Degradations.blockShuffled(small, 2), Degradations.noise(small, 2));
        Evaluation.Report r = Evaluation.evaluate(small, samples, PatchSwd.Config.DEFAULT);
        assertEquals(3, r.sampleCount());
        assertEquals(0, r.swd()[0], 1e-6);
        assertTrue(r.swd()[0] < r.swd()[1] && r.swd()[1] < r.swd()[2], Arrays.toString(r.swd()));
        assertEquals(Arrays.stream(r.swd()).average().orElseThrow(), r.swdMean(), 1e-12);
        double var = Arrays.stream(r.swd()).map(v -> (v - r.swdMean()) * (v - r.swdMean())).sum() / 2;
        assertEquals(Math.sqrt(var), r.swdStd(), 1e-12);
        assertEquals(PatchSwd.autoLevels(56, 64), r.swdPerLevel().length);
        assertNotNull(r.diversity());
        assertEquals(Diversity.of(samples, small), r.diversity(), 1e-12);
        assertEquals(Diversity.rowKeptCeiling(small, 3), r.diversityCeiling(), 1e-12);
        assertTrue(r.summary().contains(String.format(Locale.ROOT, "at most %.3f", r.diversityCeiling())), r.summary());
        assertEquals(0, r.copyDistance()[0], 1e-6);
        assertEquals(r.copyDistance()[0], r.minCopyDistance());
        assertEquals(1, r.nearCopies());
        assertTrue(r.summary().contains("near-copies"), r.summary());
    }

    @Test
    void diversityIsNullWhenUndefined() {
        NDArray wide = train.concat(train, 3);
        Evaluation.Report mixed = Evaluation.evaluate(train, List.of(train, wide), PatchSwd.Config.DEFAULT);
        assertNull(mixed.diversity());
        assertTrue(mixed.diversityNote().contains("one size"), mixed.diversityNote());
        assertTrue(mixed.summary().contains("n/a"));
        assertNull(mixed.diversityCeiling());
        // samples of another size than the image's: a diversity, but no row-kept ceiling
        Evaluation.Report wider = Evaluation.evaluate(train, List.of(wide, Degradations.shifted(wide)), PatchSwd.Config.DEFAULT);
        assertNotNull(wider.diversity());
        assertNull(wider.diversityCeiling());
        assertEquals(2, mixed.nearCopies(), "a copy and a tiled copy");
        assertEquals(PatchSwd.autoLevels(112, 128), mixed.swdPerLevel().length);
        Evaluation.Report one = Evaluation.evaluate(train, List.of(Degradations.noise(train, 1)), PatchSwd.Config.DEFAULT);
        assertNull(one.diversity());
        assertEquals(0, one.swdStd());
        assertThrows(UserError.class, () -> Evaluation.evaluate(train, List.of(), PatchSwd.Config.DEFAULT));
    }

    @Test
    void calibrationOnTheShippedTrainingImage() {
        List<Evaluation.CalibrationRow> rows = Evaluation.calibrate(train, PatchSwd.Config.DEFAULT);
        System.out.println("Calibration on " + EvalImages.HUBBLE_TRAIN + " (112x128):");
        System.out.print(Evaluation.formatCalibration(rows));
        List<String> names = rows.stream().map(Evaluation.CalibrationRow::name).toList();
        assertEquals(List.of("self", "shifted", "blurred", "block-shuffled", "noise", "flipped"), names);
        double[] swd = rows.stream().mapToDouble(Evaluation.CalibrationRow::swd).toArray();
        double[] copy = rows.stream().mapToDouble(Evaluation.CalibrationRow::copyDistance).toArray();
        assertTrue(swd[0] < 1e-5 && swd[0] < swd[1] && swd[1] < swd[2] && swd[0] < swd[3] && swd[3] < swd[4],
                Arrays.toString(swd));
        assertTrue(CopyDistance.isNearCopy(copy[0]) && CopyDistance.isNearCopy(copy[1]), Arrays.toString(copy));
        assertFalse(CopyDistance.isNearCopy(copy[3]) || CopyDistance.isNearCopy(copy[4]), Arrays.toString(copy));
        // finer detail for the README: per-level SWD and the copy distance of lighter blurs
        for (double sigma : new double[] {0.5, 1, 2}) {
            NDArray b = Degradations.blurred(train, sigma);
            System.out.printf(Locale.ROOT, "blur sigma %.1f: SWD per level %s, copy distance %.3f%n", sigma,
                    fmt(PatchSwd.distance(b, train).perLevel()), CopyDistance.of(b, train));
        }
        assertTrue(CopyDistance.isNearCopy(CopyDistance.of(Degradations.blurred(train, 1), train)));
    }

    @Test
    void shippedModelSamplesAreNeitherCopiesNorIdentical() {
        // three of the 8 samples in the README's contact sheet (3 columns of 128 px, 4 px gaps)
        NDArray sheet = EvalImages.load(m, Path.of("models/hubble/showcase-samples.png"));
        List<NDArray> samples = new ArrayList<>();
        for (int k : new int[] {1, 3, 7}) {
            int y = k / 3 * 116;
            int x = k % 3 * 132;
            samples.add(sheet.get(":, :, {}:{}, {}:{}", y, y + 112, x, x + 128));
        }
        Evaluation.Report r = Evaluation.evaluate(train, samples, PatchSwd.Config.DEFAULT);
        System.out.print("Shipped model samples 1, 3, 7 of models/hubble/showcase-samples.png:\n" + r.summary());
        System.out.println("  SWD " + fmt(r.swd()) + ", copy distance " + fmt(r.copyDistance()));
        assertEquals(0, r.nearCopies());
        assertTrue(r.minCopyDistance() > 1, "min copy distance " + r.minCopyDistance());
        assertTrue(r.diversity() > 0.3, "diversity " + r.diversity());
    }

    private static String fmt(double[] v) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < v.length; i++) {
            sb.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", v[i]));
        }
        return sb.append(']').toString();
    }
}
