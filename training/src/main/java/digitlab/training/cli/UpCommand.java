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
 * reference grid (one seed); when it lacks the full-data MLP or the convolutional model (the
 * best served, so the default), train them; the launcher then starts the server.
 */
@Command(name = "up", hidden = true, description = "Train the reference grid if models/ is empty, and the full-data MLP and CNN if missing.")
public final class UpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @CommandLine.Mixin
    PathOptions paths;

    /** The server's own options (port, CORS...), which the launcher passes on to 'serve'. */
    @CommandLine.Unmatched
    java.util.List<String> serverOptions;

    /** The full experiment's training time here (docs/results.md). */
    static final String MLP_TIME = "2 min 42 s";
    /** The full-cnn experiment's training time here (docs/results.md). */
    static final String FULL_CNN_TIME = "13 min";

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
        int status = trainIfMissing(out, TrainConfig.fullData(0), "the full-data MLP", MLP_TIME, ExperimentPlan.FULL);
        if (status != 0) {
            return status;
        }
        status = trainIfMissing(out, TrainConfig.fullCnn(0), "the convolutional model served by default", FULL_CNN_TIME,
                ExperimentPlan.FULL_CNN);
        if (status != 0) {
            return status;
        }
        out.println(paths.models + " holds " + OnnxModelFile.list(paths.models).size() + " models, ready to serve.");
        return 0;
    }

    /** Trains the fixed experiment {@code plan} when models/ lacks its seed-0 model {@code config}. */
    private int trainIfMissing(PrintWriter out, TrainConfig config, String what, String time, String plan) {
        String file = config.id() + ModelContract.FILE_SUFFIX;
        if (Files.exists(paths.models.resolve(file))) {
            return 0;
        }
        out.println(paths.models + " has no " + file + ", " + what + ": training it (" + time
                + " measured on a 2-core machine).");
        out.flush();
        return experiment(plan);
    }

    private int experiment(String name) {
        return Cli.run(new ExperimentCommand(), name, "--seeds", "1", "--models", paths.models.toString(),
                "--runs", paths.runs.toString(), "--data", paths.data.toString());
    }
}
