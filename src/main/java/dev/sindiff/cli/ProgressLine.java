package dev.sindiff.cli;

import java.io.PrintWriter;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;

/**
 * Draws a progress bar on one line of a command's stderr ({@code spec.commandLine().getErr()}),
 * redrawn in place as the console consumer of the progress-bar library draws it on System.err;
 * closing it ends the line, so that whatever is printed next (an error) starts a line of its own.
 */
final class ProgressLine extends DelegatingProgressBarConsumer {
    private final PrintWriter err;

    ProgressLine(PrintWriter err) {
        super(rendered -> {
            err.print('\r' + rendered);
            err.flush();
        }, new DelegatingProgressBarConsumer(s -> {}).getMaxRenderedLength() - 1); // the terminal's width, less a margin
        this.err = err;
    }

    @Override
    public void close() {
        err.println();
        err.flush();
    }
}
