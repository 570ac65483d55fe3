package dev.sindiff.patch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import dev.sindiff.diffusion.Denoiser;
import dev.sindiff.diffusion.NoiseSchedule;

/**
 * The closed-form denoiser of one image's patches (Qiu, Kutulakos and Lindell, "Efficient and
 * Training-Free Single-Image Diffusion Models", CVPR 2026): the exact posterior mean E[x_0 | x_t]
 * when x_0's P×P patches are drawn from the empirical distribution of the image's own patches.
 *
 * <p>With x_t = a·x_0 + s·ε (a = √ᾱ_t, s = √(1-ᾱ_t)), a noisy patch q has the posterior mean
 * D(q) = Σ_j softmax_j(-‖q - a·y_j‖² / (2s²)) · y_j over the image's patches y_j. Every
 * stride-1 patch of x_t is denoised, and the estimates are folded back into x̂_0 as a weighted
 * average with a Gaussian window of width ρ over the patch's [-1, 1] coordinates. ε̂ follows from
 * x̂_0 in closed form, ε̂ = (x_t - a·x̂_0) / s, so every sampler works with it unchanged.
 *
 * <p>Cost: two matrix products of 2·N_q·N_p·3P² FLOPs each per image and call, chunked over the
 * queries so that at most {@link #CHUNK_ELEMENTS} weights exist at once. ‖q‖² is the same for
 * every j and cancels in the softmax, so the logits are (a·q·y_j - a²‖y_j‖²/2) / s².
 *
 * <p>Optionally the prior is conditioned on the relative height of a patch (sindiff's addition):
 * with v ∈ [0, 1] the patch's row, top to bottom, relative to its image (or canvas), patch j's
 * prior weight for a query at height v_q is exp(-(v_q - v_j)² / (2τ²)), a Gaussian kernel density
 * over heights. A patch then comes from about the same relative height of the image, so the
 * sky stays above the ground on a canvas of any size, while content moves freely sideways.
 */
public final class PatchPosteriorDenoiser implements Denoiser, AutoCloseable {
    /** Softmax weights held at once (query chunk × patches): 32 M floats, 128 MB. */
    public static final long CHUNK_ELEMENTS = 1L << 25;

    private final NoiseSchedule schedule;
    private final int patch;
    private final NDManager manager;
    /** The image's patches y_j, (N_p, 3P²). */
    private final NDArray patches;
    /** Their transpose, (3P², N_p). */
    private final NDArray patchesT;
    /** ‖y_j‖² / 2, (1, N_p). */
    private final NDArray halfSquaredNorms;
    /** The fold window per patch element, (1, 3P²). */
    private final NDArray window;
    private final int imageHeight;
    private final int imageWidth;
    /** Relative height v_j of each patch's row, (1, N_p); null without a height prior. */
    private final NDArray patchHeights;
    /** Exact, or the approximate search. */
    private final PatchSearch search;
    /** τ of the height prior, or 0 for none. */
    private final double heightSigma;
    /** The fold of the window alone (the weighted average's denominator) per canvas size "HxW". */
    private final java.util.Map<String, NDArray> windowSums = new java.util.HashMap<>();

    /**
     * @param image the image whose patches form the prior, (1, 3, H, W) in [-1, 1] with H, W ≥ P
     * @param patch P, the patch side in pixels (odd, ≥ 1)
     * @param rho width of the fold's Gaussian window over the patch's [-1, 1] coordinates (> 0)
     * @param schedule the noise schedule whose timesteps the samplers pass in
     * @throws IllegalArgumentException if the image is smaller than a patch or an argument is out of range
     */
    public PatchPosteriorDenoiser(NDArray image, int patch, double rho, NoiseSchedule schedule) {
        this(image, patch, rho, 0, PatchSearch.EXACT, schedule);
    }

    /**
     * A denoiser whose patch prior also depends on the relative height (see the class comment).
     *
     * @param heightSigma τ, the width of the height kernel in units of the image's height (> 0),
     *     or 0 for the plain patch prior
     * @param search exact, or the approximate search of {@link PatchSearch}
     */
    public PatchPosteriorDenoiser(NDArray image, int patch, double rho, double heightSigma, PatchSearch search,
            NoiseSchedule schedule) {
        if (patch < 1 || patch % 2 == 0) {
            throw new IllegalArgumentException("patch side must be odd and >= 1, got " + patch);
        }
        if (!(rho > 0)) {
            throw new IllegalArgumentException("fold window width must be > 0, got " + rho);
        }
        if (!(heightSigma >= 0)) {
            throw new IllegalArgumentException("height prior width must be >= 0, got " + heightSigma);
        }
        this.heightSigma = heightSigma;
        this.search = search;
        this.schedule = schedule;
        this.patch = patch;
        this.imageHeight = (int) image.getShape().get(2);
        this.imageWidth = (int) image.getShape().get(3);
        this.manager = image.getManager().newSubManager();
        NDArray own = image.duplicate();
        own.attach(manager);
        this.patches = Patches.unfold(own, patch);
        this.patchesT = patches.transpose().duplicate();
        this.halfSquaredNorms = patches.square().sum(new int[] {1}).mul(0.5f).reshape(1, -1);
        this.window = window(manager, patch, rho).tile(3).reshape(1, -1);
        if (heightSigma > 0) {
            long hq = imageHeight - patch + 1;
            long wq = imageWidth - patch + 1;
            this.patchHeights = relativeRows(manager, hq).reshape(hq, 1).broadcast(new Shape(hq, wq)).reshape(1, -1);
        } else {
            this.patchHeights = null;
        }
    }

