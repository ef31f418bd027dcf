package digitlab.serving.cli;

import digitlab.core.cli.Cli;
import digitlab.serving.http.ServingApp;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The serving half of the {@code digit-lab} launcher: {@code digit-lab serve}. */
@Command(name = "digit-lab", mixinStandardHelpOptions = true, subcommands = ServeCommand.class,
        versionProvider = ServingCli.Version.class,
        description = "Serve exported digit models over HTTP with ONNX Runtime.")
public final class ServingCli {
    /** The version the build stamped into the jar. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"digit-lab serving " + ServingApp.version()};
        }
    }

    public static void main(String[] args) {
        int code = Cli.run(new ServingCli(), args);
        if (code != 0) {
            System.exit(code);
        }
        // A server keeps running on its own threads; exiting here would stop it.
    }
}
