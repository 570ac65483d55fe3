package dev.sindiff.cli;

import dev.sindiff.InvalidValue;
import dev.sindiff.UserError;
import java.io.PrintWriter;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code sindiff} command: parses, delegates to a subcommand, maps errors to exit codes. */
@Command(
        name = "sindiff",
        mixinStandardHelpOptions = true,
        version = "sindiff 0.1.0",
        description = "Learn a diffusion model from one image and sample variations at any size.",
        subcommands = {TrainCommand.class, SampleCommand.class, ImageToImageCommand.class, InpaintCommand.class,
                OutpaintCommand.class, HarmonizeCommand.class, EditingCommand.class, UpscaleCommand.class, GuideCommand.class,
                EvalCommand.class, PlotCommand.class, InfoCommand.class, BenchCommand.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:success", "1:internal error, a bug (run with --debug for the stack trace)",
                "2:bad input (files, options, run directories)",
                "3:the environment: a full disk, missing permissions, an unusable native-library cache (SINDIFF_CACHE_DIR)",
                "130:interrupted (Ctrl-C); finished images are kept"})
public final class Main implements Runnable {
    /** Exit code for bad input (files, options, run directories). */
    public static final int EXIT_USER_ERROR = 2;
    /** Exit code for a failure that is not the user's (a bug, out of memory). */
    public static final int EXIT_INTERNAL = 1;
    /** Exit code for a failure of the environment: I/O errors (disk full, permissions), the native-library cache. */
    public static final int EXIT_ENVIRONMENT = 3;

    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces and DJL's log.")
    boolean debug;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (train, sample, img2img, inpaint, outpaint, harmonize, edit, upscale, guide, eval, plot, info or bench)");
    }

    public static void main(String[] args) {
        EnvironmentProblems.useSindiffCacheDir();
        System.exit(execute(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the CLI and returns its exit code (tests call this). */
    public static int execute(String[] args, PrintWriter out, PrintWriter err) {
        boolean debug = java.util.Arrays.asList(args).contains("--debug");
        configureLogging(debug);
        CommandLine cl = new CommandLine(new Main());
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.registerConverter(Path.class, Main::path);
        cl.setParameterExceptionHandler((ex, a) -> {
            // a refusal names its flag itself; picocli's other messages say "Invalid value for option '--x': ..."
            String message = ex.getCause() instanceof Converters.Refused r ? r.getMessage() : describe(ex);
            err.println("sindiff: error: " + oneLine(message) + " (see 'sindiff " + commandName(ex.getCommandLine()) + " --help')");
            return EXIT_USER_ERROR;
        });
        cl.setExecutionExceptionHandler((ex, c, parsed) -> {
            Throwable cause = ex;
            while (!(cause instanceof UserError) && cause.getCause() != null && cause.getCause() != cause) {
                cause = cause.getCause();
            }
            if (debug) {
                ex.printStackTrace(err);
            }
            if (cause instanceof InvalidValue v) { // the library's quantity, named by its flag
                err.println("sindiff: error: " + oneLine(Flags.message(v)));
                return EXIT_USER_ERROR;
            }
            if (cause instanceof UserError) {
                err.println("sindiff: error: " + oneLine(cause.getMessage()));
                return EXIT_USER_ERROR;
            }
            String environment = EnvironmentProblems.describe(ex);
            if (environment != null) {
                err.println("sindiff: error: " + oneLine(environment));
                return EXIT_ENVIRONMENT;
            }
            err.println("sindiff: internal error: " + ex.getClass().getSimpleName() + ": " + oneLine(String.valueOf(ex.getMessage()))
                    + (debug ? "" : " (run with --debug for details)"));
            return EXIT_INTERNAL;
        });
        int code = cl.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    /**
     * A path argument; a name the JVM cannot represent (non-ASCII under a non-UTF-8 locale) is
     * refused with the locale fix, not with Java's exception.
     */
    static Path path(String name) {
        try {
            return Path.of(name);
        } catch (InvalidPathException e) {
            throw new CommandLine.TypeConversionException("cannot use the file name '" + name + "': Java reads file names in "
                    + System.getProperty("sun.jnu.encoding") + " under this locale; run sindiff with a UTF-8 locale,"
                    + " e.g. LC_ALL=C.UTF-8 (scripts/sindiff does this)");
        }
    }

    /**
     * picocli's message, except for a value outside an enum option's set, which is named with the
     * option and every value it accepts: "unknown preset 'huge': --preset must be one of
     * sindiffusion, small, …".
     */
    static String describe(CommandLine.ParameterException ex) {
        if (ex.getArgSpec() instanceof CommandLine.Model.OptionSpec option && ex.getValue() != null
                && ex.getCause() instanceof CommandLine.TypeConversionException && isEnum(option)) {
            String name = option.longestName();
            List<String> accepted = new ArrayList<>();
            option.completionCandidates().forEach(accepted::add);
            return "unknown " + name.replaceFirst("^-+", "") + " '" + ex.getValue() + "': " + name + " must be one of "
                    + String.join(", ", accepted);
        }
        return ex.getMessage();
    }

    private static boolean isEnum(CommandLine.Model.OptionSpec option) {
        Class<?>[] types = option.auxiliaryTypes();
        return types.length > 0 && types[types.length - 1].isEnum();
    }

    private static String commandName(CommandLine cl) {
        String n = cl.getCommandName();
        return "sindiff".equals(n) ? "" : n;
    }

    static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        return s.replace('\n', ' ').replace('\r', ' ').trim();
    }

    private static void configureLogging(boolean debug) {
        if (System.getProperty("org.slf4j.simpleLogger.defaultLogLevel") == null) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", debug ? "info" : "warn");
        }
        if (!debug) {
            // DJL warns about CUDA on every start of a machine without a usable driver.
            System.setProperty("org.slf4j.simpleLogger.log.ai.djl.util.cuda.CudaUtils", "error");
        }
        System.setProperty("org.slf4j.simpleLogger.logFile", "System.err");
    }
}
