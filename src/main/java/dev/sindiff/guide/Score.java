package dev.sindiff.guide;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import dev.sindiff.image.ImageTensors;
import java.awt.image.BufferedImage;
import java.util.List;

/**
 * A differentiable quantity of a clean image that guidance lowers (a distance, or a negated
 * similarity). Built from NDArray operations only, so that autograd can take its gradient with
 * respect to the image.
 */
@FunctionalInterface
public interface Score {
    /**
     * @param x0 predicted clean images (N, 3, H, W) in [-1, 1]
     * @return one value per image, shape (N), lower is better
     */
    NDArray of(NDArray x0);

    /**
     * The mean score of {@code images} (lower is better), each scored on its own.
     *
     * @param manager where the images' tensors are made (and freed before returning)
     */
    default double mean(NDManager manager, List<BufferedImage> images) {
        try (NDManager m = manager.newSubManager()) {
            double sum = 0;
            for (BufferedImage img : images) {
                sum += of(ImageTensors.toTensor(m, img)).getFloat(0);
            }
            return sum / images.size();
        }
    }
}
