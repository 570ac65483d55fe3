package dev.sindiff.eval;

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
            sb.append("is at or above pure noise (").append(fmt(below)).append("): the samples do not have the image's patches.");
        } else if (below == null) {
            sb.append("is below every reference: indistinguishable from the image's own patches.");
        } else {
            sb.append("lies between ").append(fmt(below)).append(" and ").append(fmt(above))
                    .append(": lower is closer to the training image's patch statistics.");
        }
        sb.append('\n');
        if (r.diversity() != null) {
            sb.append(String.format(Locale.ROOT,
                    "diversity %.3f: 0 means every sample is the same image, 1 means samples differ per pixel as much as "
                            + "the image's own pixels vary.%n", r.diversity()));
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
