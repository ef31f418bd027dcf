package digitlab.training.bench;

import digitlab.core.cli.UsageException;
import digitlab.core.data.DigitDataset;
import digitlab.core.data.Split;
import digitlab.core.data.PixelScaling;
import digitlab.training.model.Augmentation;
import digitlab.training.model.LossKind;
import digitlab.training.model.Recipe;
import digitlab.training.regularizer.Regularizer;
import digitlab.training.regularizer.Regularizers;
import digitlab.training.model.TrainConfig;
import digitlab.training.experiment.ExperimentPlan;
import digitlab.training.train.ProgressBar;
import digitlab.training.train.TrainingData;
import digitlab.training.train.TrainingJob;
import digitlab.training.train.TrainingListener;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code digit-lab bench train}: ms/epoch of the reference protocol in SameDiff, beside its floor, Deeplearning4j's
 * MultiLayerNetwork on the same backend, and PyTorch, the sides taking turns round by round.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Time epochs of the reference protocol (study split, batch 128, 784-128x3-10) for CE, L2 and "
            + "dropout, the grid as one stack, CE on the full split, and the served CNN on 6000 images: SameDiff as digit-lab trains, beside the "
            + "arithmetic floor on this core, Deeplearning4j's MultiLayerNetwork on the same ND4J backend and, when a "
            + "Python with torch is installed (Debian python3-torch), PyTorch with one thread. The sides take turns "
            + "in every round, so the machine's drift slows all alike; each figure is the median over the rounds.")
public final class BenchTrainCommand implements Callable<Integer> {
    /** Untimed epochs before the first round: the JIT and ND4J's caches settle. */
    private static final int WARMUP = 10;

    @Spec
    CommandSpec spec;

    @Option(names = "--reps", defaultValue = "5", description = "Rounds, each timing every side in turn (default: ${DEFAULT-VALUE}).")
    int reps;

    @Option(names = "--epochs", defaultValue = "20",
            description = "Epochs per side and round on the study split; the full split times one (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--grid", description = "Also time the whole reference grid (10 runs x 1000 epochs, as 2 stacks "
            + "side by side) here and in PyTorch (2 one-thread processes): about 5 minutes.")
    boolean grid;

    @Option(names = "--cnn-only", description = "Time only the CNN row (a few minutes).")
    boolean cnnOnly;

    @Option(names = "--stacks", description = "Only what each stack of the reference grid (as 'experiment reference' "
            + "cuts it) costs per epoch, training apart from evaluation, beside stacks of 1, 5 and 15 plain CE runs: "
            + "CPU ms of the training thread (a few minutes).")
    boolean stacks;

    @Option(names = "--data", defaultValue = "${env:DIGITLAB_HOME:-.}/data", paramLabel = "DIR", description = "Dataset folder (default: data/).")
    Path data;

    @Override
    public Integer call() throws Exception {
        if (reps < 1 || epochs < 1) {
            throw new UsageException("--reps and --epochs must be at least 1.");
        }
        PrintWriter out = spec.commandLine().getOut();
        DigitDataset mnist = DigitDataset.named(data, "mnist");
        double gflops = TrainBenchmark.matmulGflops();
        Optional<TorchBaseline> torch = TorchBaseline.find();
        out.printf(Locale.ROOT, "Machine: %d cores, OMP_NUM_THREADS=%s, OPENBLAS_CORETYPE=%s%n",
                Runtime.getRuntime().availableProcessors(), System.getenv("OMP_NUM_THREADS"), System.getenv("OPENBLAS_CORETYPE"));
        out.printf(Locale.ROOT, "ND4J's OpenBLAS kernel: %s; peak FP32 matmul, one core (1024^3): %.1f GFLOP/s%n",
                TrainBenchmark.nd4jBlasCore(), gflops);
        if (torch.isPresent()) {
            out.printf(Locale.ROOT, "PyTorch (%s, one thread, OPENBLAS_NUM_THREADS=1): OpenBLAS kernel %s; peak FP32 matmul %.1f GFLOP/s%n",
                    torch.get().python(), torch.get().blasCore(), torch.get().matmulGflops());
        } else {
            out.println("PyTorch baseline: none (install Debian's python3-torch and libopenblas0-pthread to compare)");
        }
        if (stacks) {
            List<List<TrainConfig>> compared = new ArrayList<>();
            for (int runs : new int[] {1, 5, 15}) { // 15: a stack spanning 3 seeds' 5 runs would be this wide
                compared.add(Collections.nCopies(runs, TrainConfig.reference(LossKind.CE, Regularizers.NONE, 0, 0)));
            }
            compared.addAll(TrainingJob.stacks(referencePlan().runs(), 2));
            StackCosts.print(out, compared, new TrainingData(mnist.load(Split.STUDY), PixelScaling.UNIT), WARMUP, reps, epochs);
            return 0;
        }
        out.printf("Median ms/epoch (train + full evaluation) over %d rounds, %d warm-up epochs first:%n", reps,
                cnnOnly ? 1 : WARMUP);
        out.printf("%-16s %10s %8s %12s %10s %10s %10s%n", "run", "SameDiff", "x floor", "DL4J MLN", "PyTorch",
                "SD/PyTorch", "MLN/PyTorch");
        out.flush();
        if (cnnOnly) {
            cnnRow(out, mnist, torch);
            return 0;
        }
        TrainingData studySplit = new TrainingData(mnist.load(Split.STUDY), PixelScaling.UNIT);
        for (TrainConfig config : List.of(
                TrainConfig.reference(LossKind.CE, Regularizers.NONE, 0, 0),
                TrainConfig.reference(LossKind.CE, Regularizers.L2, 0.01, 0),
                TrainConfig.reference(LossKind.CE, Regularizers.DROPOUT, 0.5, 0))) {
            row(out, config.name(), List.of(config), studySplit, torch, gflops, epochs);
        }
        // The reference grid's 10 runs as one stack: what an experiment pays per run and epoch.
        row(out, "grid, per run", referencePlan().runs(), studySplit, torch, gflops, epochs);
        TrainConfig full = TrainConfig.reference(LossKind.CE, Regularizers.NONE, 0, 0).withSplit(Split.FULL);
        row(out, "CE, full split", List.of(full), new TrainingData(mnist.load(Split.FULL), PixelScaling.UNIT), torch,
                gflops, 1);
        out.println("(grid, per run: one epoch of the 10 reference runs trained as one stack, divided by 10; its "
                + "MultiLayerNetwork and PyTorch columns are CE alone. Full split: 60000 training and 10000 test images.)");
        cnnRow(out, mnist, torch);
        if (grid) {
            compareGrids(out, torch);
        }
        return 0;
    }

