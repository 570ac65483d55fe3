package dev.sindiff.patch;

/**
 * How {@link PatchPosteriorDenoiser} finds the patches that carry a query's posterior weight.
 *
 * <p>{@link #EXACT} weighs every patch of the image with the exact softmax (cost 2·N_q·N_p·3P²
 * FLOPs per product). The approximate search ranks candidates in a {@code dims}-dimensional PCA
 * subspace of the patch set, over the patches at even rows and columns only, keeps the best
 * {@code candidates}, adds each one's three neighbours one pixel right and down, and computes the
 * exact softmax over that short list. Queries are taken every {@code queryStride} pixels; the
 * Gaussian fold window still covers every pixel (the canvas is padded to fit the stride).
 * Levels with at most {@code exactBelow} patches are searched exactly whatever the setting.
 *
 * @param dims PCA dimensions of the ranking (0 = exact search)
 * @param candidates patches kept per query by the ranking, before the 2×2 neighbourhood
 * @param queryStride pixels between query patches (1 or 2)
 * @param exactBelow patch count up to which the search is exact anyway
 */
public record PatchSearch(int dims, int candidates, int queryStride, int exactBelow) {
    /** Every patch, every query: the paper's exact posterior mean. */
    public static final PatchSearch EXACT = new PatchSearch(0, 0, 1, 0);

    /** The approximate search measured in docs/closed-form.md. */
    public static final PatchSearch FAST = new PatchSearch(24, 2, 2, 1024);

    public PatchSearch {
        if (dims < 0 || (dims > 0 && candidates < 1) || queryStride < 1 || queryStride > 2 || exactBelow < 0) {
            throw new IllegalArgumentException("bad patch search: dims " + dims + ", candidates " + candidates
                    + ", query stride " + queryStride + ", exact below " + exactBelow);
        }
    }

    /** Whether every patch is weighed for an image of {@code patchCount} patches. */
    public boolean exactFor(long patchCount) {
        return dims == 0 || patchCount <= exactBelow;
    }
}
