package dev.sindiff.train;

import dev.sindiff.diffusion.DiffusionConfig;
import dev.sindiff.model.UNetConfig;
import dev.sindiff.run.TrainConfig;

/**
 * A starting point for training: network, diffusion and training options ({@link Preset} names
 * them). Every network preset trains with SinDiffusion's recipe; {@code fast} is sindiff's recipe
 * for a good model in minutes on a CPU (docs/training-fast.md). Command-line options override
 * any value.
 */
public record Recipe(String name, UNetConfig model, DiffusionConfig diffusion, TrainConfig training) {
    /**
     * v-prediction (no colour cast from ε errors at high noise), 96-px square crops at batch 8,
     * min-SNR-5 weighting, a higher learning rate after a short warm-up, and a shorter EMA. A
     * 96-px crop is as tall as a 128-px landscape image after its random resize, so most crops hold
     * the top and bottom border: the network learns where sky and ground sit, which smaller crops
     * never show it (docs/layout.md, "96-px crops at batch 8"). Eight of them cost about what
     * sixteen 64-px crops did. A cosine decay measured worse at this length
     * (docs/training-fast.md), so the rate stays constant. After 800 crop steps come 200 steps on
     * the whole image at batch 6 (about the pixels of 8 crops of a 128×85 image), which the run
     * keeps only where they measure better: scenes whose objects no crop shows whole gain from
     * them, textures lose (docs/layout.md, "The whole-image phase").
     */
    public static Recipe fast() {
        TrainConfig t = TrainConfig.builder()
                .steps(1000).batch(8).learningRate(1e-3).emaDecay(0.999).maxSize(128)
                .checkpointEvery(250).previewEvery(250)
                .warmupSteps(100).crop(96).minSnrGamma(5.0).wholeImageFraction(0.2).wholeImageBatch(6)
                .build();
        return new Recipe(Preset.FAST.toString(), UNetConfig.smallShallow(), DiffusionConfig.fast(), t);
    }
}
