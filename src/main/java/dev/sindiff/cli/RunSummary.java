package dev.sindiff.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sindiff.diffusion.NoiseSchedule;
import dev.sindiff.sample.CanvasPlan;
import dev.sindiff.sample.Generation;
import dev.sindiff.sample.SolverChoice;
import java.awt.image.BufferedImage;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a generating command did: the files it wrote, printed as paths (one a line) or, with
 * --json, as one JSON object with the request, the stages, the denoiser evaluations and the time:
 *
 * <pre>{@code
 * {"command":"sample","model":"models/hubble","denoiser":"UNet, trained 3000 steps, EMA weights",
 *  "count":2,"seed":0,"batch":2,"tile":0,"overlap":0,"sampler":"dpm++2m(steps=20, spacing=karras)",
 *  "stages":[{"height":112,"width":256,"sampler":"dpm++2m(steps=20, spacing=karras)","evaluations_per_image":20}],
 *  "evaluations":20,"seconds":3.1,
 *  "files":[{"path":"out/sample-000.png","role":"sample","height":112,"width":256}, ...,
 *           {"path":"out/contact-sheet.png","role":"contact-sheet","height":112,"width":516}]}
 * }</pre>
 *
 * {@code evaluations} counts an evaluation on a batch once, over every stage and coarse level;
 * {@code evaluations_per_image} is a stage's at its own canvas (its solver's steps, Heun's
 * doubled, times RePaint's resampling).
 */
final class RunSummary {
    /**
     * One run of the reverse-diffusion loop that the command made: its canvas, solver and
     * denoiser evaluations per image at that canvas.
     */
    record Stage(int height, int width, SolverChoice solver, int evaluationsPerImage) {
        /** The stage that runs {@code plan} with {@code solver}. */
        static Stage of(CanvasPlan plan, SolverChoice solver, NoiseSchedule schedule) {
            int evaluations = plan.strength() == 0 ? 0
                    : solver.solver(schedule, schedule.startTimestep(plan.strength())).evaluations() * plan.hooks().resample();
            return new Stage(plan.height(), plan.width(), solver, evaluations);
        }
    }

    /** A file written, what it is, and its image's size. */
    private record File(Path path, String role, int height, int width) {}

    private final String command;
    private final String model;
    private final String denoiser;
    private final Generation request;
    private final List<Stage> stages;
    private final long evaluations;
    private final int redrawn;
    private final double seconds;
    private final List<File> files = new ArrayList<>();

    RunSummary(String command, String model, String denoiser, Generation request, List<Stage> stages, long evaluations,
            int redrawn, double seconds) {
        this.command = command;
        this.model = model;
        this.denoiser = denoiser;
        this.request = request;
        this.stages = List.copyOf(stages);
        this.evaluations = evaluations;
        this.redrawn = redrawn;
        this.seconds = seconds;
    }

    /** The samples written: {@code written} are the files of the first images of {@code images}, in order. */
    void addSamples(List<Path> written, List<BufferedImage> images) {
        for (int i = 0; i < written.size(); i++) {
            addFile(written.get(i), "sample", images.get(i));
        }
    }

    void addFile(Path path, String role, BufferedImage image) {
        files.add(new File(path, role, image.getHeight(), image.getWidth()));
    }

    /** Prints the files' paths, one a line, or the JSON object on one line. */
    void print(PrintWriter out, boolean json) {
        if (json) {
            out.println(json().toString());
        } else {
            files.forEach(f -> out.println(f.path()));
        }
        out.flush();
    }

    ObjectNode json() {
        ObjectNode o = new ObjectMapper().createObjectNode();
        o.put("command", command).put("model", model).put("denoiser", denoiser)
                .put("count", request.count()).put("seed", request.seed()).put("batch", request.batch())
                .put("tile", request.tiling().tile()).put("overlap", request.tiling().overlap())
                .put("sampler", String.valueOf(request.solver()));
        ArrayNode st = o.putArray("stages");
        for (Stage s : stages) {
            st.addObject().put("height", s.height()).put("width", s.width()).put("sampler", s.solver().toString())
                    .put("evaluations_per_image", s.evaluationsPerImage());
        }
        o.put("evaluations", evaluations).put("redrawn", redrawn).put("seconds", Math.round(seconds * 1000) / 1000.0);
        ArrayNode fs = o.putArray("files");
        for (File f : files) {
            fs.addObject().put("path", f.path().toString()).put("role", f.role()).put("height", f.height()).put("width", f.width());
        }
        return o;
    }
}
