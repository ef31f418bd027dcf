package digitlab.training.cli;

import digitlab.core.cli.BuildVersion;
import digitlab.core.cli.Cli;
import digitlab.core.cli.DataCommand;
import picocli.CommandLine.Command;

/** Entry point of the training side of the launcher: every command that needs ND4J. */
@Command(name = "digit-lab", mixinStandardHelpOptions = true, versionProvider = BuildVersion.class,
        subcommands = {DataCommand.class, TrainCommand.class, ExperimentCommand.class, ExportCommand.class,
            ModelsCommand.class, UpCommand.class})
public final class TrainingCli {
    public static void main(String[] args) {
        System.exit(Cli.run(new TrainingCli(), args));
    }
}
