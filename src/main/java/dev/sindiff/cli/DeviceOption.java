package dev.sindiff.cli;

import ai.djl.Device;
import dev.sindiff.Devices;
import picocli.CommandLine.Option;

/** The {@code --device cpu|gpu|auto} option shared by the commands that compute. */
public final class DeviceOption {
    @Option(names = "--device", defaultValue = "auto", description = "cpu, gpu or auto (default: ${DEFAULT-VALUE}).")
    String device;

    Device select() {
        return Devices.select(device);
    }
}
