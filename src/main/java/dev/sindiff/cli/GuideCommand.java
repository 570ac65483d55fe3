package dev.sindiff.cli;

import dev.sindiff.image.ImageSize;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sindiff.UserError;
import dev.sindiff.edit.Edits;
import dev.sindiff.guide.LowResDistance;
import dev.sindiff.guide.Score;
import dev.sindiff.guide.TorchScriptScore;
import dev.sindiff.image.ImageTensors;
import dev.sindiff.image.TensorResize;
import dev.sindiff.sample.Model;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sindiff guide}: sampling steered by the gradient of a score on x̂_0. */
@Command(name = "guide", mixinStandardHelpOptions = true,
        description = "Score guidance: sample while the predicted clean image follows the gradient of a score, either the distance to --reference at low resolution (structure guidance) or a TorchScript --scorer (e.g. CLIP image encoder + your text embedding).")
final class GuideCommand extends ApplicationCommand {
    @Option(names = "--reference", paramLabel = "IMAGE", description = "Layout to follow: the result's low-resolution version is pulled towards this image's.") Path reference;
    @Option(names = "--at", defaultValue = "16", paramLabel = "PX", description = "Height of the resolution where --reference is compared (default: ${DEFAULT-VALUE}).") int at;
    @Option(names = "--norm", defaultValue = "l2", description = "l1 or l2 distance for --reference (default: ${DEFAULT-VALUE}).") String norm;
    @Option(names = "--scorer", paramLabel = "FILE.pt", description = "A TorchScript module mapping images (N,3,H,W) in [-1,1] to one value per image; guidance lowers it (return a negated similarity).") Path scorer;
    @Option(names = "--scale", defaultValue = "0.2", description = "RMS change of the predicted clean image per step, in [-1,1] units (default: ${DEFAULT-VALUE}).") double scale;
    @Option(names = "--window", defaultValue = "1:0.2", paramLabel = "FROM:TO", description = "Noise levels guided, as fractions of the schedule, 1 = noisiest (default: ${DEFAULT-VALUE}).") String window;
    @Option(names = "--size", paramLabel = "HxW", converter = Converters.Size.class, description = "Canvas, height x width (default: the training or working size, or --reference's for structure guidance).") ImageSize size;

    private double from;
    private double to;
    /** The score being followed, built in {@link #job}; {@link #report} measures the results with it, then closes it. */
    private Score score;

    @Override
    void validate() {
        if ((reference == null) == (scorer == null)) {
            throw new UserError("give exactly one of --reference IMAGE (structure guidance) or --scorer FILE.pt");
        }
        if (!(scale >= 0 && scale <= 10)) {
            throw new UserError("--scale must be in [0, 10], got " + scale);
        }
        if (at < 1) {
            throw new UserError("--at must be >= 1 pixel, got " + at);
        }
        String[] parts = window.split(":");
        try {
            from = Double.parseDouble(parts[0]);
            to = Double.parseDouble(parts[1]);
        } catch (RuntimeException e) {
            from = -1;
        }
        if (parts.length != 2 || !(from <= 1 && from >= to && to >= 0)) {
            throw new UserError("--window must be FROM:TO with 1 >= FROM >= TO >= 0 (e.g. 1:0.2), got '" + window + "'");
        }
        parseNorm();
    }

    private LowResDistance.Norm parseNorm() {
        return switch (norm.toLowerCase(Locale.ROOT)) {
            case "l1" -> LowResDistance.Norm.L1;
            case "l2" -> LowResDistance.Norm.L2;
            default -> throw new UserError("--norm must be l1 or l2, got '" + norm + "'");
        };
    }

    @Override
    Job job(Model model) {
        BufferedImage ref = reference == null ? null : input(reference, model);
        int h = size != null ? size.height() : ref != null ? ref.getHeight() : model.height();
        int w = size != null ? size.width() : ref != null ? ref.getWidth() : model.width();
        if (ref != null) {
            int lowH = Math.min(at, h);
            int lowW = Math.max(1, (int) Math.round(lowH * (double) w / h));
            NDArray canvasRef = TensorResize.resize(tensor(model, ref), h, w, TensorResize.Mode.BICUBIC);
            score = new LowResDistance(canvasRef, lowH, lowW, parseNorm());
        } else {
            score = TorchScriptScore.load(scorer, model.manager().getDevice());
            try (NDManager probe = model.manager().newSubManager()) { // fail before sampling, not after
                score.of(probe.zeros(new ai.djl.ndarray.types.Shape(1, 3, h, w)));
            }
        }
        return new Job(Edits.guided(h, w, score, scale, from, to, model.schedule()), ref == null ? List.of() : List.of(ref),
                String.format(Locale.ROOT, "guide (%s, scale %s, window %s)", ref != null ? "structure" : "scorer", scale, window));
    }

    @Override
    void report(Model model, List<BufferedImage> images) {
        try (NDManager m = model.manager().newSubManager()) {
            double sum = 0;
            for (BufferedImage img : images) {
                NDArray v = score.of(ImageTensors.toTensor(m, img));
                sum += v.getFloat(0);
            }
            System.err.printf(Locale.ROOT, "score of the results (lower is better): mean %.5f over %d%n", sum / images.size(), images.size());
        }
        if (score instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
