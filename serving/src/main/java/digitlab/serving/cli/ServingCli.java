package digitlab.serving.cli;

import digitlab.core.cli.BuildVersion;
import digitlab.core.cli.Cli;
import picocli.CommandLine.Command;

/** The serving half of the {@code digit-lab} launcher: {@code digit-lab serve}, {@code digit-lab bench serve} and {@code digit-lab bench photos}. */
@Command(name = "digit-lab", mixinStandardHelpOptions = true, subcommands = {ServeCommand.class, ServingCli.Bench.class},
        versionProvider = BuildVersion.class,
        description = "Serve exported digit models over HTTP with ONNX Runtime, and benchmark the server.")
public final class ServingCli {
    /**
     * {@code bench}, holding {@code serve} and {@code photos}: the commands are then named as users type
     * them, so their errors point to {@code digit-lab bench serve --help} and {@code bench photos --help}.
     */
    @Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
            subcommands = {BenchCommand.class, PhotoBenchCommand.class},
            description = "Benchmarks of the server: 'bench serve' and 'bench photos'.")
    static final class Bench {}

    public static void main(String[] args) {
        int code = Cli.run(new ServingCli(), args);
        if (code != 0) {
            System.exit(code);
        }
        // A server keeps running on its own threads; exiting here would stop it.
    }
}
