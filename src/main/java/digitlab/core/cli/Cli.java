package digitlab.core.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/**
 * Runs a picocli command the way every digit-lab command behaves: a bad flag or value (picocli's
 * own parsing, or a {@link UsageException} from our checks) prints one sentence and exits 2; a failure while running prints one sentence and exits 1; no stack traces
 * unless {@code DIGITLAB_DEBUG} is set.
 */
public final class Cli {
    public static final int USAGE_ERROR = 2;
    public static final int FAILURE = 1;

    private Cli() {}

    public static int run(Object command, String... args) {
        CommandLine cli = new CommandLine(command);
        cli.setParameterExceptionHandler((e, a) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println(sentence(e.getMessage()) + " See '" + e.getCommandLine().getCommandSpec().qualifiedName()
                    + " --help'.");
            return USAGE_ERROR;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof CommandLine.ParameterException pe) {
                throw pe;
            }
            if (System.getenv("DIGITLAB_DEBUG") != null) {
                e.printStackTrace(commandLine.getErr());
            }
            commandLine.getErr().println(sentence(messageOf(e)));
            // Only our own flag checks say "usage"; a library's IllegalArgumentException is a failure.
            return e instanceof UsageException ? USAGE_ERROR : FAILURE;
        });
        return cli.execute(args);
    }

    private static String messageOf(Throwable e) {
        Throwable t = e;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** Capitalised and ending in a full stop, so every message reads as one sentence. */
    static String sentence(String message) {
        String s = message.strip();
        if (s.isEmpty()) {
            return "Something went wrong.";
        }
        s = Character.toUpperCase(s.charAt(0)) + s.substring(1);
        return s.endsWith(".") || s.endsWith("?") || s.endsWith("!") ? s : s + ".";
    }
}
