package dev.sindiff.cli;

import ai.djl.Device;
import ai.djl.engine.Engine;
import dev.sindiff.UserError;
import java.util.Locale;
import picocli.CommandLine.Option;

/** The {@code --device} option shared by the commands that compute. */
public final class DeviceOption {
    /** Where to compute. */
    enum Choice {
        /** The CPU. */
        CPU,
        /** The first CUDA GPU (also written cuda). */
        GPU,
        /** A GPU when DJL sees one, else the CPU. */
        AUTO;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    @Option(names = "--device", defaultValue = "auto", converter = ChoiceConverter.class, completionCandidates = ChoiceNames.class,
            description = "Where to compute: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Choice device;

    /**
     * The device chosen.
     *
     * @throws UserError for --device gpu when DJL sees no GPU
     */
    Device select() {
        int gpus = Engine.getInstance().getGpuCount();
        return switch (device) {
            case CPU -> Device.cpu();
            case AUTO -> gpus > 0 ? Device.gpu() : Device.cpu();
            case GPU -> {
                if (gpus == 0) {
                    throw new UserError(
                            "--device gpu: no CUDA GPU is visible to DJL (0 found); use --device cpu, or see README 'GPU' for the CUDA libtorch setup");
                }
                yield Device.gpu();
            }
        };
    }

    /** cpu, gpu (or cuda) or auto, in any case. */
    static final class ChoiceConverter implements picocli.CommandLine.ITypeConverter<Choice> {
        @Override
        public Choice convert(String value) {
            String v = value.toLowerCase(Locale.ROOT);
            for (Choice c : Choice.values()) {
                if (c.toString().equals(v)) {
                    return c;
                }
            }
            if (v.equals("cuda")) {
                return Choice.GPU;
            }
            throw new picocli.CommandLine.TypeConversionException("expected one of [cpu, gpu, auto] but was '" + value + "'");
        }
    }

    /** cpu, gpu, auto: for --help. */
    static final class ChoiceNames implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Arrays.stream(Choice.values()).map(Choice::toString).iterator();
        }
    }
}