    /** v of each of {@code rows} patch rows: 0 for the top row, 1 for the bottom one (0.5 for a single row), (rows). */
    static NDArray relativeRows(NDManager m, long rows) {
        float[] v = new float[(int) rows];
        for (int i = 0; i < rows; i++) {
            v[i] = rows == 1 ? 0.5f : (float) i / (rows - 1);
        }
        return m.create(v);
    }

    /** The separable Gaussian exp(-(u² + v²) / (2ρ²)) over u, v in linspace(-1, 1, P), flattened (P²). */
    static NDArray window(NDManager m, int p, double rho) {
        float[] g = new float[p];
        for (int i = 0; i < p; i++) {
            double u = p == 1 ? 0 : -1 + 2.0 * i / (p - 1);
            g[i] = (float) Math.exp(-0.5 * (u / rho) * (u / rho));
        }
        float[] w = new float[p * p];
        for (int i = 0; i < p; i++) {
            for (int j = 0; j < p; j++) {
                w[i * p + j] = g[i] * g[j];
            }
        }
        return m.create(w);
    }

    public int patch() {
        return patch;
    }

    /** Number of patches in the prior. */
    public long patchCount() {
        return patches.getShape().get(0);
    }

    public int imageHeight() {
        return imageHeight;
    }

    public int imageWidth() {
        return imageWidth;
    }

    @Override
    public NDArray predictNoise(NDArray x, NDArray t) {
        float[] ts = t.toFloatArray();
        int n = (int) x.getShape().get(0);
        NDList eps = new NDList(n);
        for (int i = 0; i < n; i++) {
            int level = Math.round(ts[i]);
            double a = schedule.sqrtAlphaCumprod(level);
            double s = schedule.sqrtOneMinusAlphaCumprod(level);
            NDArray xt = x.get("{}:{}", i, i + 1);
            NDArray x0 = posteriorMean(xt, a, s);
            eps.add(xt.sub(x0.mul((float) a)).div((float) s));
        }
        return n == 1 ? eps.get(0) : NDArrays.concat(eps, 0);
    }

    /**
     * x̂_0 = E[x_0 | x_t] under the patch prior, folded with the Gaussian window.
     *
     * @param xt one noisy image, (1, 3, H, W) with H, W ≥ P
     * @param a signal scale √ᾱ_t (≥ 0)
     * @param s noise scale √(1-ᾱ_t) (> 0)
     * @return (1, 3, H, W) on {@code xt}'s manager
     */
    public NDArray posteriorMean(NDArray xt, double a, double s) {
        int h = (int) xt.getShape().get(2);
        int w = (int) xt.getShape().get(3);
        NDArray out;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray q = Patches.unfold(xt, patch);
            long nq = q.getShape().get(0);
            long chunk = Math.max(1, CHUNK_ELEMENTS / patchCount());
            NDArray queryHeights = patchHeights == null ? null
                    : relativeRows(q.getManager(), h - patch + 1).reshape(-1, 1)
                            .broadcast(new Shape(h - patch + 1, w - patch + 1)).reshape(-1, 1);
            NDList estimates = new NDList();
            for (long from = 0; from < nq; from += chunk) {
                long to = Math.min(nq, from + chunk);
                NDArray qc = q.get("{}:{}", from, to);
                estimates.add(patchMeans(qc, a, s, queryHeights == null ? null : queryHeights.get("{}:{}", from, to)));
            }
            NDArray est = estimates.size() == 1 ? estimates.get(0) : NDArrays.concat(estimates, 0);
            out = Patches.fold(est.mul(window), 3, h, w, patch).div(windowSum(h, w, nq).toDevice(xt.getDevice(), false));
            NDScope.unregister(out);
        }
        out.attach(xt.getManager());
        return out;
    }

    /** Σ of the window over the patches covering each pixel of an h×w canvas, (1, 3, H, W); computed once per size. */
    private synchronized NDArray windowSum(int h, int w, long nq) {
        NDArray sum = windowSums.get(h + "x" + w);
        if (sum == null) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                sum = Patches.fold(window.broadcast(new Shape(nq, window.getShape().get(1))), 3, h, w, patch);
                NDScope.unregister(sum);
            }
            sum.attach(manager);
            windowSums.put(h + "x" + w, sum);
        }
        return sum;
    }

    /**
     * D(q) for a block of flattened noisy patches (n, 3P²): the softmax-weighted mean of the y_j.
     *
     * @param heights the queries' relative heights (n, 1), or null without a height prior
     */
    NDArray patchMeans(NDArray q, double a, double s, NDArray heights) {
        double inv = 1 / (s * s);
        NDArray logits = q.matMul(patchesT).mul((float) (a * inv)).sub(halfSquaredNorms.mul((float) (a * a * inv)));
        if (heights != null) {
            logits = logits.sub(heights.sub(patchHeights).square().mul((float) (0.5 / (heightSigma * heightSigma))));
        }
        return logits.softmax(1).matMul(patches);
    }

    @Override
    public void close() {
        manager.close();
    }
}
