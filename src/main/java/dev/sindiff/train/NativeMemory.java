package dev.sindiff.train;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives freed native memory back to the operating system. The launcher tells glibc never to
 * unmap or trim (each training step would otherwise page-fault its activations in again, a third
 * of the step's time); with the random resize changing tensor shapes every step, the heap then
 * fragments and grows by tens of MB per step. Calling glibc's {@code malloc_trim(0)} every
 * hundred steps returns the free pages and keeps resident memory from growing.
 */
public final class NativeMemory {
    private static final Logger LOG = LoggerFactory.getLogger(NativeMemory.class);
    private static final Function MALLOC_TRIM = lookup();

    private NativeMemory() {}

    private static Function lookup() {
        try {
            return NativeLibrary.getInstance("c").getFunction("malloc_trim");
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            LOG.debug("malloc_trim not available (not glibc): {}", e.toString());
            return null;
        }
    }

    /** Returns free heap pages to the OS; a no-op where the C library has no malloc_trim. */
    public static void trim() {
        if (MALLOC_TRIM != null) {
            MALLOC_TRIM.invokeInt(new Object[] {0});
        }
    }
}
