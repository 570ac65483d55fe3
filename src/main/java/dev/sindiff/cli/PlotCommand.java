package dev.sindiff.cli;

import dev.sindiff.UserError;
import dev.sindiff.chart.Charts;
import dev.sindiff.eval.CsvSeries;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sindiff plot}: a line chart from results CSVs, one line per label. */
@Command(name = "plot", mixinStandardHelpOptions = true,
        description = "Draw a PNG line chart from results CSVs ('sindiff eval --csv'), one line per label, e.g. quality against training time.")
public final class PlotCommand implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Parameters(paramLabel = "CSV", arity = "1..*", description = "Results CSVs.") List<Path> files;
    @Option(names = "--out", required = true, paramLabel = "FILE.png", description = "The chart to write.") Path out;
    @Option(names = "--x", defaultValue = "train_seconds", description = "Column for x (default: ${DEFAULT-VALUE}, drawn in minutes).") String x;
    @Option(names = "--y", defaultValue = "swd_mean", description = "Column for y (default: ${DEFAULT-VALUE}).") String y;
    @Option(names = "--group", defaultValue = "label", description = "Column naming the lines (default: ${DEFAULT-VALUE}).") String group;
    @Option(names = "--title", defaultValue = "patch SWD against training time", description = "Chart title.") String title;
    @Option(names = "--log-x", description = "Logarithmic x axis.") boolean logX;
    @Option(names = "--log-y", description = "Logarithmic y axis.") boolean logY;

    @Override
    public Integer call() throws Exception {
        if (!out.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".png")) {
            throw new UserError("--out must name a .png file, got '" + out + "'");
        }
        boolean minutes = x.equals("train_seconds");
        List<Charts.Series> series = CsvSeries.read(files, x, y, group, minutes ? 1 / 60.0 : 1);
        Charts.lines(title, minutes ? "training time (minutes)" : x, y.equals("swd_mean") ? "patch SWD (mean of the samples)" : y, series, logX, logY, out);
        spec.commandLine().getOut().println(out);
        return 0;
    }
}
