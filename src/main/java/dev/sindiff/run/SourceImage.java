package dev.sindiff.run;

/**
 * Where the training image came from and the size it was trained at.
 *
 * @param path the file as given
 * @param sha256 hash of the file's bytes
 * @param originalWidth width of the file
 * @param originalHeight height of the file
 * @param width training width (long side at most {@link TrainConfig#maxSize})
 * @param height training height
 */
public record SourceImage(String path, String sha256, int originalWidth, int originalHeight, int width, int height) {}
