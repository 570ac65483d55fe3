package dev.sindiff.sample;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sindiff.InvalidValue;
import dev.sindiff.UserError;
import dev.sindiff.diffusion.CircularDenoiser;
import dev.sindiff.diffusion.Denoiser;
import dev.sindiff.diffusion.DiffusionConfig;
import dev.sindiff.diffusion.NoiseSchedule;
import dev.sindiff.image.ImageFiles;
import dev.sindiff.image.ImageSize;
import dev.sindiff.image.ImageTensors;
import dev.sindiff.patch.PatchPosteriorDenoiser;
import dev.sindiff.patch.PyramidLevels;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The training-free model of one image file: the closed-form posterior mean of its patches
 * ({@link PatchPosteriorDenoiser}) at every level of its pyramid ({@link CoarseToFine#CLOSED_FORM}),
 * so that samples come in seconds with no training. The image is worked at a long side of at most
 * {@code maxSize} pixels (scaled down with area resampling, never up); the noise schedule is the
 * one of the {@code fast} recipe.
 *
 * <pre>{@code
 * try (ImageModel m = ImageModel.load(Path.of("photo.jpg"), Device.cpu(), 256)) {
 *     List<BufferedImage> imgs = m.generate(CanvasPlan.unconditional(m.height(), 2 * m.width()), Generation.of(4).seed(7));
 * }
 * }</pre>
 */
public final class ImageModel implements Model {
    /** The default long side of the working image, in pixels. */
    public static final int DEFAULT_MAX_SIZE = 256;

    private final Path file;
    private final ImageSize original;
    private final BufferedImage image;
    private final NDManager manager;
    private final NoiseSchedule schedule = DiffusionConfig.fast().noiseSchedule();

    private ImageModel(Path file, ImageSize original, BufferedImage image, NDManager manager) {
        this.file = file;
        this.original = original;
        this.image = image;
        this.manager = manager;
    }

    /**
     * Reads an image file (EXIF orientation applied) and scales it to its working size.
     *
     * @param maxSize the working image's long side at most, in pixels (≥ 1)
     * @throws UserError if the file cannot be read as an image ({@link ImageFiles#readRgb})
     * @throws InvalidValue if {@code maxSize} is below 1, or the working size is smaller than a patch on a side
     */
    public static ImageModel load(Path file, Device device, int maxSize) {
        BufferedImage read = ImageFiles.readRgb(file);
        ImageSize size = requireSamplable(file, workingSize(read.getHeight(), read.getWidth(), maxSize));
        NDManager manager = NDManager.newBaseManager(device);
        try {
            BufferedImage working = ImageTensors.resizedByArea(manager, read, size.height(), size.width());
            return new ImageModel(file, new ImageSize(read.getHeight(), read.getWidth()), working, manager);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /**
     * The working size of a height × width image: the long side at most {@code maxSize}, the
     * aspect ratio kept (sides rounded, at least 1); an image that fits keeps its size.
     *
     * @throws IllegalArgumentException if a side is below 1
     * @throws InvalidValue if {@code maxSize} is below 1
     */
    public static ImageSize workingSize(int height, int width, int maxSize) {
        requireWorkingSize(maxSize);
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException("bad size " + height + "x" + width);
        }
        int longSide = Math.max(height, width);
        if (longSide <= maxSize) {
            return new ImageSize(height, width);
        }
        double f = (double) maxSize / longSide;
        return new ImageSize(Math.max(1, (int) Math.round(height * f)), Math.max(1, (int) Math.round(width * f)));
    }

    /**
     * The rule of the working size's short side: a patch must fit.
     *
     * @param file the image, for the message
     * @return {@code size}
     * @throws InvalidValue if a side of {@code size} is smaller than the closed-form patch ({@link CoarseToFine#CLOSED_FORM})
     */
    public static ImageSize requireSamplable(Path file, ImageSize size) {
        int patch = CoarseToFine.CLOSED_FORM.patch();
        if (Math.min(size.height(), size.width()) < patch) {
            throw new InvalidValue("working size", String.format(Locale.ROOT, "'%s' is %dx%d (WxH) at its working size; the"
                    + " closed-form patch denoiser needs at least %d px on each side (raise {working size} or give a larger image)",
                    file, size.width(), size.height(), patch));
        }
        return size;
    }

    /**
     * The rule of the working size's long side, for checking it before there is an image.
     *
     * @return {@code maxSize}
     * @throws InvalidValue if it is below 1 pixel
     */
    public static int requireWorkingSize(int maxSize) {
        InvalidValue.require(maxSize >= 1, "working size", "must be >= 1 pixel", maxSize);
        return maxSize;
    }

    /**
     * "closed-form patch posterior mean (training-free), P = 15, N levels, working size HxW" for
     * an image of that working size.
     */
    public static String describe(int height, int width) {
        CoarseToFine c = CoarseToFine.CLOSED_FORM;
        int levels = PyramidLevels.of(height, width, c.minShortSide(), 64).count();
        return String.format(Locale.ROOT, "closed-form patch posterior mean (training-free), P = %d, %d level(s), working size %dx%d",
                c.patch(), levels, height, width);
    }

    /** The image file. */
    public Path file() {
        return file;
    }

    /** The file's own size, before scaling to the working size. */
    public ImageSize originalSize() {
        return original;
    }

    @Override
    public NoiseSchedule schedule() {
        return schedule;
    }

    @Override
    public NDManager manager() {
        return manager;
    }

    /** The image at its working size. */
    @Override
    public BufferedImage image() {
        return image;
    }

    @Override
    public int height() {
        return image.getHeight();
    }

    @Override
    public int width() {
        return image.getWidth();
    }

    @Override
    public String description() {
        return describe(height(), width());
    }

    /** Every level closed-form ({@link CoarseToFine#CLOSED_FORM}). */
    @Override
    public CoarseToFine defaultCoarse() {
        return CoarseToFine.CLOSED_FORM;
    }

    /** {@link CoarseToFine#CLOSED_FORM}'s sampler: DPM-Solver++(2M) with 10 Karras-spaced steps. */
    @Override
    public SolverChoice defaultSolver() {
        return CoarseToFine.CLOSED_FORM.spec();
    }

    /**
     * Never tiled, and the batch asked for: the closed-form denoiser bounds its own memory by
     * chunking ({@link PatchPosteriorDenoiser#CHUNK_ELEMENTS}).
     */
    @Override
    public MemoryBudget.Plan memoryPlan(int h, int w, Integer tile, int wantedBatch, long budget, int overlap) {
        return new MemoryBudget.Plan(0, Math.max(1, wantedBatch));
    }

    /**
     * The closed-form denoisers of the image's pyramid: the coarse levels {@code request.coarse()}
     * asks for, then the finest level with the denoiser of the working image itself; every level
     * with the request's solver. On a seamless plan each level's denoiser sees the canvas wrapped
     * around, padded by a patch side.
     *
     * @throws IllegalArgumentException if the request asks for tiles (the network's memory bound)
     */
    @Override
    public Denoisers denoisers(CanvasPlan plan, Generation request) {
        if (request.tiling().tiled()) {
            throw new IllegalArgumentException("the closed-form model is not sampled in tiles, got " + request.tiling());
        }
        CoarseToFine c = request.coarse().withSpec(request.solver());
        NDManager images = manager.newSubManager();
        List<AutoCloseable> owned = new ArrayList<>(List.of(images));
        try {
            NDArray x = ImageTensors.toTensor(images, image);
            List<CoarseToFine.Level> levels = c.coarseLevels(x, schedule, plan.height(), plan.width());
            owned.add(() -> CoarseToFine.close(levels));
            PatchPosteriorDenoiser finest = c.finest(x, schedule);
            owned.add(finest);
            List<CoarseToFine.Level> seen = new ArrayList<>();
            for (CoarseToFine.Level l : levels) {
                seen.add(new CoarseToFine.Level(l.height(), l.width(), wrap(l.denoiser(), plan.seamless(), c), l.spec()));
            }
            return new Denoisers(schedule, seen, wrap(finest, plan.seamless(), c), c.finestBlendFrom(schedule), owned);
        } catch (RuntimeException e) {
            new Denoisers(schedule, List.of(), null, 0, owned).close();
            throw e;
        }
    }

    private static Denoiser wrap(Denoiser d, boolean seamless, CoarseToFine c) {
        return seamless ? new CircularDenoiser(d, c.patch()) : d;
    }

    @Override
    public void close() {
        manager.close();
    }
}
