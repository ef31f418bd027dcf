package digitlab.training.cli;

import digitlab.core.model.ModelContract;
import digitlab.training.export.OnnxModelFile;
import digitlab.training.model.TrainConfig;
import java.io.PrintWriter;
import java.nio.file.Files;
import digitlab.training.experiment.ExperimentPlan;
import java.util.concurrent.Callable;
import digitlab.core.cli.Cli;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The training half of {@code digit-lab up}: when models/ holds no model, train and export the
 * reference grid (one seed); when it lacks the full-data model, train that; the launcher then
 * starts the server.
 */
@Command(name = "up", hidden = true, description = "Train the reference grid if models/ is empty, and the full-data model if missing.")
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
        PrintWriter out = spec.commandLine().getOut();
        if (OnnxModelFile.list(paths.models).isEmpty()) {
            out.println(paths.models + " has no models yet: training the reference grid first.");
            out.flush();
            int status = experiment(ExperimentPlan.REFERENCE);
            if (status != 0) {
                return status;
            }
        }
        String full = TrainConfig.fullData(0).id() + ModelContract.FILE_SUFFIX;
        if (!Files.exists(paths.models.resolve(full))) {
            out.println(paths.models + " has no " + full + ", the full-data model served by default: training it"
                    + " (2 min 42 s measured on a 2-core machine).");
            out.flush();
            return experiment(ExperimentPlan.FULL);
        }
        out.println(paths.models + " holds " + OnnxModelFile.list(paths.models).size() + " models, ready to serve.");
        return 0;
    }

    private int experiment(String name) {
        return Cli.run(new ExperimentCommand(), name, "--seeds", "1", "--models", paths.models.toString(),
                "--runs", paths.runs.toString(), "--data", paths.data.toString());
    }
}
