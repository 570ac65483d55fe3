package dev.sindiff.tensor;

import ai.djl.ndarray.NDArray;
import java.util.List;

/** Small whole-tensor helpers for state that must be updated in place. */
public final class Tensors {
    private Tensors() {}

    /** Copies values of {@code src} into {@code dst} in place (dst keeps its identity and gradient flag). */
    public static void assign(NDArray dst, NDArray src) {
        if (!dst.getShape().equals(src.getShape())) {
            throw new IllegalArgumentException("shape " + src.getShape() + " != " + dst.getShape());
        }
        NDArray s = src.getDevice().equals(dst.getDevice()) ? src : src.toDevice(dst.getDevice(), true);
        dst.subi(dst).addi(s);
        if (s != src) {
            s.close();
        }
    }

    public static void assignAll(List<NDArray> dst, List<NDArray> src) {
        if (dst.size() != src.size()) {
            throw new IllegalArgumentException(src.size() + " arrays for " + dst.size());
        }
        for (int i = 0; i < dst.size(); i++) {
            assign(dst.get(i), src.get(i));
        }
    }
}
