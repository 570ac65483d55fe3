package dev.sindiff.edit;

import ai.djl.ndarray.NDArray;
import dev.sindiff.diffusion.ForwardProcess;
import dev.sindiff.diffusion.NoiseSchedule;
import dev.sindiff.diffusion.NoiseSource;
import dev.sindiff.diffusion.StepHook;
import dev.sindiff.image.TensorResize;
import dev.sindiff.image.TensorResize.Mode;

/**
 * ILVR's low-pass consistency (Choi et al. 2021, eq. 4): after every step,
 * x ← x + U(D(y) - D(x)), where y is the reference forward-noised to the new level, D an area
 * downsampling to the reference's low resolution and U a bicubic upsampling back. The generated
 * detail stays; the low frequencies follow the reference. A few passes per step bring D(x) close
 * to D(y), since U is not D's exact inverse.
 */
public final class LowPassConsistency implements StepHook {
    private final NDArray reference;
    private final int lowHeight;
    private final int lowWidth;
    private final NoiseSchedule schedule;
    private final int passes;

    /**
     * @param reference the canvas-size image to follow, (1, 3, H, W) in [-1, 1]
     * @param lowHeight height of the resolution whose content must agree
     * @param lowWidth width of that resolution
     */
    public LowPassConsistency(NDArray reference, int lowHeight, int lowWidth, NoiseSchedule schedule, int passes) {
        if (passes < 1) {
            throw new IllegalArgumentException("passes must be >= 1, got " + passes);
        }
        this.reference = reference;
        this.lowHeight = lowHeight;
        this.lowWidth = lowWidth;
        this.schedule = schedule;
        this.passes = passes;
    }

    /** The same consistency on the canvas scaled to {@code height} x {@code width}, its low resolution scaled alike. */
    @Override
    public StepHook scaledTo(int height, int width) {
        double fy = (double) height / reference.getShape().get(2);
        double fx = (double) width / reference.getShape().get(3);
        return new LowPassConsistency(TensorResize.resize(reference, height, width, Mode.AREA),
                Math.max(1, (int) Math.round(lowHeight * fy)), Math.max(1, (int) Math.round(lowWidth * fx)), schedule, passes);
    }

    @Override
    public NDArray onStep(NDArray x, int level, NoiseSource noise) {
        NDArray y = ForwardProcess.noised(schedule, reference, level, noise, x);
        NDArray target = down(y);
        for (int i = 0; i < passes; i++) {
            x = x.add(up(target.sub(down(x))));
        }
        return x;
    }

    /** D: area downsampling to the low resolution. */
    public NDArray down(NDArray x) {
        return TensorResize.resize(x, lowHeight, lowWidth, Mode.AREA);
    }

    private NDArray up(NDArray low) {
        return TensorResize.resize(low, (int) reference.getShape().get(2), (int) reference.getShape().get(3), Mode.BICUBIC);
    }
}
