package digitlab.serving.cli;

import digitlab.core.cli.BuildVersion;
import digitlab.core.cli.Cli;
import picocli.CommandLine.Command;

/** The serving half of the {@code digit-lab} launcher: {@code digit-lab serve} and {@code digit-lab bench serve}. */
@Command(name = "digit-lab", mixinStandardHelpOptions = true, subcommands = {ServeCommand.class, ServingCli.Bench.class},
        versionProvider = BuildVersion.class,
        description = "Serve exported digit models over HTTP with ONNX Runtime, and benchmark the server.")
public final class ServingCli {
    /**
     * {@code bench}, holding {@code serve}: the command is then named as users type it, so its errors point
     * to {@code digit-lab bench serve --help}.
     */
    @Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
            subcommands = BenchCommand.class, description = "Benchmarks of the server: 'bench serve'.")
    static final class Bench {}

    public static void main(String[] args) {
        int code = Cli.run(new ServingCli(), args);
        if (code != 0) {
            System.exit(code);
        }
        // A server keeps running on its own threads; exiting here would stop it.
    }
}
