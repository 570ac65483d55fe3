package dev.sindiff.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import dev.sindiff.diffusion.DiffusionConfig;
import dev.sindiff.diffusion.UNetDenoiser;
import dev.sindiff.image.ImageFiles;
import dev.sindiff.model.UNetConfig;
import dev.sindiff.run.RunDir;
import dev.sindiff.run.TrainConfig;
import dev.sindiff.train.Preset;
import dev.sindiff.train.Trainer;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Times the real training step (the {@link Trainer}'s, fixed size, no resize jitter) and one
 * denoiser evaluation (batch 1, no gradient) of a preset, after warm-up.
 */
public final class Bench {
    private Bench() {}

    /** The figures {@code sindiff bench} prints as JSON. */
    public record Result(
            String preset, long params, int receptiveField, int height, int width, int batch, int threads,
            String device, int warmup, int measured, double trainStepS, double denoiserEvalS, double trainGflops) {}

    public static Result run(Preset preset, int height, int width, int batch, int warmup, int measured, Device device)
            throws IOException {
        UNetConfig model = preset.network();
        Path tmp = Files.createTempDirectory("sindiff-bench");
        try {
            Path image = tmp.resolve("noise.png");
            ImageFiles.writePng(randomImage(height, width), image);
            TrainConfig tc = TrainConfig.builder().steps(warmup + measured).batch(batch).maxSize(Math.max(height, width))
                    .scales(1.0, 1.0).checkpointEvery(1_000_000).previewEvery(0).build();
            double[] train = new double[measured];
            double[] eval = new double[measured];
            long params;
            try (Trainer trainer = Trainer.start(image, new RunDir(tmp.resolve("run")), model,
                    DiffusionConfig.sindiffusion(), tc, device)) {
                params = trainer.model().parameterCount();
                for (int i = 0; i < warmup + measured; i++) {
                    double s = trainer.trainStep().seconds();
                    if (i >= warmup) {
                        train[i - warmup] = s;
                    }
                }
                UNetDenoiser denoiser = new UNetDenoiser(trainer.model());
                JniUtils.setGradMode(false);
                try (NDManager m = NDManager.newBaseManager(device)) {
                    NDArray x = m.randomNormal(new Shape(1, 3, height, width));
                    NDArray t = m.create(new float[] {500f});
                    for (int i = 0; i < warmup + measured; i++) {
                        long t0 = System.nanoTime();
                        try (NDScope scope = new NDScope()) {
                            scope.suppressNotUsedWarning();
                            denoiser.predictNoise(x, t).toFloatArray();
                        }
                        if (i >= warmup) {
                            eval[i - warmup] = (System.nanoTime() - t0) / 1e9;
                        }
                    }
                }
            }
            int h4 = height / 4 * 4;
            int w4 = width / 4 * 4;
            double trainMedian = median(train);
            double gflops = 3 * Flops.forward(model, h4, w4) * batch / 1e9 / trainMedian;
            return new Result(preset.toString(), params, model.receptiveField(), h4, w4, batch, JniUtils.getNumThreads(),
                    device.toString(), warmup, measured, round(trainMedian), round(median(eval)), round(gflops));
        } finally {
            deleteTree(tmp);
        }
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    private static BufferedImage randomImage(int h, int w) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        java.util.Random r = new java.util.Random(1);
        byte[] data = ((java.awt.image.DataBufferByte) img.getRaster().getDataBuffer()).getData();
        r.nextBytes(data);
        return img;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
