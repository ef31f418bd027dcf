package digitlab.serving.bench;

import digitlab.core.cli.BuildVersion;
import digitlab.core.cli.Cli;
import picocli.CommandLine.Command;

/** Entry point of {@code ./digit-lab bench serve} and {@code bench photos}: benchmarks, apart from the server's runtime. */
@Command(name = "digit-lab bench", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        subcommands = {BenchServeCommand.class, BenchPhotosCommand.class, BenchFloorCommand.class},
        description = "The server's benchmarks: 'bench serve' (throughput and latency), 'bench photos' (accuracy on generated photos) and 'bench floor' (a bare endpoint for an outside load tool).")
public final class ServeBenchCli {
    public static void main(String[] args) {
        System.exit(Cli.run(new ServeBenchCli(), args));
    }
}
