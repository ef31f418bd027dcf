package digitlab.training.cli;

import picocli.CommandLine.Command;

/** {@code digit-lab bench}: the training benchmark here; 'bench serve' is the server's. */
@Command(name = "bench", mixinStandardHelpOptions = true, subcommands = BenchTrainCommand.class,
        description = "Benchmarks: 'bench train' here, 'bench serve' for the server.")
public final class BenchCommand {}
