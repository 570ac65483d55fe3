package dev.sindiff.cli;

import dev.sindiff.image.ContactSheet;
import dev.sindiff.sample.CanvasPlan;
import dev.sindiff.sample.CoarseToFine;
import dev.sindiff.sample.Generation;
import dev.sindiff.sample.Model;
import dev.sindiff.sample.SolverChoice;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * What every generating command does ({@code sample} and the applications): a run directory or an
 * image file ({@link ModelSource}) and the generation options; a plan that the subclass builds
 * from its own options; then load, generate with a progress bar, write sample-NNN.png as each
 * batch finishes, the contact sheet (and comparison.png when there were inputs) at the end, and
 * print the paths, or one JSON summary with --json.
 */
abstract class GeneratingCommand implements Callable<Integer> {
    @Mixin ModelSource source;
    @Mixin GenerationOptions gen;
    @Spec CommandSpec spec;

    /** The plan and the pictures that show what went in (for comparison.png; none for plain sampling). */
    record Job(CanvasPlan plan, List<BufferedImage> before, String what) {}

    /** Images asked for (--count). */
    abstract int count();

    /** Options of this command that only a trained network has (refused with an image file). */
    String[] networkOnly() {
        return new String[0];
    }

    /**
     * Checks this command's options before the model is loaded (the library's own rules, by
     * building what they make), and completes the request with what they add to it.
     */
    abstract Generation prepare(Generation request);

    /** The plan for {@code model}; reads the inputs. */
    abstract Job job(Model model);

    /** The line on stderr that says what is generated (the request has the model's defaults). */
    String header(Job job, Generation request, Model model) {
        return String.format(Locale.ROOT, "%s: %d result(s) of %dx%d (HxW) with %s from %s (%s)", job.what(), request.count(),
                job.plan().height(), job.plan().width(), method(request), source, model.description());
    }

    /** The solver and, for a network, how the layout is made: "dpm++2m(…), coarse to fine". */
    static String method(Generation request) {
        String layout = request.coarse().equals(CoarseToFine.NONE) ? ", the network alone"
                : request.coarse().equals(CoarseToFine.DEFAULT) ? ", coarse to fine" : "";
        return request.solver() + layout;
    }

    /** Says something about the results on stderr before they are written (nothing by default). */
    void report(Model model, List<BufferedImage> images) {}

    /** The stages of the run for the JSON summary: one, the plan's own, unless the subclass runs more. */
    List<RunSummary.Stage> stages(Job job, Generation request, Model model) {
        return List.of(RunSummary.Stage.of(job.plan(), request.solver(), model.schedule()));
    }

    /** The job on a canvas that wraps around when --seamless is given. */
    private Job seamless(Job job) {
        return gen.seamless ? new Job(job.plan().withSeamless(true), job.before(), job.what()) : job;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    @Override
    public Integer call() throws Exception {
        gen.check(source, networkOnly());
        Generation request = prepare(gen.request(count()));
        List<Path> targets = gen.targets(count());
        gen.checkTargets(targets);
        try (Model model = gen.load(source);
                SampleWriter writer = new SampleWriter(targets, count(), out(), err())) {
            Generation withDefaults = request.withDefaultsOf(model);
            SolverChoice solver = withDefaults.solver();
            solver.solver(model.schedule()); // steps beyond the model's T are refused before any work
            Job job = seamless(job(model));
            err().println(header(job, withDefaults, model));
            Generation fitted = gen.fitToMemory(model, job.plan(), withDefaults, err());
            long started = System.nanoTime();
            List<BufferedImage> images;
            long evaluations;
            int redrawn;
            try (SampleProgress progress = new SampleProgress(writer, err())) {
                images = model.generate(job.plan(), fitted.progress(progress));
                evaluations = progress.evaluations();
                redrawn = progress.redrawn();
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            err().printf(Locale.ROOT, "sampled %d image(s) in %.1f s%s%n", images.size(), seconds,
                    redrawn == 0 ? "" : " (" + redrawn + " drawn again: near-copies of the image)");
            report(model, images);
            writer.writeRest(images);
            RunSummary summary = new RunSummary(spec.name(), source.toString(), model.description(), fitted, stages(job, fitted, model),
                    evaluations, redrawn, seconds);
            summary.addSamples(writer.written(), images);
            BufferedImage sheet = ContactSheet.grid(images);
            writer.writeFile(sheet, gen.contactSheet());
            summary.addFile(gen.contactSheet(), "contact-sheet", sheet);
            if (!job.before().isEmpty()) {
                BufferedImage comparison = ContactSheet.comparison(job.before(), images);
                writer.writeFile(comparison, gen.comparison());
                summary.addFile(gen.comparison(), "comparison", comparison);
            }
            summary.print(out(), gen.json);
        }
        return 0;
    }
}
