package dev.sindiff.sample;

import dev.sindiff.diffusion.Denoiser;
import dev.sindiff.diffusion.NoiseSchedule;
import java.util.List;

/**
 * The denoisers of one run of the reverse-diffusion loop, as a model provides them for a plan
 * ({@link Model#denoisers}): the coarse levels of a coarse-to-fine run, coarsest first, then the
 * denoiser of the plan's own canvas. Closing it closes what the model built for the run.
 *
 * @param schedule the forward process the denoisers invert
 * @param coarse the coarse levels ({@link CoarseToFine}), each with its canvas, denoiser and
 *     solver; empty for plain sampling
 * @param finest the denoiser at the plan's canvas, sampled with the request's solver
 * @param finestBlendFrom the timestep from which down the finest level's x̂_0 is no longer
 *     blended with the coarse levels' (0: blended at every step)
 * @param owned what closing releases (the coarse levels' denoisers and the like)
 */
public record Denoisers(NoiseSchedule schedule, List<CoarseToFine.Level> coarse, Denoiser finest, int finestBlendFrom,
        List<AutoCloseable> owned) implements AutoCloseable {
    public Denoisers {
        coarse = List.copyOf(coarse);
        owned = List.copyOf(owned);
    }

    /** One denoiser, no coarse level: plain sampling. Closing it closes nothing. */
    public static Denoisers of(NoiseSchedule schedule, Denoiser denoiser) {
        return new Denoisers(schedule, List.of(), denoiser, 0, List.of());
    }

    /** Closes what the run owns, in reverse order of its making. */
    @Override
    public void close() {
        RuntimeException failure = null;
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = e instanceof RuntimeException r ? r : new IllegalStateException(e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
