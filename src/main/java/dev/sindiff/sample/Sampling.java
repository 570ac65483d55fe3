package dev.sindiff.sample;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.sindiff.diffusion.Denoiser;
import dev.sindiff.diffusion.NoiseSchedule;
import dev.sindiff.diffusion.Sampler;
import dev.sindiff.diffusion.SeededNoise;
import dev.sindiff.image.ImageTensors;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Unconditional generation: pure noise at the canvas size, denoised by a sampler. Sample i of a
 * request depends only on (seed, i), not on the batch size or the device.
 */
public final class Sampling {
    private Sampling() {}

    /** Progress over a whole request. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (done, total) -> {};

        /** {@code done} of {@code total} denoiser evaluations (counted per batch). */
        void update(long done, long total);
    }

    /**
     * @param manager where tensors live (its device is used)
     * @param height canvas height in pixels (any, padded internally to the network's multiple)
     * @param width canvas width
     */
    public static List<BufferedImage> generate(
            NDManager manager,
            Denoiser denoiser,
            NoiseSchedule schedule,
            SamplerSpec spec,
            int count,
            int height,
            int width,
            long seed,
            int batch,
            Progress progress) {
        JniUtils.setGradMode(false); // grad mode is thread-local in libtorch
        Sampler sampler = spec.create(schedule);
        List<BufferedImage> out = new ArrayList<>(count);
        long total = (long) sampler.evaluations() * ((count + batch - 1) / batch);
        long[] done = {0};
        try (NDManager cpu = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            for (int start = 0; start < count; start += batch) {
                int n = Math.min(batch, count - start);
                long[] seeds = new long[n];
                for (int j = 0; j < n; j++) {
                    seeds[j] = SeededNoise.sampleSeed(seed, start + j);
                }
                try (NDManager step = manager.newSubManager()) {
                    SeededNoise noise = new SeededNoise(seeds, cpu);
                    NDArray x = noise.next(step, new Shape(n, 3, height, width));
                    long before = done[0];
                    NDArray x0 = sampler.sample(denoiser, x, noise, (d, t) -> progress.update(done[0] = before + d, total));
                    for (int j = 0; j < n; j++) {
                        out.add(ImageTensors.toImage(x0.get(j)));
                    }
                }
            }
        }
        return out;
    }
}
