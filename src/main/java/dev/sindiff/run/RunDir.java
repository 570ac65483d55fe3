package dev.sindiff.run;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.sindiff.UserError;
import dev.sindiff.image.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A run directory: {@code config.json} (human-readable), {@code checkpoint.bin} (weights, EMA,
 * optimizer state, step), {@code loss.csv}, {@code train-image.png} (the image at training size)
 * {@code previews/} and, once training finished, {@code layout.json} ({@link LayoutChoice}). A run
 * with a whole-image phase ({@link TrainConfig#wholeImageFraction}) also holds
 * {@code checkpoint-crops.bin} from the phase's start until it has measured the phase, and then
 * {@code whole-image-phase.json} ({@link PhaseChoice}).
 *
 * <p>A run is started by writing {@code train-image.png}, then {@code config.json}, then the
 * step-0 checkpoint, each atomically. A kill in between leaves an <em>unfinished start</em>
 * ({@link #isUnfinishedStart}): {@code sindiff train --resume} finishes it, and starting a run
 * there again replaces it, since nothing was trained yet.
 */
public record RunDir(Path dir) {
    public static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public Path config() {
        return dir.resolve("config.json");
    }

    public Path checkpoint() {
        return dir.resolve("checkpoint.bin");
    }

    public Path lossLog() {
        return dir.resolve("loss.csv");
    }

    public Path trainImage() {
        return dir.resolve("train-image.png");
    }

    /** The loss curve, redrawn at every checkpoint. */
    public Path lossChart() {
        return dir.resolve("loss.png");
    }

    /** Preview grids over time, one row per preview, redrawn with every preview. */
    public Path previewTimeline() {
        return dir.resolve("previews.png");
    }

    public Path previews() {
        return dir.resolve("previews");
    }

    /** The sampling layout chosen when training finished ({@link LayoutChoice}). */
    public Path layoutChoice() {
        return dir.resolve("layout.json");
    }

    /**
     * The layout choice measured at {@code step}, or null when there is none for that step (never
     * measured, measured before training went on, or unreadable: the caller falls back to its default).
     */
    public LayoutChoice readLayoutChoice(long step) {
        LayoutChoice c = readJson(layoutChoice(), LayoutChoice.class);
        return c != null && c.step() == step ? c : null;
    }

    public void writeLayoutChoice(LayoutChoice choice) throws IOException {
        writeJson(layoutChoice(), choice);
    }

    /** The checkpoint written when the crop steps ended, kept until the whole-image phase is measured. */
    public Path cropCheckpoint() {
        return dir.resolve("checkpoint-crops.bin");
    }

    /** The file recording whether the whole-image phase was kept ({@link PhaseChoice}). */
    public Path phaseChoice() {
        return dir.resolve("whole-image-phase.json");
    }

    /**
     * The phase choice for the phase from step {@code from} to step {@code step}, or null when
     * there is none for those steps (never measured, another phase, or unreadable).
     */
    public PhaseChoice readPhaseChoice(long from, long step) {
        PhaseChoice c = readJson(phaseChoice(), PhaseChoice.class);
        return c != null && c.from() == from && c.step() == step ? c : null;
    }

    /** The phase choice of the phase that ended at {@code step}, or null when there is none. */
    public PhaseChoice readPhaseChoice(long step) {
        PhaseChoice c = readJson(phaseChoice(), PhaseChoice.class);
        return c != null && c.step() == step ? c : null;
    }

    public void writePhaseChoice(PhaseChoice choice) throws IOException {
        writeJson(phaseChoice(), choice);
    }

    private static <T> T readJson(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try {
            return JSON.readValue(file.toFile(), type);
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static void writeJson(Path file, Object value) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(value);
        AtomicFiles.write(file, out -> out.write(bytes));
    }

    /**
     * Opens an existing run, checking that it is one, that this build can read it and that it has
     * a checkpoint.
     *
     * @throws UserError naming what is missing and the command that helps
     */
    public static RunDir open(Path dir) {
        RunDir run = openToResume(dir);
        if (run.isUnfinishedStart()) {
            throw new UserError("run directory '" + dir + "' has no checkpoint.bin: its start was interrupted;"
                    + " finish it with 'sindiff train --resume " + dir + "'");
        }
        return run;
    }

    /**
     * Opens a run to continue training: like {@link #open}, but an unfinished start (no checkpoint
     * yet) is accepted, since resuming it finishes it.
     *
     * @throws UserError if the folder is missing, holds no config.json or one this build cannot read
     */
    public static RunDir openToResume(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserError("run directory '" + dir + "' does not exist (give a folder written by 'sindiff train')");
        }
        RunDir run = new RunDir(dir);
        if (!Files.isRegularFile(run.config())) {
            throw new UserError("'" + dir + "' is not a sindiff run directory (no config.json; give a folder written by 'sindiff train'"
                    + (Files.exists(run.trainImage()) ? ", or start this interrupted one again with 'sindiff train IMAGE --out " + dir + "'" : "")
                    + ")");
        }
        run.readConfig();
        return run;
    }

    /**
     * Whether the folder holds a start that was killed before its step-0 checkpoint: a config, or
     * the training image alone, but no checkpoint.
     */
    public boolean isUnfinishedStart() {
        return (Files.exists(config()) || Files.exists(trainImage())) && !Files.exists(checkpoint());
    }

    /** Deletes what an unfinished start wrote (config, training image, temporary files), so a new start can take the folder. */
    public void clearUnfinishedStart() throws IOException {
        Files.deleteIfExists(config());
        Files.deleteIfExists(trainImage());
        AtomicFiles.deleteStale(dir);
    }

    public RunConfig readConfig() {
        JsonNode node;
        try {
            node = JSON.readTree(config().toFile());
        } catch (IOException e) {
            throw new UserError("'" + config() + "' is not valid JSON: " + firstLine(e.getMessage()));
        }
        JsonNode version = node == null ? null : node.get("formatVersion");
        if (version == null || !version.canConvertToInt()) {
            throw new UserError("'" + config() + "' is not a sindiff run config (no formatVersion)");
        }
        if (version.asInt() != RunConfig.FORMAT_VERSION) {
            throw new UserError("run directory '" + dir + "' has format version " + version.asInt()
                    + "; this sindiff reads version " + RunConfig.FORMAT_VERSION);
        }
        try {
            return JSON.treeToValue(node, RunConfig.class);
        } catch (IOException | IllegalArgumentException e) {
            throw new UserError("'" + config() + "' is not a valid sindiff run config: " + firstLine(e.getMessage()));
        }
    }

    public void writeConfig(RunConfig config) throws IOException {
        Files.createDirectories(dir);
        byte[] bytes = JSON.writeValueAsBytes(config);
        AtomicFiles.write(config(), out -> out.write(bytes));
    }

    static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
