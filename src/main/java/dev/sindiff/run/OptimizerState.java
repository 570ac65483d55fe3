package dev.sindiff.run;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * The optimizer's part of a {@link Checkpoint}: an Adam-style optimizer's first and second
 * moments (one array per parameter, in {@link Checkpoint#arrays} order) and its update count.
 */
public interface OptimizerState {
    /** Updates applied so far. */
    long updates();

    /** The first moments, one per parameter (live arrays, written as they are). */
    List<NDArray> firstMoments();

    /** The second moments, one per parameter. */
    List<NDArray> secondMoments();

    /** Sets the moments (copied, shapes must match) and the update count read from a checkpoint. */
    void restore(List<NDArray> first, List<NDArray> second, long updateCount);
}
