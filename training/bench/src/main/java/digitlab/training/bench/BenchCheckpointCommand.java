package digitlab.training.bench;

import digitlab.core.cli.UsageException;
import digitlab.core.data.DigitDataset;
import digitlab.core.data.PixelScaling;
import digitlab.core.data.Split;
import digitlab.training.checkpoint.CheckpointPolicy;
import digitlab.training.checkpoint.StackCheckpoints;
import digitlab.training.experiment.ExperimentPlan;
import digitlab.training.files.Folders;
import digitlab.training.model.TrainConfig;
import digitlab.training.train.EpochMetrics;
import digitlab.training.train.MetricsCsv;
import digitlab.training.train.Trainer;
import digitlab.training.train.TrainingData;
import digitlab.training.train.TrainingJob;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code digit-lab bench checkpoint}: what a checkpoint costs beside the epoch it follows, for one
 * stack of the reference grid and for the full-data model: its size, the time to write it and to
 * resume from it, as medians over the rounds.
 */
@Command(name = "checkpoint", mixinStandardHelpOptions = true,
        description = "Time epochs and checkpoints of a reference-grid stack (5 runs, SGD, 1000 images) and of the "
            + "full-data model (Adam, 60000 distorted images): each round trains and measures one epoch, then "
            + "writes a checkpoint; then resuming from it is timed. Medians over the rounds.")
public final class BenchCheckpointCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--reps", defaultValue = "5", description = "Rounds per case (default: ${DEFAULT-VALUE}).")
    int reps;

    @Option(names = "--data", defaultValue = "${env:DIGITLAB_HOME:-.}/data", paramLabel = "DIR", description = "Dataset folder (default: data/).")
    Path data;

    @Override
    public Integer call() throws Exception {
        if (reps < 1) {
            throw new UsageException("--reps must be at least 1.");
        }
        PrintWriter out = spec.commandLine().getOut();
        DigitDataset mnist = DigitDataset.named(data, "mnist");
        out.printf("%-22s %5s %9s %10s %12s %9s %12s %12s%n", "stack", "runs", "file MiB", "ms/epoch", "ms/checkpoint",
                "% epoch", "% every 10", "ms/resume");
        out.flush();
        List<TrainConfig> reference = TrainingJob.stacks(ExperimentPlan.reference(1,
                (s, seed) -> TrainConfig.reference(s.loss(), s.regularizer(), s.strength(), seed)).runs(), 2).get(0);
        row(out, "reference grid stack", reference, new TrainingData(mnist.load(Split.STUDY), PixelScaling.UNIT));
        row(out, "full-data model", List.of(TrainConfig.fullData(0)), new TrainingData(mnist.load(Split.FULL), PixelScaling.UNIT));
        out.println("(% epoch: one checkpoint over one epoch; % every 10: the default --checkpoint-every 10.)");
        return 0;
    }

    private void row(PrintWriter out, String name, List<TrainConfig> stack, TrainingData data) throws Exception {
        Path scratch = Files.createTempDirectory("digitlab-bench-checkpoint");
        try {
            List<Path> dirs = new ArrayList<>();
            for (TrainConfig c : stack) {
                dirs.add(Files.createDirectories(scratch.resolve(c.id())));
            }
            Trainer trainer = new Trainer(stack, data);
            int[] rows = {0}; // metrics.csv's rows when the checkpoint is saved
            StackCheckpoints.Subject subject = trainer.checkpointSubject(() -> rows[0]);
            List<MetricsCsv> csvs = new ArrayList<>();
            for (Path dir : dirs) {
                csvs.add(new MetricsCsv(dir, false));
            }
            double[] epoch = new double[reps];
            double[] write = new double[reps];
            try (StackCheckpoints saved = new StackCheckpoints(new CheckpointPolicy(1, true), stack, dirs, () -> { })) {
                trainer.trainEpoch(); // warm-up, untimed, as its own epoch 0
                append(csvs, trainer.evaluate(0));
                for (int r = 0; r < reps; r++) {
                    long t0 = System.nanoTime();
                    trainer.trainEpoch();
                    append(csvs, trainer.evaluate(r + 1));
                    long t1 = System.nanoTime();
                    rows[0] = r + 2;
                    saved.epochDone(subject, r + 2, 0);
                    long t2 = System.nanoTime();
                    epoch[r] = (t1 - t0) / 1e6;
                    write[r] = (t2 - t1) / 1e6;
                }
            }
            for (MetricsCsv csv : csvs) {
                csv.close();
            }
            double[] resume = new double[reps];
            for (int r = 0; r < reps; r++) {
                long t0 = System.nanoTime();
                try (StackCheckpoints again = new StackCheckpoints(CheckpointPolicy.NONE, stack, dirs, () -> { })) {
                    again.resume(new Trainer(stack, data).checkpointSubject(() -> reps + 1));
                }
                resume[r] = (System.nanoTime() - t0) / 1e6;
            }
            long bytes;
            try (Stream<Path> files = Files.list(dirs.get(0))) {
                bytes = files.filter(f -> f.getFileName().toString().startsWith("checkpoint-")).mapToLong(f -> f.toFile().length())
                        .max().orElse(0);
            }
            double e = TrainBenchmark.median(epoch);
            double w = TrainBenchmark.median(write);
            out.printf(Locale.ROOT, "%-22s %5d %9.2f %10.1f %12.1f %8.1f%% %11.2f%% %12.1f%n", name, stack.size(),
                    bytes / 1048576.0, e, w, 100 * w / e, 10 * w / e, TrainBenchmark.median(resume));
            out.flush();
        } finally {
            Folders.deleteRecursively(scratch);
        }
    }

    private static void append(List<MetricsCsv> csvs, List<EpochMetrics> rows) throws java.io.IOException {
        for (int i = 0; i < csvs.size(); i++) {
            csvs.get(i).append(rows.get(i));
        }
    }
}
