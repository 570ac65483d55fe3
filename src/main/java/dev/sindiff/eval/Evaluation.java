package dev.sindiff.eval;

import dev.sindiff.metric.CopyDistance;
import dev.sindiff.metric.Degradations;
import dev.sindiff.metric.Diversity;
import dev.sindiff.metric.LayoutDistance;
import dev.sindiff.metric.PatchSwd;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import dev.sindiff.UserError;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Weight-free quality report for a set of samples from a single-image model: patch SWD against
 * the training image (fidelity), SinGAN's diversity, and the copy distance (memorisation); and a
 * calibration table of the same metrics on degraded versions of the training image, which gives
 * the numbers a scale.
 */
public final class Evaluation {
    private Evaluation() {}

    /**
     * @param swd total patch SWD of each sample (lower = closer to the training image's patches)
     * @param swdMean mean of {@code swd}
     * @param swdStd sample standard deviation of {@code swd} (0 for one sample)
     * @param swdPerLevel mean SWD of each pyramid level over the samples that have it, finest first
     * @param diversity SinGAN's diversity, or null when it is not defined (see {@code diversityNote})
     * @param diversityNote why {@code diversity} is null, else null
     * @param diversityCeiling the most diversity these samples could have with the training image's
     *     rows kept ({@link Diversity#rowKeptCeiling}), or null unless the diversity is defined
     *     and the samples have the training image's size
     * @param copyDistance copy distance of each sample ({@link CopyDistance})
     * @param minCopyDistance smallest of {@code copyDistance}
     * @param nearCopies how many samples are near-copies ({@link CopyDistance#isNearCopy})
     * @param layout layout distance of each sample ({@link LayoutDistance})
     * @param layoutMean mean of {@code layout}
     */
    public record Report(
            double[] swd,
            double swdMean,
            double swdStd,
            double[] swdPerLevel,
            Double diversity,
            String diversityNote,
            Double diversityCeiling,
            double[] copyDistance,
            double minCopyDistance,
            int nearCopies,
            double[] layout,
            double layoutMean) {

        public int sampleCount() {
            return swd.length;
        }

        /** A few lines of plain text. */
        public String summary() {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "samples          %d%n", swd.length));
            sb.append(String.format(Locale.ROOT, "patch SWD        %.3f ± %.3f (per level:", swdMean, swdStd));
            for (double v : swdPerLevel) {
                sb.append(String.format(Locale.ROOT, " %.3f", v));
            }
            sb.append(")\n");
            sb.append("diversity        ")
                    .append(diversity == null ? "n/a (" + diversityNote + ")"
                            : String.format(Locale.ROOT, "%.3f", diversity))
                    .append(diversityCeiling == null ? ""
                            : String.format(Locale.ROOT, " (at most %.3f with the image's rows kept)", diversityCeiling))
                    .append('\n');
            sb.append(String.format(Locale.ROOT, "copy distance    min %.3f; near-copies (< %.2f): %d of %d%n",
                    minCopyDistance, CopyDistance.NEAR_COPY, nearCopies, swd.length));
            sb.append(String.format(Locale.ROOT, "layout distance  %.4f (row colours; 0 = the image's own rows)%n", layoutMean));
            return sb.toString();
        }
    }

    /** One line of the calibration table. */
    public record CalibrationRow(String name, String description, double swd, double copyDistance, double layout) {}

    /** Evaluates {@code samples} (each (1, 3, H, W) in [-1, 1], any size) against {@code train}. */
    public static Report evaluate(NDArray train, List<NDArray> samples, PatchSwd.Config swdConfig) {
        if (samples.isEmpty()) {
            throw new UserError("no samples to evaluate");
        }
        int n = samples.size();
        double[] swd = new double[n];
        double[] copy = new double[n];
        double[] layout = new double[n];
        double layoutSum = 0;
        double[] levelSum = new double[0];
        int[] levelCount = new int[0];
        for (int i = 0; i < n; i++) {
            PatchSwd.Result r = PatchSwd.distance(samples.get(i), train, swdConfig);
            swd[i] = r.total();
            if (r.perLevel().length > levelSum.length) {
                levelSum = Arrays.copyOf(levelSum, r.perLevel().length);
                levelCount = Arrays.copyOf(levelCount, r.perLevel().length);
            }
            for (int l = 0; l < r.perLevel().length; l++) {
                levelSum[l] += r.perLevel()[l];
                levelCount[l]++;
            }
            copy[i] = CopyDistance.of(samples.get(i), train);
            layout[i] = LayoutDistance.of(samples.get(i), train);
            layoutSum += layout[i];
        }
        double[] perLevel = new double[levelSum.length];
        for (int l = 0; l < perLevel.length; l++) {
            perLevel[l] = levelSum[l] / levelCount[l];
        }
        double mean = 0;
        for (double v : swd) {
            mean += v;
        }
        mean /= n;
        double var = 0;
        for (double v : swd) {
            var += (v - mean) * (v - mean);
        }
        double std = n > 1 ? Math.sqrt(var / (n - 1)) : 0;
        Double diversity = null;
        Double ceiling = null;
        String note = null;
        try {
            diversity = Diversity.of(samples, train);
            if (spatial(samples.get(0)).equals(spatial(train))) {
                ceiling = Diversity.rowKeptCeiling(train, n);
            }
        } catch (UserError e) {
            note = e.getMessage();
        }
        double min = Double.POSITIVE_INFINITY;
        int near = 0;
        for (double d : copy) {
            min = Math.min(min, d);
            if (CopyDistance.isNearCopy(d)) {
                near++;
            }
        }
        return new Report(swd, mean, std, perLevel, diversity, note, ceiling, copy, min, near, layout, layoutSum / n);
    }

    /**
     * The samples whose size is not the one most of them have (the first such size on a tie):
     * their SWD and copy distance are still their own, but they take no part in the diversity,
     * which compares samples pixel by pixel.
     *
     * @param samples each (1, 3, H, W) or (3, H, W)
     * @return indices into {@code samples}, in order; empty when all have one size
     */
    public static List<Integer> oddSized(List<NDArray> samples) {
        Map<Shape, Integer> counts = new LinkedHashMap<>();
        for (NDArray s : samples) {
            counts.merge(spatial(s), 1, Integer::sum);
        }
        Shape common = null;
        for (Map.Entry<Shape, Integer> e : counts.entrySet()) {
            if (common == null || e.getValue() > counts.get(common)) {
                common = e.getKey();
            }
        }
        List<Integer> odd = new ArrayList<>();
        for (int i = 0; i < samples.size(); i++) {
            if (!spatial(samples.get(i)).equals(common)) {
                odd.add(i);
            }
        }
        return odd;
    }

    /** (H, W) of an image tensor. */
    private static Shape spatial(NDArray x) {
        Shape s = x.getShape();
        return new Shape(s.get(s.dimension() - 2), s.get(s.dimension() - 1));
    }

    /**
     * SWD and copy distance of reference images made from {@code train}: itself, a wrap-around
     * shift, a Gaussian blur (sigma 2), 16-px blocks shuffled, noise with its per-channel
     * mean and std (seeded with {@code c.seed()}), and the image upside down (the layout inverted).
     */
    public static List<CalibrationRow> calibrate(NDArray train, PatchSwd.Config c) {
        List<CalibrationRow> rows = new ArrayList<>();
        rows.add(row("self", "the training image itself", train, train, c, false));
        rows.add(row("shifted", "rolled by (H/4, W/4) with wrap-around", Degradations.shifted(train), train, c, true));
        rows.add(row("blurred", String.format(Locale.ROOT, "Gaussian blur, sigma %.0f px", Degradations.DEFAULT_SIGMA),
                Degradations.blurred(train), train, c, true));
        rows.add(row("block-shuffled", Degradations.DEFAULT_BLOCK + "-px blocks randomly permuted",
                Degradations.blockShuffled(train, c.seed()), train, c, true));
        rows.add(row("noise", "i.i.d. Gaussian, per-channel mean and std, clipped",
                Degradations.noise(train, c.seed()), train, c, true));
        rows.add(row("flipped", "upside down: the same patches, the layout inverted",
                Degradations.flippedUpsideDown(train), train, c, true));
        return rows;
    }

    private static CalibrationRow row(
            String name, String description, NDArray image, NDArray train, PatchSwd.Config c, boolean close) {
        try {
            return new CalibrationRow(name, description, PatchSwd.distance(image, train, c).total(),
                    CopyDistance.of(image, train), LayoutDistance.of(image, train));
        } finally {
            if (close) {
                image.close();
            }
        }
    }

    /** The calibration rows as a plain-text (Markdown) table. */
    public static String formatCalibration(List<CalibrationRow> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append("| reference | patch SWD | copy distance | layout distance | what it is |\n");
        sb.append("|---|---:|---:|---:|---|\n");
        for (CalibrationRow r : rows) {
            sb.append(String.format(Locale.ROOT, "| %s | %.3f | %.3f | %.4f | %s |%n",
                    r.name(), r.swd(), r.copyDistance(), r.layout(), r.description()));
        }
        return sb.toString();
    }
}
