package dev.sindiff.image;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ComponentColorModel;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.RescaleOp;
import java.awt.image.WritableRaster;

/**
 * Turns any decoded image into opaque 8-bit RGB ({@link BufferedImage#TYPE_3BYTE_BGR}) with
 * whole-image Java2D operations only: transparent pixels are composited over white (or another
 * matte colour), and an EXIF
 * orientation is applied in the same drawing step.
 *
 * <p>Grey images keep their grey values (grey 100 becomes RGB 100,100,100). Java2D would otherwise
 * treat the grey samples of non-standard layouts (grey + alpha, for instance) as linear light and
 * brighten them; those are first copied band by band into an RGB(A) raster.
 */
final class RgbConversion {

    private RgbConversion() {}

    /**
     * @param src         the decoded image, any type
     * @param orientation EXIF orientation 1 to 8 ({@link ExifOrientation#UPRIGHT} for none)
     * @return an upright {@code TYPE_3BYTE_BGR} image, transparent pixels white; {@code src} itself when it already is one
     */
    static BufferedImage toRgb(BufferedImage src, int orientation) {
        return toRgb(src, orientation, Color.WHITE);
    }

    /**
     * @param src         the decoded image, any type
     * @param orientation EXIF orientation 1 to 8 ({@link ExifOrientation#UPRIGHT} for none)
     * @param matte       the colour transparent pixels are composited over
     * @return an upright {@code TYPE_3BYTE_BGR} image; {@code src} itself when it already is one
     */
    static BufferedImage toRgb(BufferedImage src, int orientation, Color matte) {
        BufferedImage image = greyAsRgb(src);
        if (image.getType() == BufferedImage.TYPE_3BYTE_BGR && orientation == ExifOrientation.UPRIGHT) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        boolean swap = ExifOrientation.swapsSides(orientation);
        BufferedImage dst = new BufferedImage(swap ? h : w, swap ? w : h, BufferedImage.TYPE_3BYTE_BGR);
        Graphics2D g = dst.createGraphics();
        try {
            g.setColor(matte);
            g.fillRect(0, 0, dst.getWidth(), dst.getHeight());
            if (orientation == ExifOrientation.UPRIGHT) {
                g.drawImage(image, 0, 0, null);
            } else {
                g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_NEAREST_NEIGHBOR);
                g.drawImage(image, ExifOrientation.transform(orientation, w, h), null);
            }
        } finally {
            g.dispose();
        }
        return dst;
    }

    /**
     * Copies an 8- or 16-bit grey (+ alpha) image in Java's built-in linear grey space, other than the
     * standard {@code TYPE_BYTE_GRAY}/{@code TYPE_USHORT_GRAY} layouts that Java2D already copies
     * verbatim, into {@code TYPE_3BYTE_BGR} (no alpha) or {@code TYPE_4BYTE_ABGR} (with alpha).
     * Any other image is returned unchanged.
     */
    private static BufferedImage greyAsRgb(BufferedImage src) {
        int type = src.getType();
        if (type == BufferedImage.TYPE_BYTE_GRAY || type == BufferedImage.TYPE_USHORT_GRAY
                || !(src.getColorModel() instanceof ComponentColorModel cm)
                || cm.getColorSpace() != ColorSpace.getInstance(ColorSpace.CS_GRAY)
                || cm.isAlphaPremultiplied()) {
            return src;
        }
        int transfer = cm.getTransferType();
        if (transfer != DataBuffer.TYPE_BYTE && transfer != DataBuffer.TYPE_USHORT) {
            return src;
        }
        int w = src.getWidth();
        int h = src.getHeight();
        boolean alpha = cm.hasAlpha();
        BufferedImage dst = new BufferedImage(w, h, alpha ? BufferedImage.TYPE_4BYTE_ABGR : BufferedImage.TYPE_3BYTE_BGR);
        WritableRaster out = dst.getRaster(); // bands in colour-model order: R, G, B (, A)
        Raster in = src.getRaster();
        int[] inBands = alpha ? new int[] {0, 1} : new int[] {0};
        int[] outBands = alpha ? new int[] {0, 3} : new int[] {0};
        Raster grey = in.createChild(in.getMinX(), in.getMinY(), w, h, 0, 0, inBands);
        WritableRaster red = out.createWritableChild(0, 0, w, h, 0, 0, outBands);
        float[] scales = new float[inBands.length];
        float[] offsets = new float[inBands.length];
        boolean eightBit = true;
        for (int b = 0; b < inBands.length; b++) {
            int bits = cm.getComponentSize(inBands[b]);
            scales[b] = 255f / ((1 << bits) - 1);
            offsets[b] = 0.5f; // round to nearest
            eightBit &= bits == 8;
        }
        if (eightBit) {
            red.setRect(grey);
        } else {
            new RescaleOp(scales, offsets, null).filter(grey, red);
        }
        Raster redOnly = out.createChild(0, 0, w, h, 0, 0, new int[] {0});
        out.createWritableChild(0, 0, w, h, 0, 0, new int[] {1}).setRect(redOnly);
        out.createWritableChild(0, 0, w, h, 0, 0, new int[] {2}).setRect(redOnly);
        return dst;
    }
}
