package dev.sindiff;

/**
 * A problem with what the user gave us (a file, an option value, a run directory), reported as one
 * line on stderr with a non-zero exit code. The message names the problem and what would be
 * accepted; it never needs a stack trace to be understood.
 */
public class UserError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UserError(String message) {
        super(message);
    }

    public UserError(String message, Throwable cause) {
        super(message, cause);
    }
}
