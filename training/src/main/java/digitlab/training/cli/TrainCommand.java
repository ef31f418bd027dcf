package digitlab.training.cli;

import digitlab.training.model.LossKind;
import digitlab.training.regularizer.Regularizer;
import digitlab.training.regularizer.Regularizers;
import digitlab.training.model.TrainConfig;
import digitlab.training.train.ProgressBar;
import digitlab.training.train.RunRecord;
import digitlab.training.train.TrainingJob;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code digit-lab train}: one model, its metrics every epoch, exported to ONNX at the end. */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train one MLP on MNIST, record train/test accuracy every epoch and export it to ONNX.",
            "Example: ./digit-lab train --loss ce --reg l2 --lambda 0.01 --epochs 200",
            "The served full-data model: ./digit-lab experiment full (its recipe: see --help there)."})
public final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--loss", defaultValue = "ce", description = "ce (softmax cross-entropy) or mse (default: ${DEFAULT-VALUE}).")
    String loss;

    @Option(names = "--reg", defaultValue = "none", description = "none, l1, l2, dropout, expanded (the images distorted afresh each epoch) or early-stop (default: ${DEFAULT-VALUE}).")
    String regularizer;

    @Option(names = "--lambda", description = "L1/L2 strength: L1 adds lambda/n*sum|w|, L2 lambda/(2n)*sum w^2 (no default: required with --reg l1 or l2).")
    Double lambda;

    @Option(names = "--dropout", description = "Drop probability p after each hidden layer (no default: required with --reg dropout).")
    Double dropout;

    @Option(names = "--patience", description = "Early stopping: epochs without a better validation accuracy before the run stops "
            + "(no default: required with --reg early-stop).")
    Double patience;

    @Option(names = "--seed", defaultValue = "0", description = "Seed of weights, batch order and masks (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--out", paramLabel = "DIR", description = "Run folder (default: runs/train/<run-id>).")
    Path out;

    @Mixin
    NetworkOptions network;

    @Mixin
    PathOptions paths;

    @Mixin
    CheckpointOptions checkpoints;

    @Override
    public Integer call() throws Exception {
        Regularizer reg = Regularizers.parse(regularizer);
        TrainConfig config = network.config(LossKind.parse(loss), reg, Strength.of(reg, strengthFlags()), seed);
        Path runDir = out != null ? out : paths.runs.resolve("train").resolve(config.id());
        PrintWriter w = spec.commandLine().getOut();
        w.println("Training " + config.id() + " for " + config.epochs() + " epochs into " + runDir);
        w.flush();
        TrainingJob job = new TrainingJob(paths.data, paths.exportDir(), paths.replace, 1, checkpoints.policy());
        List<TrainingJob.Outcome> outcomes = job.run(List.of(config), c -> runDir,
                new ProgressBar(System.err, config.epochs()));
        TrainingJob.Outcome o = outcomes.get(0);
        RunRecord r = o.record();
        w.printf(Locale.ROOT, "Done in %s (%.1f ms/epoch): train %.2f%%, test %.2f%%, gap %.2f points.%n",
                ProgressBar.duration(r.trainingMillis() / 1000), r.msPerEpoch(), r.last().trainAccuracy(),
                r.last().testAccuracy(), r.last().gap());
        w.println("Metrics: " + runDir.resolve("metrics.csv"));
        if (o.model() != null) {
            w.println("Model:   " + o.model());
        }
        return 0;
    }

    /** Each strength flag with its value (null when not given), for the regularizer to pick its own. */
    private java.util.Map<String, Double> strengthFlags() {
        java.util.Map<String, Double> flags = new java.util.HashMap<>();
        flags.put("--lambda", lambda);
        flags.put("--dropout", dropout);
        flags.put("--patience", patience);
        return flags;
    }
}
