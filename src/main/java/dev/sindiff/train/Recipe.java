package dev.sindiff.train;

import dev.sindiff.UserError;
import dev.sindiff.diffusion.DiffusionConfig;
import dev.sindiff.model.UNetConfig;
import dev.sindiff.run.LearningRate;
import dev.sindiff.run.TrainConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A named starting point for training: network, diffusion and training options. Every network
 * preset trains with SinDiffusion's recipe; {@code fast} is sindiff's recipe for a good model in
 * minutes on a CPU (README, "Training fast"). Command-line options override any value.
 */
public record Recipe(String name, UNetConfig model, DiffusionConfig diffusion, TrainConfig training) {
    public static final String FAST = "fast";

    /** All names: the network presets, then {@code fast}. */
    public static List<String> names() {
        List<String> n = new ArrayList<>(UNetConfig.PRESETS);
        n.add(FAST);
        return n;
    }

    public static Recipe of(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        if (key.equals(FAST)) {
            return fast();
        }
        if (!UNetConfig.PRESETS.contains(key)) {
            throw new UserError("unknown preset '" + name + "' (accepted: " + String.join(", ", names()) + ")");
        }
        return new Recipe(key, UNetConfig.preset(key), DiffusionConfig.sindiffusion(), TrainConfig.sindiffusion(5000, 8, 0));
    }

    /**
     * v-prediction (no colour cast from ε errors at high noise), square crops a little larger than
     * the receptive field with a larger batch (more timesteps per step at the same cost), min-SNR-5
     * weighting, a higher learning rate after a short warm-up, and a shorter EMA. A cosine decay
     * measured worse at this length (README, "Training fast"), so the rate stays constant.
     */
    public static Recipe fast() {
        UNetConfig model = UNetConfig.smallShallow();
        TrainConfig t = new TrainConfig(800, 16, 1e-3, 0.999, 1.0, 128, 0.75, 1.25, 0, 250, 250,
                100, LearningRate.CONSTANT, 64, 5.0);
        return new Recipe(FAST, model, DiffusionConfig.fast(), t);
    }
}
