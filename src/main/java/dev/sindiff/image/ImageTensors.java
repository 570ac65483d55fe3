package dev.sindiff.image;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.nio.ByteBuffer;

/**
 * Converts between 8-bit RGB images and float tensors (N=1, 3, H, W) in [-1, 1], moving whole
 * pixel buffers (never pixel by pixel).
 */
public final class ImageTensors {
    private ImageTensors() {}

    /** A TYPE_3BYTE_BGR image as a (1, 3, H, W) float tensor in [-1, 1] on {@code manager}. */
    public static NDArray toTensor(NDManager manager, BufferedImage image) {
        BufferedImage bgr = image.getType() == BufferedImage.TYPE_3BYTE_BGR ? image : toBgr(image);
        byte[] bytes = ((DataBufferByte) bgr.getRaster().getDataBuffer()).getData();
        int h = bgr.getHeight();
        int w = bgr.getWidth();
        try (NDManager scratch = manager.newSubManager()) {
            NDArray hwc = scratch.create(ByteBuffer.wrap(bytes), new Shape(h, w, 3), DataType.UINT8);
            NDArray out = hwc.toType(DataType.FLOAT32, false)
                    .flip(2) // BGR -> RGB
                    .transpose(2, 0, 1)
                    .div(127.5f)
                    .sub(1f)
                    .expandDims(0);
            out.attach(manager);
            return out;
        }
    }

    /**
     * {@code image} resized to {@code height} x {@code width} pixels by area averaging (for
     * shrinking), computed on {@code manager}'s device; {@code image} itself when it already has
     * that size.
     */
    public static BufferedImage resizedByArea(NDManager manager, BufferedImage image, int height, int width) {
        if (image.getHeight() == height && image.getWidth() == width) {
            return image;
        }
        try (NDManager scratch = manager.newSubManager()) {
            return toImage(TensorResize.resize(toTensor(scratch, image), height, width, TensorResize.Mode.AREA));
        }
    }

    /** A (3, H, W) or (1, 3, H, W) tensor in [-1, 1] as a TYPE_3BYTE_BGR image (values clipped). */
    public static BufferedImage toImage(NDArray chw) {
        NDArray x = chw.getShape().dimension() == 4 ? chw.get(0) : chw;
        Shape s = x.getShape();
        int h = (int) s.get(1);
        int w = (int) s.get(2);
        byte[] bytes;
        try (NDManager scratch = x.getManager().newSubManager()) {
            NDArray u8 = x.toDevice(ai.djl.Device.cpu(), true);
            u8.attach(scratch);
            bytes = u8.clip(-1f, 1f)
                    .add(1f)
                    .mul(127.5f)
                    .round()
                    .toType(DataType.UINT8, false)
                    .transpose(1, 2, 0)
                    .flip(2) // RGB -> BGR
                    .toByteArray();
        }
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
        byte[] dst = ((DataBufferByte) out.getRaster().getDataBuffer()).getData();
        System.arraycopy(bytes, 0, dst, 0, dst.length);
        return out;
    }

    private static BufferedImage toBgr(BufferedImage image) {
        BufferedImage out = new BufferedImage(image.getWidth(), image.getHeight(), BufferedImage.TYPE_3BYTE_BGR);
        java.awt.Graphics2D g = out.createGraphics();
        g.drawImage(image, 0, 0, null);
        g.dispose();
        return out;
    }
}
