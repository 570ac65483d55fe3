package dev.sindiff.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.util.Utils;
import dev.sindiff.TestImages;
import dev.sindiff.run.Checkpoint;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * scripts/sindiff under the POSIX locale (cron, systemd, plain containers) with file names that
 * hold spaces, a leading dash, ü, ß and an en dash.
 */
class LauncherTest {
    private static final String NAME = "-bild ü ß – eins.png";
    @TempDir static Path tmp;
    static Path folder;

    @BeforeAll
    static void namesThisJvmCanWrite() throws IOException {
        Assumptions.assumeTrue("UTF-8".equals(System.getProperty("sun.jnu.encoding")), "the test JVM itself needs UTF-8 file names");
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/bash")), "bash");
        folder = Files.createDirectories(tmp.resolve("-ordner ü ß – zwei"));
        TestImages.writePattern(folder, NAME, 20, 20);
    }

    record Run(int code, String out) {}

    /** Runs {@code command} in {@link #folder} with LC_ALL=C and no other locale variable. */
    private static Run posix(List<String> command, Map<String, String> more) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(folder.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.equals("LANG") || k.startsWith("LC_"));
        pb.environment().put("LC_ALL", "C");
        pb.environment().putAll(more);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out");
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @Test
    void theLauncherOpensUtf8NamesUnderThePosixLocale() throws Exception {
        Path out = folder.resolve("lauf ü ß – drei");
        Map<String, String> env = Map.of("SINDIFF_JAR", pathingJar().toString(), "SINDIFF_JAVA_OPTS", "-Xmx1g",
                "SINDIFF_THREADS", "1", "ENGINE_CACHE_DIR", Utils.getEngineCacheDir().toString());
        // the image as a relative name with a leading dash (after --), the run folder as an absolute path
        Run r = posix(List.of("bash", Path.of("scripts/sindiff").toAbsolutePath().toString(), "train", "--out", out.toString(),
                "--preset", "tiny", "--steps", "1", "--batch", "1", "--preview-every", "0", "--device", "cpu", "--", NAME), env);
        assertEquals(0, r.code(), r.out());
        assertTrue(r.out().contains(out.toString()), r.out());
        assertEquals(1, Checkpoint.readHeader(out.resolve("checkpoint.bin")).step());
        assertTrue(Files.readString(out.resolve("config.json")).contains(NAME), "the source image's name, intact");
    }

    @Test
    void withoutTheLauncherTheErrorSaysWhichLocaleToUse() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Run r = posix(List.of(java, "-cp", System.getProperty("java.class.path"), "dev.sindiff.cli.Main", "train",
                "--out", "x", "--", NAME), Map.of());
        assertEquals(Main.EXIT_USER_ERROR, r.code(), r.out());
        String err = r.out().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("sindiff: error: ") && err.contains("LC_ALL=C.UTF-8"), err);
        assertFalse(err.contains("Exception"), err);
    }

    /** A jar holding only a manifest: Main-Class and this JVM's class path, so the launcher runs the classes under test. */
    private static Path pathingJar() throws IOException {
        List<String> urls = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            urls.add(Path.of(entry).toAbsolutePath().toUri().toString()); // folders get their trailing slash
        }
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.MAIN_CLASS, Main.class.getName());
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, String.join(" ", urls));
        Path jar = tmp.resolve("sindiff-under-test.jar");
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file, manifest)) {
            out.flush();
        }
        return jar;
    }
}
