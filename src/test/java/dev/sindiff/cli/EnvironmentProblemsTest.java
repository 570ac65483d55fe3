package dev.sindiff.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.sindiff.FileErrors;
import dev.sindiff.UserError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.IIOException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** The one-line explanations of environment failures, on the exception chains the commands see. */
class EnvironmentProblemsTest {
    @Test
    void aFullDiskUnderImageIoNamesTheFileTheReasonAndTheFix() {
        Path full = Path.of("/dev/full"); // every write fails with ENOSPC, as on a full disk
        Assumptions.assumeTrue(Files.isWritable(full), "/dev/full");
        IOException enospc = assertThrows(IOException.class, () -> Files.write(full, new byte[1]));
        // what a sample write under a full disk throws: ImageIO's own words around the system's,
        // named by AtomicFiles, carried out of the sampling loop
        Throwable chain = new UncheckedIOException(
                FileErrors.naming(Path.of("out/sample-003.png"), new IIOException("I/O error writing PNG file!", enospc)));
        assertEquals("I/O error on 'out/sample-003.png': no space left on device (free some space on that disk, or write to another folder)",
                EnvironmentProblems.describe(chain));
    }

    @Test
    void otherReasonsGetTheirOwnFix() {
        assertEquals("I/O error on 'runs/x/loss.csv': permission denied (check that folder's permissions, or write to another folder)",
                EnvironmentProblems.describe(FileErrors.naming(Path.of("runs/x/loss.csv"), new AccessDeniedException("runs/x/loss.csv"))));
        assertEquals("I/O error: read-only file system (write to a folder on a writable disk)",
                EnvironmentProblems.describe(new IOException("Read-only file system")));
        assertNull(EnvironmentProblems.describe(new IllegalStateException("a bug")));
        assertNull(EnvironmentProblems.describe(new UserError("bad input")));
    }
}
