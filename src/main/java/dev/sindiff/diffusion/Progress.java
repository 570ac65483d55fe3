package dev.sindiff.diffusion;

import java.awt.image.BufferedImage;
import java.util.List;

/**
 * Progress of a sampling run, the one callback that solvers, the reverse-diffusion loop and its
 * callers share: work done, in denoiser evaluations, and images as soon as they are finished.
 */
@FunctionalInterface
public interface Progress {
    /** Hears nothing. */
    Progress NONE = (done, total) -> {};

    /**
     * {@code done} of {@code total} denoiser evaluations; an evaluation on a batch of images counts
     * once. {@code total} may grow while a run goes on (a run of several stages adds a stage's).
     */
    void update(long done, long total);

    /**
     * Finished images, as soon as their batch is: {@code images.get(j)} is image
     * {@code first + j} of the request (nothing by default).
     */
    default void imagesDone(int first, List<BufferedImage> images) {}

    /**
     * Image {@code index} came out a near-copy of the model's image (copy distance {@code drawn})
     * and was drawn again; the kept draw has copy distance {@code kept} (nothing by default).
     */
    default void redrawn(int index, double drawn, double kept) {}
}
