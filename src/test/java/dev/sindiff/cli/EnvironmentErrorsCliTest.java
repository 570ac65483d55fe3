package dev.sindiff.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.util.Utils;
import dev.sindiff.TestImages;
import dev.sindiff.run.Checkpoint;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures of the environment, for real, in a child JVM: files that cannot grow (a file-size limit,
 * which fails writes the way a full disk does) and a native-library cache that cannot be used.
 * Each gives one line naming the file or folder, the reason and the fix, and exit code 3.
 */
class EnvironmentErrorsCliTest {
    @TempDir static Path tmp;
    static Path run;

    @BeforeAll
    static void trainATinyRun() throws IOException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "bash for ulimit");
        run = tmp.resolve("run");
        CliTest.Result r = CliTest.cli("train", TestImages.writePattern(tmp, "pattern.png", 24, 24).toString(), "--out",
                run.toString(), "--preset", "tiny", "--steps", "2", "--batch", "1", "--preview-every", "0", "--device", "cpu");
        assertEquals(0, r.code(), r.err());
    }

    record Run(int code, String err) {}

    /** Runs the CLI in a child JVM under {@code ulimit -f kib} (0 = no limit) with {@code env} added ("" removes one). */
    private static Run child(int kib, Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("/bin/bash", "-c", (kib > 0 ? "ulimit -f " + kib + "; " : "") + "exec \"$@\"", "sh",
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-XX:-UsePerfData",
                "-cp", System.getProperty("java.class.path"), "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
                "dev.sindiff.cli.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("ENGINE_CACHE_DIR", Utils.getEngineCacheDir().toString());
        pb.environment().putAll(env);
        pb.environment().values().removeIf(String::isEmpty); // "" = unset
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out");
        return new Run(p.exitValue(), err);
    }

    /** Exit code 3 and one error line of its own (not on a progress bar's line) that holds every part of {@code expected}. */
    private static void assertEnvironmentError(Run r, String... expected) {
        assertEquals(Main.EXIT_ENVIRONMENT, r.code(), r.err());
        List<String> errors = r.err().lines().filter(l -> l.contains("sindiff:")).toList();
        assertEquals(1, errors.size(), r.err());
        String line = errors.get(0);
        assertTrue(line.startsWith("sindiff: error: "), "a line of its own: " + line);
        for (String e : expected) {
            assertTrue(line.contains(e), "'" + e + "' in: " + line);
        }
        assertFalse(r.err().contains("Exception"), r.err());
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void samplesThatCannotBeWrittenNameTheFileAndTheFix() throws Exception {
        Path out = tmp.resolve("samples");
        Run r = child(8, Map.of(), "sample", run.toString(), "--out", out.toString(), "--count", "1", "--size", "128x128",
                "--steps", "2", "--device", "cpu");
        assertEnvironmentError(r, "I/O error on '" + out.resolve("sample-000.png") + "'", "file too large",
                "raise the limit, or write to another folder");
        assertEquals(List.of(), names(out), "no partial or temporary file");
    }

    @Test
    void aCheckpointThatCannotBeWrittenEndsTheProgressLineFirst() throws Exception {
        Path copy = Files.createDirectories(tmp.resolve("resumed"));
        for (String f : names(run)) {
            Files.copy(run.resolve(f), copy.resolve(f));
        }
        Run r = child(64, Map.of(), "train", "--resume", copy.toString(), "--steps", "3");
        assertTrue(r.err().contains("train"), "the progress bar was drawn: " + r.err());
        assertEnvironmentError(r, "I/O error on '" + copy.resolve("checkpoint.bin") + "'", "file too large");
        assertEquals(2, Checkpoint.readHeader(copy.resolve("checkpoint.bin")).step(), "the last checkpoint is intact");
        assertTrue(names(copy).stream().noneMatch(n -> n.endsWith(".tmp")), names(copy).toString());
    }

    @Test
    void anUnusableNativeLibraryCacheNamesTheFolderAndSindiffCacheDir() throws Exception {
        Path file = Files.writeString(tmp.resolve("a-file"), "not a folder");
        Path cache = file.resolve("cache");
        String[] sample = {"sample", run.toString(), "--out", tmp.resolve("never").toString(), "--count", "1", "--device", "cpu"};
        assertEnvironmentError(child(0, Map.of("ENGINE_CACHE_DIR", cache.toString()), sample),
                "PyTorch native library in '" + cache + "'", "not a directory", "SINDIFF_CACHE_DIR", "noexec");
        // SINDIFF_CACHE_DIR works without the launcher too
        Run viaSindiff = child(0, Map.of("ENGINE_CACHE_DIR", "", "DJL_CACHE_DIR", "", "SINDIFF_CACHE_DIR", cache.toString()), sample);
        assertEnvironmentError(viaSindiff, "PyTorch native library in '" + cache.resolve("engine") + "'");
        assertFalse(Files.exists(tmp.resolve("never")));
    }
}
