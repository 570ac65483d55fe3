package dev.sindiff.eval;

import dev.sindiff.metric.CopyDistance;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Plain-language reading of a report against the calibration rows of the same training image. */
public final class Interpretation {
    private Interpretation() {}

    /** Where the mean SWD falls among the references, and what the other two numbers say. */
    public static String explain(Evaluation.Report r, List<Evaluation.CalibrationRow> calibration) {
        List<Evaluation.CalibrationRow> bySwd = calibration.stream()
                .sorted(Comparator.comparingDouble(Evaluation.CalibrationRow::swd)).toList();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "patch SWD %.3f ", r.swdMean()));
        Evaluation.CalibrationRow below = null;
        Evaluation.CalibrationRow above = null;
        for (Evaluation.CalibrationRow c : bySwd) {
            if (c.swd() <= r.swdMean()) {
                below = c;
            } else if (above == null) {
                above = c;
            }
        }
        if (above == null) {
            sb.append("is at or above pure noise (").append(fmt(below)).append("): by this measure as far from the image's patch statistics as noise.");
        } else if (below == null) {
            sb.append("is below every reference: indistinguishable from the image's own patches.");
        } else {
            sb.append("lies between ").append(fmt(below)).append(" and ").append(fmt(above))
                    .append(": lower is closer to the training image's patch statistics.");
        }
        sb.append('\n');
        double[] levels = r.swdPerLevel();
        if (levels.length > 1) {
            int worst = 0;
            double sum = 0;
            for (int l = 0; l < levels.length; l++) {
                sum += levels[l];
                worst = levels[l] > levels[worst] ? l : worst;
            }
            if (levels[worst] > 0.5 * sum) {
                sb.append(String.format(Locale.ROOT, "most of it comes from pyramid level %d of %d (%.3f): %s.%n", worst + 1,
                        levels.length, levels[worst], worst == levels.length - 1
                                ? "the coarsest, which holds the overall colour and large-scale layout"
                                : worst == 0 ? "the finest, which holds fine texture and noise" : "mid-scale structure"));
            }
        }
        if (r.diversity() != null) {
            sb.append(String.format(Locale.ROOT,
                    "diversity %.3f: 0 means every sample is the same image, 1 means samples differ per pixel as much as "
                            + "the image's own pixels vary.%n", r.diversity()));
            if (r.diversityCeiling() != null && r.diversityCeiling() < 0.8) {
                sb.append(String.format(Locale.ROOT,
                        "this image leaves little to vary with its layout kept: samples that keep each of its rows (content "
                                + "moved only sideways) reach at most %.3f; more needs content moved up or down.%n",
                        r.diversityCeiling()));
            }
        }
        sb.append(r.nearCopies() == 0
                ? String.format(Locale.ROOT, "no sample is a near-copy of the training image (closest: %.3f; a shifted copy scores 0, "
                        + "independent images about 1.4, near-copies below %.2f).%n", r.minCopyDistance(), CopyDistance.NEAR_COPY)
                : String.format(Locale.ROOT, "%d of %d samples are near-copies of the training image (copy distance below %.2f): "
                        + "the model memorised it.%n", r.nearCopies(), r.sampleCount(), CopyDistance.NEAR_COPY));
        return sb.toString();
    }

    private static String fmt(Evaluation.CalibrationRow c) {
        return String.format(Locale.ROOT, "%s (%.3f)", c.name(), c.swd());
    }
}
