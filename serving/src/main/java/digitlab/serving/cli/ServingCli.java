package digitlab.serving.cli;

import digitlab.core.cli.BuildVersion;
import digitlab.core.cli.Cli;
import picocli.CommandLine.Command;

/** The serving half of the {@code digit-lab} launcher: {@code digit-lab serve}. */
@Command(name = "digit-lab", mixinStandardHelpOptions = true, subcommands = ServeCommand.class,
        versionProvider = BuildVersion.class,
        description = "Serve exported digit models over HTTP with ONNX Runtime.")
public final class ServingCli {
    public static void main(String[] args) {
        int code = Cli.run(new ServingCli(), args);
        if (code != 0) {
            System.exit(code);
        }
        // A server keeps running on its own threads; exiting here would stop it.
    }
}
