package dev.sindiff.edit;

import ai.djl.ndarray.NDArray;
import dev.sindiff.diffusion.ForwardProcess;
import dev.sindiff.diffusion.NoiseSchedule;
import dev.sindiff.diffusion.NoiseSource;
import dev.sindiff.diffusion.StepHook;
import dev.sindiff.image.TensorResize;
import dev.sindiff.image.TensorResize.Mode;

/**
 * RePaint's known-region replacement (Lugmayr et al. 2022, eq. 8): after every step, the pixels
 * to keep are replaced by the known image forward-noised to the new level, so the model fills the
 * rest in agreement with them. After the last step they are the known pixels exactly.
 */
public final class KnownRegion implements StepHook {
    private final NDArray known;
    private final NDArray keep;
    /** 1 - keep: where the sampler's own x stays. */
    private final NDArray free;
    private final NoiseSchedule schedule;

    /**
     * @param known the image, (1, 3, H, W) in [-1, 1]
     * @param keep 1 where {@code known} is kept, 0 where the model generates, (1, 1, H, W)
     */
    public KnownRegion(NDArray known, NDArray keep, NoiseSchedule schedule) {
        this.known = known;
        this.keep = keep;
        this.free = keep.sub(1f).neg();
        this.schedule = schedule;
    }

    /** The same projection on the canvas scaled to {@code height} x {@code width} (area averages; the mask becomes soft). */
    @Override
    public StepHook scaledTo(int height, int width) {
        return new KnownRegion(TensorResize.resize(known, height, width, Mode.AREA),
                TensorResize.resize(keep, height, width, Mode.AREA), schedule);
    }

    @Override
    public NDArray onStep(NDArray x, int level, NoiseSource noise) {
        NDArray y = ForwardProcess.noised(schedule, known, level, noise, x);
        return x.mul(free).add(y.mul(keep));
    }
}
