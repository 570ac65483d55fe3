package dev.sindiff.cli;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sindiff.UserError;
import dev.sindiff.diffusion.Spacing;
import dev.sindiff.eval.Evaluation;
import dev.sindiff.eval.Interpretation;
import dev.sindiff.metric.PatchSwd;
import dev.sindiff.eval.ResultsCsv;
import dev.sindiff.eval.SampleFiles;
import dev.sindiff.eval.SamplerSweep;
import dev.sindiff.image.ImageFiles;
import dev.sindiff.image.ImageTensors;
import dev.sindiff.run.Checkpoint;
import dev.sindiff.run.LossLog;
import dev.sindiff.run.RunConfig;
import dev.sindiff.run.RunDir;
import dev.sindiff.sample.ImageModel;
import dev.sindiff.sample.SolverChoice;
import dev.sindiff.sample.TrainedModel;
import dev.sindiff.train.Preset;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sindiff eval}: weight-free quality of samples, or of samplers, against the training image. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Measure samples against the run's training image (or an image file at its working size, for samples",
                "of its training-free model): multi-scale patch SWD, diversity and copy distance,",
                "with a calibration table that says what the numbers mean. With --sweep, sample the model with",
                "several samplers and step counts and compare them (optionally as a chart)."})
public final class EvalCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin ModelSource source;
    @Parameters(index = "1..*", paramLabel = "SAMPLES", description = "Sample images, or folders: their sample-NNN.png files (contact sheets, comparisons and previews are not samples).") List<Path> samples = new ArrayList<>();

    @Option(names = "--sweep", description = "Generate samples with each --samplers x --steps (plus DDPM-1000 as reference) and compare.") boolean sweep;
    @Option(names = "--samplers", split = ",", defaultValue = "ddim,dpm++2m,heun", converter = Converters.Sampler.class,
            completionCandidates = Converters.SamplerNames.class,
            description = "Samplers for --sweep, of ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).") List<SolverChoice.Algorithm> samplers;
    @Option(names = "--steps", split = ",", defaultValue = "5,10,20,50", description = "Step counts for --sweep (default: ${DEFAULT-VALUE}).") List<Integer> steps;
    @Option(names = "--no-reference", description = "Leave DDPM with all T steps out of --sweep.") boolean noReference;
    @Option(names = "--eta", defaultValue = "0", description = "DDIM eta in --sweep (default: ${DEFAULT-VALUE}).") double eta;
    @Option(names = "--spacing", description = "Spacing in --sweep, ${COMPLETION-CANDIDATES} (default: each sampler's own).") Spacing spacing;
    @Option(names = "--count", defaultValue = "8", description = "Samples per sampler in --sweep (default: ${DEFAULT-VALUE}).") int count;
    @Option(names = "--seed", defaultValue = "0", description = "Sampling seed in --sweep (default: ${DEFAULT-VALUE}).") long seed;
    @Option(names = "--batch", defaultValue = "8", description = "Images denoised together in --sweep (default: ${DEFAULT-VALUE}).") int batch;
    @Option(names = "--metric-seed", defaultValue = "0", description = "Seed of the SWD projections (default: ${DEFAULT-VALUE}).") long metricSeed;
    @Option(names = "--projections", defaultValue = "128", description = "Random directions per pyramid level (default: ${DEFAULT-VALUE}).") int projections;
    @Option(names = "--json", description = "Print one JSON object instead of text.") boolean json;
    @Option(names = "--csv", paramLabel = "FILE", description = "Append result rows to this CSV (created with a header if new).") Path csv;
    @Option(names = "--label", description = "First column of the CSV rows (default: the run's folder name).") String label;
    @Option(names = "--chart", paramLabel = "FILE.png", description = "With --sweep: write SWD against denoiser evaluations as a PNG chart.") Path chart;
    @Option(names = "--no-calibration", description = "Skip the calibration table (faster in scripts).") boolean noCalibration;
    @picocli.CommandLine.Mixin DeviceOption device;
    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (sweep == !samples.isEmpty()) {
            throw new UserError(sweep ? "give either SAMPLES or --sweep, not both"
                    : "give sample images or folders to evaluate, or --sweep to generate and compare samplers");
        }
        if (chart != null && !sweep) throw new UserError("--chart needs --sweep");
        if (projections < 1 || projections > 4096) throw new UserError("--projections must be in [1, 4096], got " + projections);
        if (count < 1 || count > 10_000) throw new UserError("--count must be in [1, 10000], got " + count);
        if (batch < 1) throw new UserError("--batch must be >= 1, got " + batch);
        source.check("--sweep");
        PatchSwd.Config swd = new PatchSwd.Config(0, 7, projections, PatchSwd.Config.DEFAULT.maxPatches(), metricSeed);
        String rowLabel = label != null ? label : String.valueOf(source.path.toAbsolutePath().normalize().getFileName());
        Subject subject = source.isImage() ? imageSubject() : runSubject();
        return sweep ? sweep(subject, swd, rowLabel) : files(subject, swd, rowLabel);
    }

    /**
     * What samples are measured against and what made them.
     *
     * @param image the training image, or the image file at its working size
     * @param file where {@code image} is read from
     * @param imagePath the image's path as the run (or the command line) names it
     * @param preset the network preset, or "closed-form" for an image file
     * @param model one line on the model for the text output
     */
    private record Subject(BufferedImage image, Path file, String imagePath, String preset, long trainSteps, double trainSeconds, String model) {}

    private Subject runSubject() throws java.io.IOException {
        RunDir run = RunDir.open(source.path);
        RunConfig config = run.readConfig();
        long trainSteps = Checkpoint.readHeader(run.checkpoint()).step();
        return new Subject(ImageFiles.readRgb(run.trainImage()), run.trainImage(), config.image().path(), Preset.nameOf(config.model()), trainSteps,
                LossLog.totalSeconds(run.lossLog()), "model " + Preset.nameOf(config.model()) + " at step " + trainSteps);
    }

    private Subject imageSubject() {
        try (ImageModel m = ImageModel.load(source.path, ai.djl.Device.cpu(), source.maxSize())) {
            return new Subject(m.image(), source.path, source.path.toString(), CLOSED_FORM_PRESET, 0, 0, m.description());
        }
    }

    /** The preset column of an image file's training-free model. */
    static final String CLOSED_FORM_PRESET = "closed-form";

    private int files(Subject subject, PatchSwd.Config swd, String rowLabel) throws Exception {
        List<Path> files = SampleFiles.expand(samples);
        Evaluation.Report report;
        List<Evaluation.CalibrationRow> calibration = null;
        try (NDManager m = NDManager.newBaseManager(ai.djl.Device.cpu())) {
            NDArray train = ImageTensors.toTensor(m, subject.image());
            List<NDArray> images = new ArrayList<>();
            for (Path f : files) {
                images.add(ImageTensors.toTensor(m, ImageFiles.readRgb(f)));
            }
            warnOddSizes(files, images);
            report = Evaluation.evaluate(train, images, swd);
            if (!noCalibration) {
                calibration = Evaluation.calibrate(train, swd);
            }
        }
        if (csv != null) {
            ResultsCsv.append(csv, List.of(new ResultsCsv.Row(rowLabel, source.path.toString(), subject.imagePath(),
                    subject.preset(), subject.trainSteps(), subject.trainSeconds(), null, null, null, null, report)));
        }
        if (json) {
            ObjectNode o = header(subject);
            ArrayNode per = o.putArray("samples");
            for (int i = 0; i < files.size(); i++) {
                per.addObject().put("file", files.get(i).toString()).put("swd", report.swd()[i])
                        .put("copy_distance", report.copyDistance()[i]).put("layout", report.layout()[i]);
            }
            putReport(o, report);
            if (calibration != null) {
                putCalibration(o, calibration);
            }
            out().println(new ObjectMapper().writeValueAsString(o));
            return 0;
        }
        out().printf(Locale.ROOT, "%d sample(s) against %s (%dx%d, HxW), %s%n%n",
                files.size(), subject.file(), subject.image().getHeight(), subject.image().getWidth(), subject.model());
        out().println("sample                                    patch SWD   copy distance   layout");
        for (int i = 0; i < files.size(); i++) {
            out().printf(Locale.ROOT, "%-40s  %9.4f   %13.3f   %6.4f%n", shorten(files.get(i).toString(), 40),
                    report.swd()[i], report.copyDistance()[i], report.layout()[i]);
        }
        out().println();
        out().print(report.summary());
        if (calibration != null) {
            out().println();
            out().println("What the numbers mean, on this training image (lower SWD = closer patch statistics):");
            out().print(Evaluation.formatCalibration(calibration));
            out().println();
            out().print(Interpretation.explain(report, calibration));
        }
        return 0;
    }

    /** One warning line per sample whose size differs from most samples' (see {@link Evaluation#oddSized}). */
    private void warnOddSizes(List<Path> files, List<NDArray> images) {
        List<Integer> odd = Evaluation.oddSized(images);
        if (odd.isEmpty()) {
            return;
        }
        int common = java.util.stream.IntStream.range(0, images.size()).filter(i -> !odd.contains(i)).findFirst().orElse(0);
        for (int i : odd) {
            err().printf(Locale.ROOT, "warning: %s is %s (WxH), unlike the other samples (%s): scored on its own,"
                    + " and the diversity, which compares samples pixel by pixel, is left out%n",
                    files.get(i), size(images.get(i)), size(images.get(common)));
        }
    }

    private static String size(NDArray image) {
        return image.getShape().get(3) + "x" + image.getShape().get(2);
    }

    private int sweep(Subject subject, PatchSwd.Config swd, String rowLabel) throws Exception {
        List<SolverChoice> specs = new ArrayList<>();
        if (!noReference) {
            specs.add(SolverChoice.ddpm());
        }
        for (SolverChoice.Algorithm a : samplers) {
            for (int k : steps) {
                if (a != SolverChoice.Algorithm.DDPM) {
                    specs.add(SolverChoice.of(a, k, eta, spacing));
                }
            }
        }
        List<SamplerSweep.Point> points;
        try (TrainedModel model = TrainedModel.load(source.path, device.select(), true)) {
            for (SolverChoice choice : specs) {
                choice.solver(model.schedule()); // reject bad step counts before any work
            }
            points = SamplerSweep.run(model, specs, count, seed, Math.min(batch, count), swd,
                    (done, total) -> err().println("sampling " + count + " with " + specs.get((int) done)));
        }
        if (csv != null) {
            List<ResultsCsv.Row> rows = new ArrayList<>();
            for (SamplerSweep.Point p : points) {
                rows.add(new ResultsCsv.Row(rowLabel, source.path.toString(), subject.imagePath(), subject.preset(),
                        subject.trainSteps(), subject.trainSeconds(), p.spec().algorithm().toString(), p.spec().steps(), p.evaluations(),
                        p.secondsPerSample(), p.report()));
            }
            ResultsCsv.append(csv, rows);
        }
        if (chart != null) {
            SamplerSweep.chart(points, count, chart);
        }
        Double reference = noReference ? null : points.get(0).report().swdMean();
        if (json) {
            ObjectNode o = header(subject);
            ArrayNode arr = o.putArray("samplers");
            for (SamplerSweep.Point p : points) {
                ObjectNode n = arr.addObject().put("sampler", p.spec().algorithm().toString()).put("spec", p.spec().toString())
                        .put("steps", p.spec().steps()).put("evaluations", p.evaluations())
                        .put("seconds_per_sample", p.secondsPerSample());
                putReport(n, p.report());
                if (reference != null) {
                    n.put("swd_vs_reference", p.report().swdMean() / reference);
                }
            }
            out().println(new ObjectMapper().writeValueAsString(o));
            return 0;
        }
        out().printf(Locale.ROOT, "%d samples per sampler at %dx%d (HxW), %s%n",
                count, subject.image().getHeight(), subject.image().getWidth(), subject.model());
        out().println("sampler                              evals   SWD mean   SWD sd  vs ref  diversity  min copy  s/sample");
        for (SamplerSweep.Point p : points) {
            Evaluation.Report r = p.report();
            out().printf(Locale.ROOT, "%-36s %5d   %8.4f  %7.4f  %6s  %9s  %8.3f  %8.2f%n", shorten(p.spec().toString(), 36),
                    p.evaluations(), r.swdMean(), r.swdStd(),
                    reference == null ? "" : String.format(Locale.ROOT, "%.0f%%", 100 * r.swdMean() / reference),
                    r.diversity() == null ? "n/a" : String.format(Locale.ROOT, "%.3f", r.diversity()),
                    r.minCopyDistance(), p.secondsPerSample());
        }
        return 0;
    }

    private static ObjectNode header(Subject s) {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("image", s.imagePath()).put("height", s.image().getHeight()).put("width", s.image().getWidth())
                .put("preset", s.preset()).put("train_steps", s.trainSteps()).put("train_seconds", s.trainSeconds());
        return o;
    }

    private static void putReport(ObjectNode o, Evaluation.Report r) {
        o.put("count", r.sampleCount()).put("swd_mean", r.swdMean()).put("swd_std", r.swdStd());
        ArrayNode levels = o.putArray("swd_per_level");
        for (double v : r.swdPerLevel()) {
            levels.add(v);
        }
        if (r.diversity() == null) {
            o.putNull("diversity");
        } else {
            o.put("diversity", r.diversity());
        }
        if (r.diversityCeiling() == null) {
            o.putNull("diversity_ceiling");
        } else {
            o.put("diversity_ceiling", r.diversityCeiling());
        }
        o.put("min_copy_distance", r.minCopyDistance()).put("near_copies", r.nearCopies())
                .put("near_copy_threshold", dev.sindiff.metric.CopyDistance.NEAR_COPY).put("layout", r.layoutMean());
    }

    private static void putCalibration(ObjectNode o, List<Evaluation.CalibrationRow> rows) {
        ArrayNode arr = o.putArray("calibration");
        for (Evaluation.CalibrationRow c : rows) {
            arr.addObject().put("reference", c.name()).put("swd", c.swd()).put("copy_distance", c.copyDistance())
                    .put("layout", c.layout())
                    .put("description", c.description());
        }
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private PrintWriter err() {
        return spec.commandLine().getErr();
    }

    private static String shorten(String s, int n) {
        return s.length() <= n ? s : "…" + s.substring(s.length() - n + 1);
    }
}
