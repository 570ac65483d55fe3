package dev.sindiff.cli;

import ai.djl.ndarray.NDManager;
import dev.sindiff.model.UNet;
import dev.sindiff.train.Checkpoint;
import dev.sindiff.train.LossLog;
import dev.sindiff.train.RunConfig;
import dev.sindiff.train.RunDir;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sindiff info}: what a run is and how far it got. */
@Command(name = "info", mixinStandardHelpOptions = true, description = "Describe a run directory.")
public final class InfoCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "RUN_DIR") Path runDir;

    @Option(names = "--json", description = "Machine-readable output.") boolean json;

    @Override
    public Integer call() throws Exception {
        RunDir run = RunDir.open(runDir);
        RunConfig c = run.readConfig();
        Checkpoint.Header h = Checkpoint.readHeader(run.checkpoint());
        long params;
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            UNet net = new UNet(c.model());
            net.initialize(m);
            params = net.parameterCount();
        }
        List<LossLog.Row> rows = LossLog.read(run.lossLog());
        Double lastLoss = null;
        if (!rows.isEmpty()) {
            // mean of the last (up to) 100 logged steps: a single step's loss depends on its t
            int from = Math.max(0, rows.size() - 100);
            lastLoss = rows.subList(from, rows.size()).stream().mapToDouble(LossLog.Row::loss).average().orElse(Double.NaN);
        }
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("run", runDir.toString());
        info.put("formatVersion", c.formatVersion());
        info.put("model", c.model());
        info.put("parameters", params);
        info.put("receptiveField", c.model().receptiveField());
        info.put("diffusion", c.diffusion());
        info.put("image", c.image());
        info.put("training", c.training());
        info.put("step", h.step());
        info.put("lastLoss", lastLoss);
        if (json) {
            System.out.println(RunDir.JSON.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(info));
            return 0;
        }
        int longSide = Math.max(c.image().width(), c.image().height());
        System.out.printf(Locale.ROOT, "run              %s%n", runDir);
        System.out.printf(Locale.ROOT, "architecture     UNet, %d base channels, multipliers %s, %d ResBlock(s) per encoder level, GroupNorm(%d)%n",
                c.model().baseChannels(), c.model().channelMult(), c.model().resBlocks(), c.model().groups());
        System.out.printf(Locale.ROOT, "parameters       %,d%n", params);
        System.out.printf(Locale.ROOT, "receptive field  %d px (%.0f%% of the training image's long side)%n",
                c.model().receptiveField(), 100.0 * c.model().receptiveField() / longSide);
        System.out.printf(Locale.ROOT, "diffusion        %s schedule, T = %d%n", c.diffusion().schedule().name().toLowerCase(Locale.ROOT), c.diffusion().steps());
        System.out.printf(Locale.ROOT, "training image   %s (%dx%d, trained at %dx%d, sha256 %s)%n", c.image().path(),
                c.image().originalWidth(), c.image().originalHeight(), c.image().width(), c.image().height(),
                c.image().sha256().substring(0, 12));
        System.out.printf(Locale.ROOT, "steps            %d of %d (batch %d, lr %g, EMA %s)%n", h.step(), c.training().steps(),
                c.training().batch(), c.training().learningRate(), c.training().emaDecay());
        System.out.printf(Locale.ROOT, "last loss        %s%n", lastLoss == null ? "n/a" : String.format(Locale.ROOT, "%.5f (mean of the last %d steps)", lastLoss, Math.min(100, rows.size())));
        return 0;
    }
}
