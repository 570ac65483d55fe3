package dev.sindiff.train;

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
 * and {@code previews/}.
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

    /** Opens an existing run, checking that it is one and that this build can read it. */
    public static RunDir open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new UserError("run directory '" + dir + "' does not exist (give a folder written by 'sindiff train')");
        }
        RunDir run = new RunDir(dir);
        if (!Files.isRegularFile(run.config())) {
            throw new UserError("'" + dir + "' is not a sindiff run directory (no config.json; give a folder written by 'sindiff train')");
        }
        run.readConfig();
        if (!Files.isRegularFile(run.checkpoint())) {
            throw new UserError("run directory '" + dir + "' has no checkpoint.bin yet (training has not saved a checkpoint)");
        }
        return run;
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
