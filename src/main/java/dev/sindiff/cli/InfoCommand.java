package dev.sindiff.cli;

import ai.djl.ndarray.NDManager;
import dev.sindiff.diffusion.DiffusionConfig;
import dev.sindiff.image.ImageFiles;
import dev.sindiff.image.ImageSize;
import dev.sindiff.image.ImageTensors;
import dev.sindiff.metric.Diversity;
import dev.sindiff.model.UNet;
import dev.sindiff.patch.PyramidLevels;
import dev.sindiff.run.Checkpoint;
import dev.sindiff.run.LayoutChoice;
import dev.sindiff.run.LossLog;
import dev.sindiff.run.PhaseChoice;
import dev.sindiff.run.RunConfig;
import dev.sindiff.run.RunDir;
import dev.sindiff.sample.CoarseToFine;
import dev.sindiff.sample.ImageModel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code sindiff info}: what a run is and how far it got, or which model an image file gives. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Describe a run directory, or the training-free model of an image file.")
public final class InfoCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Mixin ModelSource source;

    @Option(names = "--json", description = "Machine-readable output.") boolean json;

    /** What is printed: the JSON fields and the text lines (label, value), in order. */
    private record Description(Map<String, Object> fields, List<String[]> lines) {
        Description() {
            this(new LinkedHashMap<>(), new ArrayList<>());
        }

        void line(String label, String format, Object... args) {
            lines.add(new String[] {label, String.format(Locale.ROOT, format, args)});
        }
    }

    @Override
    public Integer call() throws Exception {
        source.check();
        Description d = source.isImage() ? image() : run();
        if (json) {
            spec.commandLine().getOut().println(RunDir.JSON.writer().without(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(d.fields()));
            return 0;
        }
        for (String[] line : d.lines()) {
            spec.commandLine().getOut().printf(Locale.ROOT, "%-16s %s%n", line[0], line[1]);
        }
        return 0;
    }

    private Description image() {
        ImageSize original = ImageFiles.readSize(source.path);
        ImageSize working = ImageModel.requireSamplable(source.path,
                ImageModel.workingSize(original.height(), original.width(), source.maxSize()));
        CoarseToFine c = CoarseToFine.CLOSED_FORM;
        int levels = PyramidLevels.of(working.height(), working.width(), c.minShortSide(), 64).count();
        DiffusionConfig diffusion = DiffusionConfig.fast();
        Description d = new Description();
        Map<String, Object> f = d.fields();
        f.put("image", source.path.toString());
        f.put("denoiser", "closed-form patch posterior mean");
        f.put("trainingFree", true);
        f.put("patch", c.patch());
        f.put("levels", levels);
        f.put("height", working.height());
        f.put("width", working.width());
        f.put("originalHeight", original.height());
        f.put("originalWidth", original.width());
        f.put("maxSize", source.maxSize());
        f.put("diffusion", diffusion);
        f.put("sampler", c.spec().toString());
        d.line("image", "%s (%dx%d, worked at %dx%d, WxH; --max-size %d)", source.path, original.width(), original.height(),
                working.width(), working.height(), source.maxSize());
        d.line("denoiser", "%s", ImageModel.describe(working.height(), working.width()));
        d.line("diffusion", "%s schedule, T = %d", diffusion.schedule().name().toLowerCase(Locale.ROOT), diffusion.steps());
        d.line("sampler", "%s by default, every level closed-form", c.spec());
        return d;
    }

    private Description run() throws java.io.IOException {
        RunDir run = RunDir.open(source.path);
        RunConfig c = run.readConfig();
        Checkpoint.Header h = Checkpoint.readHeader(run.checkpoint());
        long params;
        Double share = null; // the within-row share of a crop run without a phase: why it has none
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            UNet net = new UNet(c.model());
            net.initialize(m);
            params = net.parameterCount();
            if (c.training().crop() > 0 && !c.training().hasWholeImagePhase()) {
                share = Diversity.withinRowShare(ImageTensors.toTensor(m, ImageFiles.readRgb(run.trainImage())));
            }
        }
        List<LossLog.Row> rows = LossLog.read(run.lossLog());
        Double lastLoss = null;
        if (!rows.isEmpty()) {
            // mean of the last (up to) 100 logged steps: a single step's loss depends on its t
            int from = Math.max(0, rows.size() - 100);
            lastLoss = rows.subList(from, rows.size()).stream().mapToDouble(LossLog.Row::loss).average().orElse(Double.NaN);
        }
        Description d = new Description();
        Map<String, Object> info = d.fields();
        info.put("run", source.path.toString());
        info.put("formatVersion", c.formatVersion());
        info.put("denoiser", "UNet, trained " + h.step() + " steps");
        info.put("model", c.model());
        info.put("parameters", params);
        info.put("receptiveField", c.model().receptiveField());
        info.put("diffusion", c.diffusion());
        info.put("image", c.image());
        info.put("training", c.training());
        info.put("step", h.step());
        info.put("lastLoss", lastLoss);
        LayoutChoice layout = run.readLayoutChoice(h.step());
        info.put("layout", layout);
        PhaseChoice phase = run.readPhaseChoice(h.step());
        info.put("wholeImagePhase", phase);
        if (share != null) {
            info.put("withinRowShare", share);
        }
        int longSide = Math.max(c.image().width(), c.image().height());
        d.line("run", "%s", source.path);
        d.line("denoiser", "UNet, trained %d steps", h.step());
        d.line("architecture", "UNet, %d base channels, multipliers %s, %d ResBlock(s) per encoder level, GroupNorm(%d)",
                c.model().baseChannels(), c.model().channelMult(), c.model().resBlocks(), c.model().groups());
        d.line("parameters", "%,d", params);
        d.line("receptive field", "%d px (%.0f%% of the training image's long side)",
                c.model().receptiveField(), 100.0 * c.model().receptiveField() / longSide);
        d.line("diffusion", "%s schedule, T = %d", c.diffusion().schedule().name().toLowerCase(Locale.ROOT), c.diffusion().steps());
        d.line("training image", "%s (%dx%d, trained at %dx%d, sha256 %s)", c.image().path(),
                c.image().originalWidth(), c.image().originalHeight(), c.image().width(), c.image().height(),
                c.image().sha256().substring(0, 12));
        d.line("steps", "%d of %d (batch %d, lr %g, EMA %s)", h.step(), c.training().steps(),
                c.training().batch(), c.training().learningRate(), c.training().emaDecay());
        d.line("last loss", "%s", lastLoss == null ? "n/a" : String.format(Locale.ROOT, "%.5f (mean of the last %d steps)", lastLoss, Math.min(100, rows.size())));
        if (phase != null) {
            d.line("phase", "%s", phase.description());
        } else if (share != null) {
            d.line("phase", "%s", PhaseChoice.worthTrying(share) ? "none, crops only (--whole-image-fraction 0)"
                    : "none, crops only: " + PhaseChoice.skipReason(share));
        }
        d.line("layout", "%s", layout == null ? "coarse to fine (not measured at this step)"
                : layout.description());
        return d;
    }
}
