package dev.sindiff.cli;

import dev.sindiff.UserError;
import dev.sindiff.bench.Bench;
import dev.sindiff.image.ImageSize;
import dev.sindiff.train.Preset;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sindiff bench}: one JSON line of timings for a preset. */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Time a training step and a denoiser evaluation; prints one JSON line.")
public final class BenchCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(names = "--preset", defaultValue = "sindiffusion", description = "Network of a preset: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).") Preset preset;
    @Option(names = "--size", defaultValue = "96x128", converter = Converters.Size.class, paramLabel = "HxW", description = "Training image size (default: ${DEFAULT-VALUE}).") ImageSize size;
    @Option(names = "--batch", defaultValue = "8", description = "Batch (default: ${DEFAULT-VALUE}).") int batch;
    @Option(names = "--warmup", defaultValue = "2", description = "Untimed steps first (default: ${DEFAULT-VALUE}).") int warmup;
    @Option(names = "--repeat", defaultValue = "5", description = "Timed steps; the median is reported (default: ${DEFAULT-VALUE}).") int repeat;
    @picocli.CommandLine.Mixin DeviceOption device;

    @Override
    public Integer call() throws Exception {
        if (batch < 1) throw new UserError("--batch must be >= 1, got " + batch);
        if (warmup < 0) throw new UserError("--warmup must be >= 0, got " + warmup);
        if (repeat < 1) throw new UserError("--repeat must be >= 1, got " + repeat);
        if (size.height() < 16 || size.width() < 16) throw new UserError("--size must be at least 16x16, got " + size);
        Bench.Result r = Bench.run(preset, size.height(), size.width(), batch, warmup, repeat, device.select());
        spec.commandLine().getOut().println(new com.fasterxml.jackson.databind.ObjectMapper()
                .setPropertyNamingStrategy(com.fasterxml.jackson.databind.PropertyNamingStrategies.SNAKE_CASE)
                .writeValueAsString(r));
        return 0;
    }
}
