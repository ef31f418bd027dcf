package digitlab.training.train;

import digitlab.core.model.ModelContract;
import digitlab.training.checkpoint.SavableRandom;
import digitlab.training.checkpoint.StackCheckpoints;
import digitlab.training.model.Augmentation;
import digitlab.training.model.GraphNames;
import digitlab.training.model.Recipe;
import digitlab.training.model.TrainingGraph;
import digitlab.training.model.TrainedNetwork;
import digitlab.training.model.TrainConfig;
import digitlab.training.model.WeightPenalties;
import digitlab.training.regularizer.BatchTransform;
import digitlab.training.regularizer.EpochRule;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Function;
import java.util.function.IntSupplier;
import org.nd4j.autodiff.listeners.At;
import org.nd4j.autodiff.listeners.BaseListener;
import org.nd4j.autodiff.listeners.Listener;
import org.nd4j.autodiff.listeners.ListenerResponse;
import org.nd4j.autodiff.listeners.Operation;
import org.nd4j.autodiff.listeners.records.LossCurve;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ISchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/**
 * Mini-batch SGD on a {@link TrainingGraph}: R runs trained together (one run is a stack of one),
 * measured every epoch.
 *
 * <p>Each run keeps the random streams it would have alone, all derived from the seed: the initial
 * weights, the batch order (shared, since the runs of a stack share the seed) and its own dropout
 * masks. So a run trained in a stack computes what it computes alone, up to the rounding of
 * differently shaped matmuls, and runs with the same seed are paired: same start, same batches.
 */
public final class Trainer {
    /** The trained graph in SameDiff's FlatBuffers format, beside metrics.csv and run.json. */
    public static final String MODEL_FILE = "model.fb";

    private final List<TrainConfig> runs;
    private final TrainConfig first;
    private final TrainingData data;
    private final TrainingGraph graph;
    private final Random orderRng;
    /** Every random stream the stack draws from while it trains, by name, for its checkpoints. */
    private final Map<String, SavableRandom> streams = new LinkedHashMap<>();
    /** What alters the training images (the recipe's augmentation, a regularizer's data change); shared by the stack like the batches. */
    private final List<BatchTransform> dataChanges = new ArrayList<>();
    /** Per run, its own mask stream, or null for a run without dropout (its masks are ones). */
    private final List<DropoutMasks> masks = new ArrayList<>();
    private final StackEvaluation evaluation;

    public Trainer(List<TrainConfig> runs, TrainingData data) {
        this.graph = TrainingGraph.of(runs);
        this.runs = graph.runs();
        this.first = runs.get(0);
        this.data = data;
        this.orderRng = stream("batch order", SeedStreams.batchOrder(first.seed()));
        Recipe recipe = first.recipe();
        if (recipe.augment()) {
            dataChanges.add(new ImageAugmenter(stream("distortions", SeedStreams.augmentation(first.seed()))));
        }
        if (recipe.augmentation() == Augmentation.REAL_INPUTS) {
            dataChanges.add(new InkDistortions(stream("ink distortions", SeedStreams.inkDistortions(first.seed()))));
        }
        // a regularizer that changes the data only stacks with runs of the same (StackedMlpGraph.stackable)
        BatchTransform regularizerChange = first.regularizer().dataChange(first, this::stream);
        if (regularizerChange != null) {
            dataChanges.add(regularizerChange);
        }
        for (int i = 0; i < runs.size(); i++) {
            TrainConfig c = runs.get(i);
            double p = c.regularizer().dropProbability(c.strength());
            masks.add(p > 0 ? new DropoutMasks(stream("dropout masks of run " + i, SeedStreams.dropoutMasks(c.seed())), p) : null);
        }
        List<String> features = new ArrayList<>(List.of(ModelContract.INPUT));
        features.addAll(graph.maskNames());
        WeightPenalties penalties = WeightPenalties.of(graph, data.trainSize());
        graph.sameDiff().setTrainingConfig(TrainingConfig.builder()
                .updater(recipe.optimizer().updater(learningRate(first, data.trainSize())))
                .regularization(penalties == null ? List.of() : List.of(penalties))
                .dataSetFeatureMapping(features)
                .dataSetLabelMapping(GraphNames.LABELS)
                .build());
        QuietStdout.run(graph.sameDiff()::createGradFunction);
        evaluation = new StackEvaluation(graph, data, recipe.trainEvalSize());
    }

    /**
     * The learning rate at each step: the configured rate, multiplied by the recipe's per-epoch
     * decay spread evenly over the epoch's steps (a constant rate when the decay is 1).
     */
    static ISchedule learningRate(TrainConfig c, int trainSize) {
        int stepsPerEpoch = (trainSize + c.batchSize() - 1) / c.batchSize();
        return new ExponentialSchedule(ScheduleType.ITERATION, c.learningRate(),
                Math.pow(c.recipe().lrDecay(), 1.0 / stepsPerEpoch));
    }

    public List<TrainConfig> runs() {
        return runs;
    }

    public TrainingGraph graph() {
        return graph;
    }

