package dev.sindiff.metric;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.sindiff.UserError;
import java.util.List;

/**
 * SinGAN's diversity score: the grey value (0.299 R + 0.587 G + 0.114 B) of each sample; the
 * std across the samples at each pixel; its mean over the pixels; divided by the (population)
 * std of the training image's grey values. 0 when all samples are identical.
 *
 * <p>The std across samples is the sample std (divided by N - 1, Bessel's correction), which
 * estimates the spread of the model's distribution whatever N is. SinGAN measured it over 100
 * samples, where the two definitions agree; over the 8 samples used here the population std
 * (divided by N) would be biased low by the factor sqrt(7/8) = 0.935.
 */
public final class Diversity {
    private Diversity() {}

    /**
     * The diversity of {@code samples} (at least two, all of one size, which need not be the
     * training size) relative to {@code train}.
     *
     * @throws UserError with a one-line reason when it is not defined
     */
    public static double of(List<NDArray> samples, NDArray train) {
        if (samples.size() < 2) {
            throw new UserError("diversity needs at least 2 samples, got " + samples.size());
        }
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDList batch = new NDList(samples.size());
            Shape first = null;
            for (NDArray s : samples) {
                NDArray b = Ops.asBatch(s, "sample");
                if (first == null) {
                    first = b.getShape();
                } else if (!first.equals(b.getShape())) {
                    throw new UserError(
                            "diversity needs samples of one size, got " + Ops.width(b) + "x" + Ops.height(b)
                                    + " and " + first.get(3) + "x" + first.get(2));
                }
                batch.add(b);
            }
            NDArray g = Ops.grey(NDArrays.concat(batch, 0)); // (N, H, W)
            NDArray perPixel = g.sub(g.mean(new int[] {0}, true)).square().sum(new int[] {0}).div(samples.size() - 1f).sqrt();
            double spread = perPixel.mean().getFloat();
            double trainStd = Ops.std(Ops.grey(Ops.asBatch(train, "training image")));
            if (!(trainStd > 0)) {
                throw new UserError("diversity is undefined: the training image is one flat colour");
            }
            return spread / trainStd;
        }
    }
}
