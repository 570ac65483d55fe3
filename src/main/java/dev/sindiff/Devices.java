package dev.sindiff;

import ai.djl.Device;
import ai.djl.engine.Engine;
import java.util.Locale;

/** Chooses the compute device from the user's {@code --device cpu|gpu|auto}. */
public final class Devices {
    private Devices() {}

    public static Device select(String choice) {
        String c = choice == null ? "auto" : choice.toLowerCase(Locale.ROOT);
        int gpus = Engine.getInstance().getGpuCount();
        return switch (c) {
            case "cpu" -> Device.cpu();
            case "auto" -> gpus > 0 ? Device.gpu() : Device.cpu();
            case "gpu", "cuda" -> {
                if (gpus == 0) {
                    throw new UserError(
                            "--device gpu: no CUDA GPU is visible to DJL (0 found); use --device cpu, or see README 'GPU' for the CUDA libtorch setup");
                }
                yield Device.gpu();
            }
            default -> throw new UserError("--device must be cpu, gpu or auto, got '" + choice + "'");
        };
    }
}
