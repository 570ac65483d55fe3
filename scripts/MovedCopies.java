import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sindiff.image.ImageFiles;
import dev.sindiff.image.ImageTensors;
import dev.sindiff.metric.Diversity;
import dev.sindiff.metric.LayoutDistance;
import dev.sindiff.train.Augment;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * What diversity a kept layout leaves on an image, measured on copies of the image itself with the
 * project's own metrics (see scripts/moved-copies.sh and docs/layout.md): COUNT copies, each
 * rolled sideways by a random amount (with wrap-around: every row keeps its pixels) and shifted
 * up or down by a random amount of at most D pixels (the edge row repeated into the gap), scored
 * with SinGAN's diversity and the layout distance, averaged over DRAWS draws of the moves. D = 0
 * keeps every row; a larger D moves the horizon by up to D pixels. Also prints the row-kept
 * ceiling ({@link Diversity#rowKeptCeiling}).
 *
 * <p>Arguments: IMAGE COUNT DRAWS D[,D...] LONG_SIDE (the image is area-resized as {@code train
 * --max-size LONG_SIDE} would). Prints one JSON line per D, then one for the ceiling.
 */
public class MovedCopies {
    public static void main(String[] args) {
        Path image = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        int draws = Integer.parseInt(args[2]);
        try (NDManager m = NDManager.newBaseManager()) {
            BufferedImage original = ImageFiles.readRgb(image);
            int[] fit = Augment.fitLongSide(original.getHeight(), original.getWidth(), Integer.parseInt(args[4]));
            NDArray train = ImageTensors.toTensor(m, ImageTensors.resizedByArea(m, original, fit[0], fit[1]));
            int h = (int) train.getShape().get(2);
            int w = (int) train.getShape().get(3);
            SplittableRandom random = new SplittableRandom(0);
            for (String d : args[3].split(",")) {
                int maxShift = Integer.parseInt(d.strip());
                double diversity = 0;
                double layout = 0;
                for (int k = 0; k < draws; k++) {
                    try (NDManager scratch = m.newSubManager()) {
                        List<NDArray> copies = new ArrayList<>();
                        for (int i = 0; i < count; i++) {
                            NDArray c = moved(train, random.nextInt(-maxShift, maxShift + 1), random.nextInt(w));
                            c.attach(scratch);
                            copies.add(c);
                            layout += LayoutDistance.of(c, train) / count / draws;
                        }
                        diversity += Diversity.of(copies, train) / draws;
                    }
                }
                System.out.printf(Locale.ROOT,
                        "{\"image\": \"%s\", \"height\": %d, \"width\": %d, \"max_vertical_shift_px\": %d, \"max_vertical_shift_of_height\": %.3f, "
                                + "\"count\": %d, \"draws\": %d, \"diversity\": %.4f, \"layout\": %.4f}%n",
                        image, h, w, maxShift, maxShift / (double) h, count, draws, diversity, layout);
            }
            System.out.printf(Locale.ROOT, "{\"image\": \"%s\", \"count\": %d, \"row_kept_ceiling\": %.4f}%n", image, count,
                    Diversity.rowKeptCeiling(train, count));
        }
    }

    /** {@code x} (1, 3, H, W) rolled right by {@code dx} with wrap-around, then moved down by {@code dy} (up when negative), the edge row repeated. */
    static NDArray moved(NDArray x, int dy, int dx) {
        int h = (int) x.getShape().get(2);
        int w = (int) x.getShape().get(3);
        NDArray out = dx == 0 ? x.duplicate() : x.get(":, :, :, {}:", w - dx).concat(x.get(":, :, :, :{}", w - dx), 3);
        if (dy > 0) {
            NDArray top = out.get(":, :, :1, :").repeat(2, dy);
            out = top.concat(out.get(":, :, :{}, :", h - dy), 2);
        } else if (dy < 0) {
            NDArray bottom = out.get(":, :, {}:, :", h - 1).repeat(2, -dy);
            out = out.get(":, :, {}:, :", -dy).concat(bottom, 2);
        }
        return out;
    }
}
