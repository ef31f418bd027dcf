package digitlab.training.cli;

import digitlab.training.export.OnnxModelFile;
import digitlab.training.experiment.ExperimentPlan;
import java.util.concurrent.Callable;
import digitlab.core.cli.Cli;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The training half of {@code digit-lab up}: when models/ holds no model, train and export the
 * reference grid (one seed); the launcher then starts the server.
 */
@Command(name = "up", hidden = true, description = "Train the reference grid if models/ is empty.")
public final class UpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @CommandLine.Mixin
    PathOptions paths;

    /** The server's own options (port, CORS...), which the launcher passes on to 'serve'. */
    @CommandLine.Unmatched
    java.util.List<String> serverOptions;

    @Override
    public Integer call() throws Exception {
        int present = OnnxModelFile.list(paths.models).size();
        if (present > 0) {
            spec.commandLine().getOut().println(paths.models + " holds " + present + " models; serving them.");
            return 0;
        }
        spec.commandLine().getOut().println(paths.models + " has no models yet: training the reference grid first.");
        spec.commandLine().getOut().flush();
        return Cli.run(new ExperimentCommand(), ExperimentPlan.REFERENCE, "--seeds", "1",
                "--models", paths.models.toString(), "--runs", paths.runs.toString(), "--data", paths.data.toString());
    }
}
