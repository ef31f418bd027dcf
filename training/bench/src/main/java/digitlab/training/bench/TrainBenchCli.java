package digitlab.training.bench;

import digitlab.core.cli.BuildVersion;
import digitlab.core.cli.Cli;
import picocli.CommandLine.Command;

/** Entry point of {@code ./digit-lab bench train}: benchmarks live in their own module, apart from training's runtime. */
@Command(name = "digit-lab bench", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        subcommands = {BenchTrainCommand.class, BenchCheckpointCommand.class},
        description = "Benchmarks: 'bench train' and 'bench checkpoint' here, 'bench serve' and 'bench photos' for the server.")
public final class TrainBenchCli {
    public static void main(String[] args) {
        System.exit(Cli.run(new TrainBenchCli(), args));
    }
}
