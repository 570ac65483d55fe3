package dev.sindiff.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Reproducible noise with one stream per sample: the k-th draw for sample j depends only on
 * (seed_j, k), never on the batch it was drawn in or on the device. Noise is drawn on the CPU and
 * moved to the target device, so CPU and GPU runs start from the same numbers.
 */
public final class SeededNoise implements NoiseSource {
    private final long[] seeds;
    private final NDManager cpu;
    private long draws;

    /**
     * @param seeds one seed per sample of the batch (the batch size)
     * @param cpu a CPU manager for drawing
     */
    public SeededNoise(long[] seeds, NDManager cpu) {
        this.seeds = seeds.clone();
        this.cpu = cpu;
    }

    /**
     * The seed of stream {@code index} (a sample of a request, a training step) for a user seed:
     * SplitMix64's finaliser of seed·φ + index (φ = 0x9E3779B97F4A7C15, the golden-ratio increment),
     * so that neighbouring indices and seeds give unrelated streams. The one seeding rule of sindiff.
     */
    public static long sampleSeed(long seed, long index) {
        return mix(seed * 0x9E3779B97F4A7C15L + index);
    }

    /** SplitMix64's finaliser: a well-spread 64-bit hash. */
    public static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Draws standard normal noise of {@code shape} with torch's generator reseeded to {@code seed}. */
    public static NDArray normal(NDManager cpu, long seed, Shape shape) {
        synchronized (SeededNoise.class) {
            JniUtils.setSeed(seed & Long.MAX_VALUE);
            return cpu.randomNormal(0f, 1f, shape, DataType.FLOAT32);
        }
    }

    @Override
    public NDArray next(NDManager manager, Shape shape) {
        if (shape.get(0) != seeds.length) {
            throw new IllegalArgumentException("batch " + shape.get(0) + " != " + seeds.length + " seeds");
        }
        long k = draws++;
        Shape one = new Shape(1).addAll(shape.slice(1));
        try (NDManager scratch = cpu.newSubManager()) {
            NDList parts = new NDList(seeds.length);
            for (long s : seeds) {
                parts.add(normal(scratch, mix(s + k * 0xD1B54A32D192ED03L), one));
            }
            NDArray all = parts.size() == 1 ? parts.get(0) : NDArrays.concat(parts, 0);
            NDArray out = all.toDevice(manager.getDevice(), true);
            out.attach(manager);
            return out;
        }
    }
}
