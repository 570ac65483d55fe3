package dev.sindiff.patch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
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
 * <p>With an approximate {@link PatchSearch}, each query's softmax runs over a short list of
 * candidates ranked in a PCA subspace of the patch set (the top principal axes of the patches'
 * second-moment matrix, by subspace iteration), and queries are taken on a grid of the search's
 * stride; see {@link PatchSearch} for what is kept.
 *
 * <p>Optionally the prior is conditioned on the relative height of a patch (sindiff's addition):
 * with v ∈ [0, 1] the patch's row, top to bottom, relative to its image (or canvas), patch j's
 * prior weight for a query at height v_q is exp(-(v_q - v_j)² / (2τ²)), a Gaussian kernel density
 * over heights. A patch then comes from about the same relative height of the image, so the
 * sky stays above the ground on a canvas of any size, while content moves freely sideways.
 */
public final class PatchPosteriorDenoiser implements Denoiser, AutoCloseable {
    /** Softmax weights held at once by the exact search (query chunk × patches): 32 M floats, 128 MB. */
    public static final long CHUNK_ELEMENTS = 1L << 25;

    /** Elements held at once by the approximate search (a chunk's ranking, or its candidates): 8 M floats. */
    static final long SEARCH_CHUNK_ELEMENTS = 1L << 23;

    /** Patch elements of the canvas unfolded at once (a band of corner rows): 4 M floats, 16 MB. */
    static final long BAND_ELEMENTS = 1L << 22;

    /** Subspace iterations of the PCA. */
    private static final int PCA_ITERATIONS = 12;

    private final NoiseSchedule schedule;
    private final int patch;
    private final NDManager manager;
    /** The image's patches y_j, (N_p, 3P²). */
    private final NDArray patches;
    /** Their transpose, (3P², N_p); exact search only. */
    private final NDArray patchesT;
    /** ‖y_j‖² / 2, (1, N_p). */
    private final NDArray halfSquaredNorms;
    /** The fold window per patch element, (1, 3P²). */
    private final NDArray window;
    private final int imageHeight;
    private final int imageWidth;
    /** Relative height v_j of each patch's row, (1, N_p); null without a height prior. */
    private final NDArray patchHeights;
    /** τ of the height prior, or 0 for none. */
    private final double heightSigma;
    /** How patches are found; {@link #exact} when every patch is weighed. */
    private final PatchSearch search;
    private final boolean exact;
    /** Approximate search: the PCA axes (3P², d). */
    private NDArray axes;
    /** Approximate search: the ranked patches' (even rows and columns) PCA coordinates, transposed (d, N_s). */
    private NDArray rankedFeaturesT;
    /** Approximate search: half their squared norms in the subspace, (1, N_s). */
    private NDArray rankedHalfNorms;
    /** Approximate search: their relative heights (1, N_s), or null. */
    private NDArray rankedHeights;
    /** Approximate search: each ranked patch's 2×2 neighbourhood as patch indices, (N_s, 4). */
    private NDArray neighbours;
    /** Approximate search: 0, or -1e30 where a neighbour falls off the image (then it repeats the patch), (N_s, 4). */
    private NDArray neighbourPenalty;
    /** The fold of the window alone (the weighted average's denominator) per canvas "HxW/stride". */
    private final java.util.Map<String, NDArray> windowSums = new java.util.HashMap<>();

    /**
     * The exact denoiser.
     *
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
     * A denoiser whose patch prior may also depend on the relative height (see the class comment).
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
        try {
            NDArray own = image.duplicate();
            own.attach(manager);
            this.patches = Patches.unfold(own, patch);
            long hp = imageHeight - patch + 1;
            long wp = imageWidth - patch + 1;
            this.exact = search.exactFor(hp * wp) || search.dims() >= 3 * patch * patch;
            this.patchesT = exact ? patches.transpose().duplicate() : null;
            this.halfSquaredNorms = patches.square().sum(new int[] {1}).mul(0.5f).reshape(1, -1);
            this.window = window(manager, patch, rho).tile(3).reshape(1, -1);
            this.patchHeights = heightSigma > 0
                    ? cornerHeights(manager, 0, hp, 1, imageHeight).reshape(hp, 1).broadcast(new Shape(hp, wp)).reshape(1, -1)
                    : null;
            if (!exact) {
                prepareSearch(hp, wp);
            }
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** The ranking's patch set (even rows and columns), its PCA and the 2×2 neighbourhoods. */
    private void prepareSearch(long hp, long wp) {
        long hs = (hp + 1) / 2;
        long ws = (wp + 1) / 2;
        NDArray rows = manager.arange(0, (int) hs).mul(2).toType(DataType.INT64, false).reshape(hs, 1, 1);
        NDArray cols = manager.arange(0, (int) ws).mul(2).toType(DataType.INT64, false).reshape(1, ws, 1);
        NDArray base = rows.mul(wp).add(cols); // (hs, ws, 1)
        NDArray rowOk = rows.add(1).lt(hp).broadcast(new Shape(hs, ws, 1));
        NDArray colOk = cols.add(1).lt(wp).broadcast(new Shape(hs, ws, 1));
        NDArray all = rowOk.logicalOr(rowOk.logicalNot());
        NDArray ok = NDArrays.concat(new NDList(all, colOk, rowOk, rowOk.logicalAnd(colOk)), 2); // offsets 0, 1, wp, wp+1
        NDArray offsets = manager.create(new long[] {0, 1, wp, wp + 1}).reshape(1, 1, 4);
        NDArray full = base.add(offsets.mul(ok.toType(DataType.INT64, false)));
        this.neighbours = full.reshape(-1, 4);
        this.neighbourPenalty = ok.logicalNot().toType(DataType.FLOAT32, false).mul(-1e30f).reshape(-1, 4);
        NDArray ranked = base.reshape(-1);
        NDArray rankedPatches = patches.get(ranked);
        NDArray moments = rankedPatches.transpose().matMul(rankedPatches).div(rankedPatches.getShape().get(0));
        this.axes = principalAxes(moments, search.dims());
        NDArray features = rankedPatches.matMul(axes); // (N_s, d)
        this.rankedFeaturesT = features.transpose().duplicate();
        this.rankedHalfNorms = features.square().sum(new int[] {1}).mul(0.5f).reshape(1, -1);
        this.rankedHeights = patchHeights == null ? null : patchHeights.reshape(-1).get(ranked).reshape(1, -1);
    }

    /**
     * The top {@code d} eigenvectors of a symmetric positive semi-definite matrix by subspace
     * iteration (a fixed start, so the result is deterministic), orthonormal columns (D, d).
     */
    static NDArray principalAxes(NDArray moments, int d) {
        int dim = (int) moments.getShape().get(0);
        java.util.SplittableRandom r = new java.util.SplittableRandom(1);
        float[] start = new float[dim * d];
        for (int i = 0; i < start.length; i++) {
            start[i] = (float) (r.nextDouble() - 0.5);
        }
        NDArray v = moments.getManager().create(start, new Shape(dim, d));
        for (int it = 0; it < PCA_ITERATIONS; it++) {
            v = moments.getManager().create(orthonormalColumns(moments.matMul(v).toFloatArray(), dim, d), new Shape(dim, d));
        }
        return v;
    }

    /** Modified Gram-Schmidt on the columns of a row-major rows×cols matrix. */
    static float[] orthonormalColumns(float[] m, int rows, int cols) {
        double[][] c = new double[cols][rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                c[j][i] = m[i * cols + j];
            }
        }
        for (int j = 0; j < cols; j++) {
            for (int k = 0; k < j; k++) {
                double dot = 0;
                for (int i = 0; i < rows; i++) {
                    dot += c[j][i] * c[k][i];
                }
                for (int i = 0; i < rows; i++) {
                    c[j][i] -= dot * c[k][i];
                }
            }
            double norm = 0;
            for (int i = 0; i < rows; i++) {
                norm += c[j][i] * c[j][i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < rows; i++) {
                c[j][i] = norm > 1e-20 ? c[j][i] / norm : (i == j ? 1 : 0);
            }
        }
        float[] out = new float[rows * cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                out[i * cols + j] = (float) c[j][i];
            }
        }
        return out;
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

    /** Whether every patch is weighed (the exact posterior mean) rather than a searched short list. */
    public boolean exact() {
        return exact;
    }

    @Override
    public NDArray predictNoise(NDArray x, NDArray t) {
        float[] ts = t.toFloatArray();
        int n = (int) x.getShape().get(0);
        NDList eps = new NDList(n);
        for (int from = 0; from < n; ) {
            int to = from + 1;
            while (to < n && Math.round(ts[to]) == Math.round(ts[from])) {
                to++; // images at the same noise level are denoised together
            }
            int level = Math.round(ts[from]);
            double a = schedule.sqrtAlphaCumprod(level);
            double s = schedule.sqrtOneMinusAlphaCumprod(level);
            NDArray xt = x.get("{}:{}", from, to);
            NDArray x0 = posteriorMean(xt, a, s);
            eps.add(xt.sub(x0.mul((float) a)).div((float) s));
            from = to;
        }
        return eps.size() == 1 ? eps.get(0) : NDArrays.concat(eps, 0);
    }

    /**
     * x̂_0 = E[x_0 | x_t] under the patch prior, folded with the Gaussian window.
     *
     * @param xt noisy images at one noise level, (n, 3, H, W) with H, W ≥ P
     * @param a signal scale √ᾱ_t (≥ 0)
     * @param s noise scale √(1-ᾱ_t) (> 0)
     * @return (n, 3, H, W) on {@code xt}'s manager
     */
    public NDArray posteriorMean(NDArray xt, double a, double s) {
        int n = (int) xt.getShape().get(0);
        int h = (int) xt.getShape().get(2);
        int w = (int) xt.getShape().get(3);
        int stride = exact ? 1 : search.queryStride();
        NDArray out;
        try (NDScope scope = new NDScope()) {
            scope.suppressNotUsedWarning();
            NDArray sum = xt.zerosLike();
            for (Region r : bands(regions(h, w, stride, patch), n, stride)) {
                try (NDScope band = new NDScope()) { // a band's patches are freed before the next band's
                    band.suppressNotUsedWarning();
                    NDArray q = Patches.unfold(xt.get(":, :, {}:{}, {}:{}", r.y(), r.y() + r.height(), r.x(), r.x() + r.width()), patch, stride);
                    long hq = Patches.corners(r.height(), patch, stride);
                    long wq = Patches.corners(r.width(), patch, stride);
                    NDArray queryHeights = patchHeights == null ? null
                            : cornerHeights(q.getManager(), r.y(), hq, stride, h).reshape(1, -1, 1)
                                    .broadcast(new Shape(n, hq, wq)).reshape(-1, 1);
                    try (NDArray est = patchMeans(q, a, s, queryHeights)) {
                        r.of(sum).addi(Patches.fold(est.mul(window), n, 3, r.height(), r.width(), patch, stride));
                    }
                }
            }
            out = sum.div(windowSum(h, w, stride).toDevice(xt.getDevice(), false));
            NDScope.unregister(out);
        }
        out.attach(xt.getManager());
        return out;
    }

    /** A rectangle of the canvas whose patch corners lie on a grid of the query stride. */
    record Region(int y, int x, int height, int width) {
        /** This rectangle of {@code canvas} (n, C, H, W) as a view: writing to it writes to the canvas. */
        NDArray of(NDArray canvas) {
            return canvas.get(":, :, {}:{}, {}:{}", y, y + height, x, x + width);
        }
    }

    /**
     * The regions whose stride grids together put a patch corner on every row and column a
     * canvas needs: the grid from (0, 0), and where (H - P) or (W - P) is not a multiple of the
     * stride, one more row or column of corners flush with the bottom or right border.
     */
    static java.util.List<Region> regions(int h, int w, int stride, int p) {
        int gridH = p + (h - p) / stride * stride;
        int gridW = p + (w - p) / stride * stride;
        java.util.List<Region> out = new java.util.ArrayList<>(4);
        out.add(new Region(0, 0, gridH, gridW));
        if (gridH < h) {
            out.add(new Region(h - p, 0, p, gridW));
        }
        if (gridW < w) {
            out.add(new Region(0, w - p, gridH, p));
        }
        if (gridH < h && gridW < w) {
            out.add(new Region(h - p, w - p, p, p));
        }
        return out;
    }

    /**
     * The regions cut into bands of whole corner rows, so that a band's patches for {@code n}
     * images hold at most {@link #BAND_ELEMENTS} floats: memory then depends on the canvas's
     * width, not its area.
     */
    private java.util.List<Region> bands(java.util.List<Region> regions, int n, int stride) {
        java.util.List<Region> out = new java.util.ArrayList<>();
        long perPatch = 3L * patch * patch;
        for (Region r : regions) {
            long hq = Patches.corners(r.height(), patch, stride);
            long wq = Patches.corners(r.width(), patch, stride);
            long rowsPerBand = Math.max(1, BAND_ELEMENTS / (n * wq * perPatch));
            for (long first = 0; first < hq; first += rowsPerBand) {
                long rows = Math.min(rowsPerBand, hq - first);
                out.add(new Region(r.y() + (int) (first * stride), r.x(), (int) ((rows - 1) * stride + patch), r.width()));
            }
        }
        return out;
    }

    /**
     * v of a region's corner rows: row y0 + i·stride of a canvas (or image) of height h, over
     * 0..h-P, so 0 for the top row of patches and 1 for the bottom one (0.5 when h = P), (rows).
     */
    private NDArray cornerHeights(NDManager m, int y0, long rows, int stride, int h) {
        float[] v = new float[(int) rows];
        for (int i = 0; i < rows; i++) {
            v[i] = h == patch ? 0.5f : (float) (y0 + i * stride) / (h - patch);
        }
        return m.create(v);
    }

    /** Σ of the window over the patches covering each pixel of an h×w canvas, (1, 3, H, W); computed once per size. */
    private synchronized NDArray windowSum(int h, int w, int stride) {
        String key = h + "x" + w + "/" + stride;
        NDArray sum = windowSums.get(key);
        if (sum == null) {
            try (NDScope scope = new NDScope()) {
                scope.suppressNotUsedWarning();
                sum = manager.zeros(new Shape(1, 3, h, w));
                for (Region r : bands(regions(h, w, stride, patch), 1, stride)) {
                    long nq = Patches.corners(r.height(), patch, stride) * Patches.corners(r.width(), patch, stride);
                    try (NDScope band = new NDScope()) {
                        band.suppressNotUsedWarning();
                        r.of(sum).addi(Patches.fold(window.broadcast(new Shape(nq, window.getShape().get(1))),
                                1, 3, r.height(), r.width(), patch, stride));
                    }
                }
                NDScope.unregister(sum);
            }
            sum.attach(manager);
            windowSums.put(key, sum);
        }
        return sum;
    }

    /**
     * D(q) for noisy patches (m, 3P²), in chunks that bound the memory: exact or searched. The
     * result belongs to no {@link NDScope}: the caller closes it.
     *
     * @param heights the queries' relative heights (m, 1), or null without a height prior
     */
    private NDArray patchMeans(NDArray q, double a, double s, NDArray heights) {
        long nq = q.getShape().get(0);
        long chunk = exact ? Math.max(1, CHUNK_ELEMENTS / patchCount())
                : Math.max(1, SEARCH_CHUNK_ELEMENTS / Math.max(rankedHalfNorms.getShape().get(1), 4L * search.candidates() * window.getShape().get(1)));
        NDList estimates = new NDList();
        for (long from = 0; from < nq; from += chunk) {
            long to = Math.min(nq, from + chunk);
            NDArray qc = chunk >= nq ? q : q.get("{}:{}", from, to);
            NDArray hc = heights == null ? null : chunk >= nq ? heights : heights.get("{}:{}", from, to);
            NDArray e;
            try (NDScope chunkScope = new NDScope()) { // a chunk's logits are freed before the next one's
                chunkScope.suppressNotUsedWarning();
                e = exact ? exactMeans(qc, a, s, hc) : searchedMeans(qc, a, s, hc);
                NDScope.unregister(e);
            }
            estimates.add(e);
        }
        if (estimates.size() == 1) {
            return estimates.get(0);
        }
        NDArray all = NDArrays.concat(estimates, 0);
        estimates.forEach(NDArray::close); // unregistered from every scope: closed here, or they live as long as q's manager
        return all;
    }

    /**
     * D(q) for a block of flattened noisy patches (n, 3P²) over every patch: the softmax-weighted mean of the y_j.
     *
     * @param heights the queries' relative heights (n, 1), or null without a height prior
     */
    NDArray exactMeans(NDArray q, double a, double s, NDArray heights) {
        double inv = 1 / (s * s);
        NDArray logits = q.matMul(patchesT).mul((float) (a * inv)).sub(halfSquaredNorms.mul((float) (a * a * inv)));
        if (heights != null) {
            logits = logits.sub(heights.sub(patchHeights).square().mul((float) (0.5 / (heightSigma * heightSigma))));
        }
        return logits.softmax(1).matMul(patches);
    }

    /**
     * D(q) over a searched short list: the {@link PatchSearch#candidates()} best patches by the
     * logits in the PCA subspace, each with its 2×2 neighbourhood, weighed by their exact logits.
     *
     * @param q (m, 3P²)
     * @param heights the queries' relative heights (m, 1), or null without a height prior
     * @return (m, 3P²)
     */
    NDArray searchedMeans(NDArray q, double a, double s, NDArray heights) {
        double inv = 1 / (s * s);
        long m = q.getShape().get(0);
        long d = q.getShape().get(1);
        int k = search.candidates();
        NDArray ranking = q.matMul(axes).matMul(rankedFeaturesT).mul((float) (a * inv))
                .sub(rankedHalfNorms.mul((float) (a * a * inv)));
        if (heights != null) {
            ranking = ranking.sub(heights.sub(rankedHeights).square().mul((float) (0.5 / (heightSigma * heightSigma))));
        }
        NDArray best = ranking.topK(k, 1, true, false).get(1).reshape(-1);
        NDArray candidates = neighbours.get(best).reshape(-1); // (m·4k)
        NDArray y = patches.get(candidates).reshape(m, 4L * k, d);
        NDArray logits = y.matMul(q.reshape(m, d, 1)).reshape(m, 4L * k).mul((float) (a * inv))
                .sub(halfSquaredNorms.reshape(-1).get(candidates).reshape(m, 4L * k).mul((float) (a * a * inv)))
                .add(neighbourPenalty.get(best).reshape(m, 4L * k));
        if (heights != null) {
            logits = logits.sub(heights.sub(patchHeights.reshape(-1).get(candidates).reshape(m, 4L * k)).square()
                    .mul((float) (0.5 / (heightSigma * heightSigma))));
        }
        return logits.softmax(1).reshape(m, 1, 4L * k).matMul(y).reshape(m, d);
    }

    @Override
    public void close() {
        manager.close();
    }
}