    private SavableRandom stream(String name, SavableRandom rng) {
        streams.put(name, rng);
        return rng;
    }

    /**
     * What a checkpoint of this stack saves and sets again when it is trained outside {@link #run}
     * (bench checkpoint times it): the graph, every random stream, and each run at
     * {@code rowsDone} rows with no epoch kept by a rule.
     */
    public StackCheckpoints.Subject checkpointSubject(IntSupplier rowsDone) {
        return new StackCheckpoints.Subject(graph.sameDiff(), streams, () -> runs.stream()
                .map(c -> new StackCheckpoints.RunProgress(rowsDone.getAsInt(), -1, List.of())).toList());
    }

    /** What happens after each epoch's steps, inside the {@code fit} call that trains them. */
    @FunctionalInterface
    public interface EpochEnd {
        /** @return true to stop the training after {@code epoch} */
        boolean stopAfter(int epoch) throws IOException;
    }

    /**
     * Trains up to {@code epochs} epochs, numbered from {@code firstEpoch}, each one pass over the
     * training set in a fresh random order, the same batches for every run (see {@link EpochBatches}).
     * {@code end} hears each epoch as its steps finish, and may stop the training there. All the
     * epochs are one {@code fit} call, so one training session: its array cache hands each step's
     * arrays on to the next, across epochs too (a session per epoch allocated them all afresh, and
     * zeroed them, at every epoch's first step).
     */
    public void train(int firstEpoch, int epochs, EpochEnd end) throws IOException {
        EpochBatches batches = new EpochBatches(() -> SeedStreams.permutation(data.trainSize(), orderRng),
                first.batchSize(), this::batch);
        int[] next = {firstEpoch};
        Listener afterEpoch = new BaseListener() {
            @Override
            public boolean isActive(Operation operation) {
                return operation == Operation.TRAINING;
            }

            @Override
            public ListenerResponse epochEnd(SameDiff sd, At at, LossCurve lossCurve, long epochTimeMillis) {
                try {
                    return end.stopAfter(next[0]++) ? ListenerResponse.STOP : ListenerResponse.CONTINUE;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
        try {
            graph.sameDiff().fit(batches, epochs, null, 0, afterEpoch);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** One epoch on its own, in a {@code fit} call of its own (bench checkpoint and tests step epoch by epoch). */
    public void trainEpoch() {
        try {
            train(0, 1, epoch -> false);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // not thrown: nothing is written after the epoch
        }
    }

    /** The batch {@code order[from..to)}: its pixels and dropout masks, and its one-hot labels. */
    private INDArray[][] batch(int[] order, int from, int to) {
        INDArray[] features = new INDArray[1 + graph.maskNames().size()];
        features[0] = batchPixels(order, from, to);
        for (int k = 1; k < features.length; k++) {
            features[k] = drawMask(k - 1, to - from);
        }
        return new INDArray[][] {features, {data.oneHotOf(order, from, to)}};
    }

    private INDArray batchPixels(int[] order, int from, int to) {
        if (dataChanges.isEmpty()) {
            return data.pixelsOf(order, from, to);
        }
        float[] rows = data.pixelRowsOf(order, from, to);
        for (BatchTransform change : dataChanges) {
            change.apply(rows);
        }
        return TrainingData.array(rows, to - from, ModelContract.FEATURES);
    }

    /**
     * Mask {@code k} for the whole stack: every dropout run draws its {@code [rows, width]} mask from
     * its own stream, in the order it would alone; the other runs get ones.
     */
    private INDArray drawMask(int k, int rows) {
        int width = graph.maskWidth(k);
        List<float[]> perRun = new ArrayList<>();
        for (DropoutMasks own : masks) {
            perRun.add(own == null ? null : own.drawValues(rows * width));
        }
        return graph.mask(k, rows, perRun);
    }

    /** Every run's figures now, in stack order (see {@link StackEvaluation}). */
    public List<EpochMetrics> evaluate(int epoch) {
        return evaluation.after(epoch);
    }

    /** Run {@code i}'s trained network alone, for saving and export. */
    public TrainedNetwork trainedNetwork(int i) {
        return graph.extract(i);
    }

    /**
     * A finished run: its record, its trained network alone and the metrics of the epoch whose
     * weights these are (the record's {@code last}; its epoch is the one an epoch rule kept).
     */
    public record TrainedRun(RunRecord record, TrainedNetwork network, EpochMetrics kept) {}

    /**
     * Trains for the configured epochs, writing each run's {@code metrics.csv} row by row and its
     * {@code run.json} at the start and the end, into the folder {@code runDirOf} names. After each
     * epoch's evaluation every run's {@link EpochRule} may keep that epoch's weights and stop the run:
     * a stopped run writes no more rows and ends with the weights and figures of the epoch it kept
     * (the last trained when it kept none); the stack trains on while any run goes on. Each run's
     * record ends with the kept network's calibration on the test split ({@link TestCalibration}). A run's
     * training time is its share of the stack's: the stack's wall time over R.
     */
    public List<TrainedRun> run(Function<TrainConfig, Path> runDirOf, String testImagesMd5, TrainingListener listener)
            throws IOException {
        return run(runDirOf, testImagesMd5, listener, StackCheckpoints.NONE);
    }

    /**
     * The same, resuming from the newest of {@code checkpoints} that fits (each metrics.csv cut to
     * the rows it had then, which the listener hears again and each epoch rule is shown again, so
     * early stopping knows its best epoch; the weights a rule kept come from the checkpoint) and
     * saving them after each epoch's rows.
     */
    public List<TrainedRun> run(Function<TrainConfig, Path> runDirOf, String testImagesMd5, TrainingListener listener,
            StackCheckpoints checkpoints) throws IOException {
        int r = runs.size();
        List<EpochRule> rules = runs.stream().map(c -> c.regularizer().epochRule(c)).toList();
        int[] epochsDone = new int[r];
        EpochMetrics[] last = new EpochMetrics[r];
        TrainedRun[] kept = new TrainedRun[r]; // the network and figures of the epoch a rule kept
        boolean[] stopped = new boolean[r];
        StackCheckpoints.Subject subject = new StackCheckpoints.Subject(graph.sameDiff(), streams,
                () -> progress(epochsDone, kept));
        StackCheckpoints.Resumed resumed = checkpoints.resume(subject);
        int[] resumedRows = new int[r];
        for (int i = 0; i < resumed.progress().size(); i++) {
            resumedRows[i] = resumed.progress().get(i).rows();
            epochsDone[i] = resumedRows[i];
        }
        long start = System.nanoTime() - resumed.trainingMillis() * 1_000_000;
        try (RunFiles files = new RunFiles(runs, runDirOf, testImagesMd5, resumedRows)) {
            for (int i = 0; i < r; i++) {
                List<EpochMetrics> before = resumedRows[i] == 0 ? List.of() : MetricsCsv.read(runDirOf.apply(runs.get(i))).rows();
                EpochMetrics keptRow = null;
                for (EpochMetrics row : before) {
                    listener.epochDone(runs.get(i), row);
                    last[i] = row;
                    EpochRule.Decision decision = rules.get(i).after(row);
                    keptRow = decision.keep() ? row : keptRow;
                    stopped[i] = decision.stop();
                }
                if (keptRow != null) {
                    StackCheckpoints.RunProgress saved = resumed.progress().get(i);
                    if (saved.keptEpoch() != keptRow.epoch()) {
                        throw new IOException("The checkpoint kept epoch " + saved.keptEpoch() + " of " + runs.get(i).id()
                                + ", but its metrics.csv keeps epoch " + keptRow.epoch() + ".");
                    }
                    kept[i] = new TrainedRun(null, new TrainedNetwork(first.network(), saved.kept()), keptRow);
                }
            }
            EpochEnd afterEpoch = epoch -> {
                List<EpochMetrics> metrics = evaluate(epoch);
                for (int i = 0; i < r; i++) {
                    if (stopped[i]) {
                        continue;
                    }
                    files.append(i, metrics.get(i));
                    listener.epochDone(runs.get(i), metrics.get(i));
                    last[i] = metrics.get(i);
                    epochsDone[i] = epoch + 1;
                    EpochRule.Decision decision = rules.get(i).after(metrics.get(i));
                    if (decision.keep()) {
                        kept[i] = new TrainedRun(null, trainedNetwork(i), metrics.get(i));
                    }
                    stopped[i] = decision.stop();
                }
                checkpoints.epochDone(subject, epoch + 1, (System.nanoTime() - start) / 1_000_000);
                return allTrue(stopped);
            };
            if (resumed.epochs() < first.epochs() && !allTrue(stopped)) {
                train(resumed.epochs(), first.epochs() - resumed.epochs(), afterEpoch);
            }
            long share = (System.nanoTime() - start) / 1_000_000 / r;
            List<TrainedRun> trained = new ArrayList<>();
            for (int i = 0; i < r; i++) {
                TrainedNetwork network = kept[i] != null ? kept[i].network() : trainedNetwork(i);
                EpochMetrics figures = kept[i] != null ? kept[i].kept() : last[i];
                RunRecord record = new RunRecord(runs.get(i), testImagesMd5, epochsDone[i], true, share, figures,
                        TestCalibration.of(network.inferenceGraph(), data));
                files.finish(i, network, record);
                trained.add(new TrainedRun(record, network, figures));
            }
            return trained;
        }
    }

    /** Each run's rows so far and the weights its rule kept, for a checkpoint. */
    private static List<StackCheckpoints.RunProgress> progress(int[] epochsDone, TrainedRun[] kept) {
        List<StackCheckpoints.RunProgress> progress = new ArrayList<>();
        for (int i = 0; i < epochsDone.length; i++) {
            progress.add(kept[i] == null ? new StackCheckpoints.RunProgress(epochsDone[i], -1, List.of())
                    : new StackCheckpoints.RunProgress(epochsDone[i], kept[i].kept().epoch(), kept[i].network().parameters()));
        }
        return progress;
    }

    private static boolean allTrue(boolean[] flags) {
        for (boolean f : flags) {
            if (!f) {
                return false;
            }
        }
        return true;
    }
}