    /** One line: the stack in SameDiff, and its first run in MultiLayerNetwork and PyTorch, in alternating rounds. */
    private void row(PrintWriter out, String name, List<TrainConfig> stack, TrainingData data, Optional<TorchBaseline> torch,
            double gflops, int epochsPerRound) throws Exception {
        TrainConfig first = stack.get(0);
        int warmup = epochsPerRound == 1 ? 1 : WARMUP;
        List<EpochTimer> sides = new ArrayList<>(List.of(TrainBenchmark.sameDiff(stack, data, warmup),
                new MultiLayerNetworkBaseline(first, data, warmup)));
        torch.ifPresent(t -> sides.add(t.timer(this.data, first, warmup)));
        double[] ms = TrainBenchmark.alternate(sides, reps, epochsPerRound);
        double sameDiff = ms[0] / stack.size();
        double floor = TrainBenchmark.flopsPerEpoch(first.layers(), first.split().trainSize(), first.split().testSize(),
                first.batchSize()) / (gflops * 1e6);
        String pyTorch = torch.isPresent() ? format(ms[2]) : "-";
        out.printf(Locale.ROOT, "%-16s %10.2f %8.1f %12.2f %10s %10s %10s%n", name, sameDiff, sameDiff / floor, ms[1], pyTorch,
                torch.isPresent() ? format(sameDiff / ms[2]) : "-", torch.isPresent() ? format(ms[1] / ms[2]) : "-");
        out.flush();
    }

    /**
     * The served CNN's epoch ({@link TrainConfig#fullCnn}'s network, batch and Adam, without the
     * distortions, which PyTorch would not share) on the first {@link #CNN_TRAIN} training images, beside
     * the same CNN in PyTorch; training figures on the first tenth of them, as the full run's on a sixth.
     */
    private void cnnRow(PrintWriter out, DigitDataset mnist, Optional<TorchBaseline> torch) throws Exception {
        TrainConfig full = TrainConfig.fullCnn(0);
        TrainConfig cnn = full.withSplit(Split.FULL.withSizes(CNN_TRAIN, CNN_TEST)).withRecipe(new Recipe(
                full.recipe().optimizer(), full.recipe().lrDecay(), Augmentation.NONE, CNN_TRAIN / 10));
        TrainingData data = new TrainingData(mnist.load(cnn.split()), PixelScaling.UNIT);
        List<EpochTimer> sides = new ArrayList<>(List.of(TrainBenchmark.sameDiff(List.of(cnn), data, 1)));
        torch.ifPresent(t -> sides.add(t.timer(this.data, cnn, 1)));
        double[] ms = TrainBenchmark.alternate(sides, reps, 1);
        out.printf(Locale.ROOT, "%-16s %10.2f %8s %12s %10s %10s %10s%n", "CNN, " + CNN_TRAIN + " img", ms[0], "-", "-",
                torch.isPresent() ? format(ms[1]) : "-", torch.isPresent() ? format(ms[0] / ms[1]) : "-", "-");
        out.println("(CNN: " + cnn.network() + ", Adam, batch " + cnn.batchSize() + ", " + CNN_TRAIN + " training images"
                + " evaluated on " + CNN_TRAIN / 10 + " of them, " + CNN_TEST + " test images; ND4J's oneDNN kernels."
                + " A full epoch is about " + Split.FULL.trainSize() / CNN_TRAIN + "x this row's training part.)");
        out.flush();
    }

    private static final int CNN_TRAIN = 6000;
    private static final int CNN_TEST = 1000;

    private static String format(double value) {
        return String.format(Locale.ROOT, "%.2f", value);
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
