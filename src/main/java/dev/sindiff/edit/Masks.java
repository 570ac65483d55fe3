package dev.sindiff.edit;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sindiff.UserError;
import dev.sindiff.image.ImageFiles;
import dev.sindiff.image.ImageTensors;
import dev.sindiff.image.TensorResize;
import dev.sindiff.image.TensorResize.Mode;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Masks from images of any format, grey or colour: a pixel brighter than mid-grey is in the mask
 * (white = the region to fill or re-diffuse). Transparent pixels are outside it ("keep"): a mask
 * is composited over black, so a white shape on a transparent layer, as image editors export it,
 * marks the shape. A mask of another size than its canvas is resized when the aspect ratios agree
 * within 2% and rejected otherwise.
 */
public final class Masks {
    /** Largest relative difference of aspect ratios for which a mask is resized rather than rejected. */
    public static final double ASPECT_TOLERANCE = 0.02;

    /** Share of the canvas above which a mask deserves a warning: it changes nearly everything. */
    public static final double MOSTLY_COVERED = 0.95;

    private Masks() {}

    /**
     * Reads a mask file: any supported format, transparent pixels black (outside the mask).
     *
     * @return an opaque {@code TYPE_3BYTE_BGR} image
     * @throws UserError if the file cannot be read as an image (see {@link ImageFiles#readRgb(Path)})
     */
    public static BufferedImage read(Path file) {
        return ImageFiles.readRgb(file, Color.BLACK);
    }

    /**
     * @param image the mask, any type; transparent pixels count as black (outside)
     * @param name how to call the mask in messages (e.g. its file name)
     * @return (1, 1, height, width), 1 inside the mask and 0 outside
     * @throws UserError if the aspect ratio differs or the mask is empty
     */
    public static NDArray fromImage(NDManager manager, BufferedImage image, int height, int width, String name) {
        checkAspect(image.getHeight(), image.getWidth(), height, width, name);
        NDArray rgb = ImageTensors.toTensor(manager, overBlack(image));
        NDArray mask = TensorResize.resize(rgb.mean(new int[] {1}, true), height, width, Mode.NEAREST).gt(0f).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        if (mask.sum().getFloat() == 0f) {
            throw new UserError("mask " + name + " has no white pixels; white (brighter than mid-grey) marks the region to change");
        }
        return mask;
    }

    /** The share of the canvas inside {@code mask} ((1, 1, H, W) of 0 and 1), 0 to 1. */
    public static double coverage(NDArray mask) {
        return mask.mean().getFloat();
    }

    /** An image with alpha composited over black; an opaque image as it is. */
    static BufferedImage overBlack(BufferedImage image) {
        if (!image.getColorModel().hasAlpha()) {
            return image;
        }
        BufferedImage opaque = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = opaque.createGraphics();
        try {
            g.setColor(Color.BLACK);
            g.fillRect(0, 0, opaque.getWidth(), opaque.getHeight());
            g.drawImage(image, 0, 0, null);
        } finally {
            g.dispose();
        }
        return opaque;
    }

    /** True when an h×w image would be resized to the canvas rather than used as it is. */
    public static boolean needsResize(int h, int w, int height, int width) {
        return h != height || w != width;
    }

    static void checkAspect(int h, int w, int height, int width, String name) {
        double a = (double) w / h;
        double b = (double) width / height;
        if (Math.abs(a / b - 1) > ASPECT_TOLERANCE) {
            throw new UserError(String.format(Locale.ROOT,
                    "mask %s is %dx%d (WxH) but the image is %dx%d: give a mask of the image's size or of the same aspect ratio (it is then resized)",
                    name, w, h, width, height));
        }
    }
}
