package digitlab.training.cli;

import digitlab.core.data.DigitDataset;
import digitlab.core.data.Split;
import digitlab.training.bench.TorchBaseline;
import digitlab.training.bench.TrainBenchmark;
import digitlab.training.model.LossKind;
import digitlab.training.model.RegularizerKind;
import digitlab.training.model.TrainConfig;
import digitlab.training.experiment.ExperimentPlan;
import digitlab.training.train.ProgressBar;
import digitlab.training.train.TrainingData;
import digitlab.training.train.TrainingJob;
import digitlab.training.train.TrainingListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code digit-lab bench train}: ms/epoch of the reference protocol beside its floor and PyTorch. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Time one epoch of the reference protocol (seed split, batch 128, 784-128x3-10) for CE, L2 and "
            + "dropout: median of --reps timings after warm-up, beside the arithmetic floor on this core and, when a "
            + "Python with torch is installed (Debian python3-torch), the same protocol in PyTorch with one thread.")
public final class BenchTrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--reps", defaultValue = "5", description = "Timed repetitions (default: ${DEFAULT-VALUE}).")
    int reps;

    @Option(names = "--epochs", defaultValue = "20", description = "Epochs per repetition (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--grid", description = "Also time the whole reference grid (10 runs x 1000 epochs, as 2 stacks "
            + "side by side) here and in PyTorch (2 one-thread processes): about 5 minutes.")
    boolean grid;

    @Option(names = "--data", defaultValue = "${env:DIGITLAB_HOME:-.}/data", paramLabel = "DIR", description = "Dataset folder (default: data/).")
    Path data;

    @Override
    public Integer call() throws Exception {
        if (reps < 1 || epochs < 1) {
            throw new IllegalArgumentException("--reps and --epochs must be at least 1.");
        }
        PrintWriter out = spec.commandLine().getOut();
        TrainingData trainingData = new TrainingData(DigitDataset.named(data, "mnist").load(Split.SEED),
                digitlab.core.data.PixelScaling.UNIT);
        double gflops = TrainBenchmark.matmulGflops();
        double floorMs = TrainBenchmark.flopsPerEpoch(TrainConfig.DEFAULT_LAYERS, 1000, 2000) / (gflops * 1e6);
        Optional<TorchBaseline> torch = TorchBaseline.find();
        out.printf(Locale.ROOT, "Machine: %d cores, OMP_NUM_THREADS=%s, OPENBLAS_CORETYPE=%s%n",
                Runtime.getRuntime().availableProcessors(), System.getenv("OMP_NUM_THREADS"), System.getenv("OPENBLAS_CORETYPE"));
        out.printf(Locale.ROOT, "Peak FP32 matmul, one core (ND4J, 1024^3): %.1f GFLOP/s -> floor %.2f ms/epoch%n", gflops, floorMs);
        if (torch.isPresent()) {
            out.printf(Locale.ROOT, "Peak FP32 matmul, one core (PyTorch's BLAS, 1024^3): %.1f GFLOP/s%n", torch.get().matmulGflops());
        }
        out.println(torch.map(t -> "PyTorch baseline: " + t.python() + ", one thread")
                .orElse("PyTorch baseline: none (install Debian's python3-torch and libopenblas0-pthread to compare)"));
        out.printf("Median of %d x %d epochs after 10 warm-up epochs, train + full evaluation:%n", reps, epochs);
        out.printf("%-14s %12s %10s %12s %10s%n", "run", "SameDiff ms", "x floor", "PyTorch ms", "x PyTorch");
        out.flush();
        double torchCe = Double.NaN;
        for (TrainConfig config : List.of(
                TrainConfig.reference(LossKind.CE, RegularizerKind.NONE, 0, 0),
                TrainConfig.reference(LossKind.CE, RegularizerKind.L2, 0.01, 0),
                TrainConfig.reference(LossKind.CE, RegularizerKind.DROPOUT, 0.5, 0))) {
            double ms = TrainBenchmark.medianEpochMillis(List.of(config), trainingData, 10, reps, epochs);
            double t = torch.isPresent() ? torch.get().medianEpochMillis(data, config, 10, reps, epochs) : Double.NaN;
            torchCe = Double.isNaN(torchCe) ? t : torchCe;
            printRow(out, config.name(), ms, floorMs, t);
        }
        // The reference grid's 10 runs as one stack: what an experiment pays per run and epoch.
        List<TrainConfig> gridRuns = referencePlan().runs();
        double stackMs = TrainBenchmark.medianEpochMillis(gridRuns, trainingData, 10, reps, epochs) / gridRuns.size();
        printRow(out, "grid, per run", stackMs, floorMs, torchCe);
        out.println("(grid, per run: one epoch of the 10 reference runs trained as one stack, divided by 10;"
                + " its PyTorch column is CE alone)");
        if (grid) {
            compareGrids(out, torch);
        }
        return 0;
    }

    private static void printRow(PrintWriter out, String name, double ms, double floorMs, double torchMs) {
        String torchColumn = Double.isNaN(torchMs) ? "-" : String.format(Locale.ROOT, "%.2f", torchMs);
        String ratio = Double.isNaN(torchMs) ? "-" : String.format(Locale.ROOT, "%.2f", ms / torchMs);
        out.printf(Locale.ROOT, "%-14s %12.2f %10.1f %12s %10s%n", name, ms, ms / floorMs, torchColumn, ratio);
        out.flush();
    }

    private static ExperimentPlan referencePlan() {
        return ExperimentPlan.reference(1, (s, seed) -> TrainConfig.reference(s.loss(), s.regularizer(), s.strength(), seed));
    }

    /** The reference grid, one seed, timed end to end here and, when possible, in PyTorch. */
    private void compareGrids(PrintWriter out, Optional<TorchBaseline> torch) throws Exception {
        ExperimentPlan plan = referencePlan();
        Path scratch = Files.createTempDirectory("digitlab-bench-grid");
        long ours = System.currentTimeMillis();
        new TrainingJob(data, null, false, 2).run(plan.runs(), scratch, TrainingListener.NONE);
        ours = System.currentTimeMillis() - ours;
        out.printf(Locale.ROOT, "Reference grid (10 runs x 1000 epochs, 2 stacks of 5 side by side): digit-lab %s", ProgressBar.duration(ours / 1000));
        if (torch.isPresent()) {
            long theirs = torch.get().gridWallMillis(data, plan.runs(), 2);
            out.printf(Locale.ROOT, ", PyTorch %s (2 one-thread processes): ratio %.2f%n",
                    ProgressBar.duration(theirs / 1000), (double) ours / theirs);
        } else {
            out.println();
        }
        out.println("(run folders of the timed grid: " + scratch + ")");
    }
}
