package dev.sindiff.cli;

import dev.sindiff.UserError;
import dev.sindiff.edit.Edits;
import dev.sindiff.guide.LowResDistance;
import dev.sindiff.guide.Score;
import dev.sindiff.guide.ScoreGuidance;
import dev.sindiff.guide.TorchScriptScore;
import dev.sindiff.image.ImageSize;
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
    @Option(names = "--norm", defaultValue = "l2", description = "${COMPLETION-CANDIDATES} distance for --reference (default: ${DEFAULT-VALUE}).") LowResDistance.Norm norm;
    @Option(names = "--scorer", paramLabel = "FILE.pt", description = "A TorchScript module mapping images (N,3,H,W) in [-1,1] to one value per image; guidance lowers it (return a negated similarity).") Path scorer;
    @Option(names = "--scale", defaultValue = "0.2", description = "RMS change of the predicted clean image per step, in [-1,1] units, 0 to 10 (default: ${DEFAULT-VALUE}).") double scale;
    @Option(names = "--window", defaultValue = "1:0.2", paramLabel = "FROM:TO", converter = Converters.Window.class, description = "Noise levels guided, as fractions of the schedule, 1 = noisiest (default: ${DEFAULT-VALUE}).") ScoreGuidance.Window window;
    @Option(names = "--size", paramLabel = "HxW", converter = Converters.Size.class, description = "Canvas, height x width (default: the training or working size, or --reference's for structure guidance).") ImageSize size;

    /** The score being followed, built in {@link #job}; {@link #report} measures the results with it, then closes it. */
    private Score score;

    @Override
    void validate() {
        if ((reference == null) == (scorer == null)) {
            throw new UserError("give exactly one of --reference IMAGE (structure guidance) or --scorer FILE.pt");
        }
        ScoreGuidance.requireScale(scale);
        if (reference != null) {
            LowResDistance.requireComparisonHeight(at);
        }
    }

    @Override
    Job job(Model model) {
        BufferedImage ref = reference == null ? null : input(reference, model);
        int h = size != null ? size.height() : ref != null ? ref.getHeight() : model.height();
        int w = size != null ? size.width() : ref != null ? ref.getWidth() : model.width();
        if (ref != null) {
            score = LowResDistance.toward(tensor(model, ref), h, w, at, norm);
        } else {
            TorchScriptScore s = TorchScriptScore.load(scorer, model.manager().getDevice());
            score = s;
            s.probe(model.manager(), h, w); // fail before sampling, not after
        }
        return new Job(Edits.guided(h, w, score, scale, window, model.schedule()), ref == null ? List.of() : List.of(ref),
                String.format(Locale.ROOT, "guide (%s, scale %s, window %s)", ref != null ? "structure" : "scorer", scale, window));
    }

    @Override
    void report(Model model, List<BufferedImage> images) {
        err().printf(Locale.ROOT, "score of the results (lower is better): mean %.5f over %d%n", score.mean(model.manager(), images),
                images.size());
        if (score instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
