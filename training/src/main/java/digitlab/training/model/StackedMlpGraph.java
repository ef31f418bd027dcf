package digitlab.training.model;

import digitlab.core.model.ModelContract;
import digitlab.training.checkpoint.RandomStreams;
import digitlab.training.regularizer.Regularizers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * R runs of the same network trained together in one SameDiff graph, each with its own weights
 * and loss (and its own penalty, added outside the graph by {@link WeightPenalties}), all fed the
 * same batch.
 *
 * <p>Why: SameDiff pays a fixed cost per op and per step that dwarfs the arithmetic of one small
 * MLP. Stacking the runs pays it once for all of them, and turns R thin matmuls into one wide
 * matmul (layer 0: {@code [B,784] x [784, R*H]}) and batched ones (deeper layers:
 * {@code [R,B,H] x [R,H,H']}). Every run's parameters only enter its own loss, so the gradient of
 * the summed loss is each run's own gradient and plain SGD trains each exactly as alone.
 *
 * <p>Layouts: layer 0's weights are {@code [784, R*H]} (run r owns columns r*H..(r+1)*H), its
 * bias {@code [R*H]}; deeper weights {@code [R, in, out]}, biases {@code [R, 1, out]}. Dropout
 * masks are placeholders: {@code mask0} is {@code [B, R*H]}, deeper ones {@code [R, B, H]}; a run
 * without dropout gets ones in its part. Outputs: per-run probabilities {@code [R, B, 10]} (the
 * contract's name) and per-run data loss {@code [R]} ({@link GraphNames#DATA_LOSS}).
 */
public final class StackedMlpGraph implements TrainingGraph {
    private final SameDiff sd = SameDiff.create();
    private final List<TrainConfig> runs;
    private final int[] layers;
    private final List<SDVariable> weights = new ArrayList<>();
    private final List<SDVariable> biases = new ArrayList<>();
    private final List<String> maskNames = new ArrayList<>();
    private final List<Integer> maskWidths = new ArrayList<>();
    private final List<Boolean> maskWide = new ArrayList<>();

    /**
     * @param runs runs of one dense network that differ only in loss, regularizer and strength (see {@link #stackable})
     */
    public StackedMlpGraph(List<TrainConfig> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("A stack needs at least one run.");
        }
        for (TrainConfig c : runs) {
            if (!stackable(runs.get(0), c)) {
                throw new IllegalArgumentException("The runs " + runs.get(0).id() + " and " + c.id()
                        + " cannot share a stack: they differ in more than loss and regularizer.");
            }
        }
        if (!runs.get(0).network().denseOnly()) { // see TrainingGraph.of
            throw new IllegalArgumentException("The stacked graph trains dense networks, not " + runs.get(0).network() + ".");
        }
        this.runs = List.copyOf(runs);
        this.layers = runs.get(0).layers();
        define();
    }

    /**
     * Runs can share a stack when everything but their loss, regularizer and strength is the same:
     * then they start from the same weights and see the same batches (the seed decides both). A
     * regularizer that changes the data shares only with runs of the same regularizer and strength,
     * and runs measured on a validation set only with runs measured on the same one.
     */
    public static boolean stackable(TrainConfig a, TrainConfig b) {
        if (!a.network().denseOnly() || !b.network().denseOnly()) {
            return false; // other networks train one run at a time (SingleNetworkGraph)
        }
        boolean sameData = !changesData(a) && !changesData(b)
                || a.regularizer() == b.regularizer() && a.strength() == b.strength();
        // a stack is measured on one validation set, or none
        boolean sameValidation = a.regularizer().validationImages() == b.regularizer().validationImages();
        return sameData && sameValidation && a.withObjective(LossKind.CE, Regularizers.NONE, 0).equals(b.withObjective(LossKind.CE, Regularizers.NONE, 0));
    }

    private static boolean changesData(TrainConfig c) {
        return c.regularizer().dataChange(c, RandomStreams.NOT_SAVED) != null;
    }

    private void define() {
        int r = runs.size();
        TrainConfig first = runs.get(0);
        Network network = first.network();
        boolean dropout = runs.stream().anyMatch(c -> c.regularizer().dropProbability(c.strength()) > 0);
        // Same seed, same draws: one single-run initialisation, repeated for every run.
        List<INDArray> init = network.initialParameters(new Random(first.seed()));

        SDVariable pixels = sd.placeHolder(ModelContract.INPUT, DataType.FLOAT, -1, layers[0]);
        SDVariable labels = sd.placeHolder(GraphNames.LABELS, DataType.FLOAT, -1, layers[layers.length - 1]);
        SDVariable h = pixels;
        int l = -1; // the dense layer h last went through
        for (LayerSpec spec : network.layers()) {
            if (spec instanceof Dense dense) {
                if (l == 0) {
                    h = toRunMajor(h, r, layers[1]);
                }
                l++;
                int out = dense.units();
                SDVariable w = sd.var(GraphNames.weight(l), l == 0 ? Nd4j.tile(init.get(0), 1, r)
                        : Nd4j.tile(init.get(2 * l).reshape(1, layers[l], out), r, 1, 1));
                SDVariable b = sd.var(GraphNames.bias(l), l == 0 ? Nd4j.tile(init.get(1), r)
                        : Nd4j.tile(init.get(2 * l + 1).reshape(1, 1, out), r, 1, 1));
                weights.add(w);
                biases.add(b);
                h = spec.apply(sd, h, new long[] {layers[l]}, List.of(w, b));
            } else {
                h = spec.apply(sd, h, new long[] {layers[l + 1]}, List.of());
                if (dropout && spec.droppable()) {
                    String mask = GraphNames.mask(maskNames.size());
                    maskNames.add(mask);
                    maskWidths.add(layers[l + 1]);
                    maskWide.add(l == 0);
                    long[] shape = l == 0 ? new long[] {-1, (long) r * layers[1]} : new long[] {r, -1, layers[l + 1]};
                    h = h.mul(sd.placeHolder(mask, DataType.FLOAT, shape));
                }
            }
        }
        if (l == 0) {
            h = toRunMajor(h, r, layers[1]);
        }
        SDVariable logits = sd.identity(GraphNames.LOGITS, h);
        sd.nn.softmax(ModelContract.OUTPUT, logits, 2);

        StackObjective.define(sd, runs, logits, labels);
    }

    /** Layer 0's {@code [B, R*H]} as {@code [R, B, H]}: from there on every run multiplies its own slice (one run needs no transpose). */
    private static SDVariable toRunMajor(SDVariable h, int r, int width) {
        return r == 1 ? h.reshape(1, -1, width) : h.reshape(-1, r, width).permute(1, 0, 2);
    }

    /** Layer 0's weights: run r's columns r*H..(r+1)*H; deeper ones: run r's matrix along the first axis. */
    @Override
    public Map<String, WeightPenalties.RunBlock> weightBlocks() {
        Map<String, WeightPenalties.RunBlock> blocks = new LinkedHashMap<>();
        int width = layers[1];
        blocks.put(weights.get(0).name(), (array, run) -> array.get(NDArrayIndex.all(),
                NDArrayIndex.interval((long) run * width, (long) (run + 1) * width)));
        for (int l = 1; l < weights.size(); l++) {
            blocks.put(weights.get(l).name(), (array, run) -> array.get(NDArrayIndex.point(run), NDArrayIndex.all(),
                    NDArrayIndex.all()));
        }
        return blocks;
    }

    @Override
    public SameDiff sameDiff() {
        return sd;
    }

    @Override
    public List<TrainConfig> runs() {
        return runs;
    }

    /** Dropout mask placeholders, one per hidden layer; empty when no run of the stack uses dropout. */
    @Override
    public List<String> maskNames() {
        return List.copyOf(maskNames);
    }

    /** Units of one sample that dropout mask {@code k} covers, per run. */
    @Override
    public int maskWidth(int k) {
        return maskWidths.get(k);
    }

    /** Mask {@code k}'s shape for {@code rows} samples: {@code [rows, R*H]} before the runs are split, {@code [R, rows, H]} after. */
    @Override
    public long[] maskShape(int k, int rows) {
        int r = runs.size();
        int width = maskWidths.get(k);
        return maskWide.get(k) ? new long[] {rows, (long) r * width} : new long[] {r, rows, width};
    }

    /**
     * Mask {@code k} for the whole stack from each run's own {@code [rows, width]} values, row-major
     * ({@code null}: ones, for a run without dropout or for evaluation).
     */
    @Override
    public INDArray mask(int k, int rows, List<float[]> perRun) {
        int r = runs.size();
        int width = maskWidths.get(k);
        float[] stacked = new float[r * rows * width];
        for (int i = 0; i < r; i++) {
            float[] own = perRun.get(i);
            for (int row = 0; row < rows; row++) {
                // [rows, R*width]: run i's columns in each row; [R, rows, width]: run i's block
                int to = maskWide.get(k) ? row * r * width + i * width : (i * rows + row) * width;
                if (own == null) {
                    java.util.Arrays.fill(stacked, to, to + width, 1f);
                } else {
                    System.arraycopy(own, row * width, stacked, to, width);
                }
            }
        }
        return Nd4j.create(stacked, maskShape(k, rows), 'c');
    }

    /** Run {@code i}'s trained network on its own: copies of its slice of every weight and bias. */
    @Override
    public TrainedNetwork extract(int i) {
        List<INDArray> parameters = new ArrayList<>();
        for (int l = 0; l < weights.size(); l++) {
            INDArray w = weights.get(l).getArr();
            INDArray b = biases.get(l).getArr();
            int out = layers[l + 1];
            INDArray wi = l == 0
                    ? w.get(NDArrayIndex.all(), NDArrayIndex.interval((long) i * out, (long) (i + 1) * out))
                    : w.get(NDArrayIndex.point(i), NDArrayIndex.all(), NDArrayIndex.all());
            INDArray bi = l == 0
                    ? b.get(NDArrayIndex.interval((long) i * out, (long) (i + 1) * out))
                    : b.get(NDArrayIndex.point(i), NDArrayIndex.point(0), NDArrayIndex.all());
            parameters.add(wi.dup('c'));
            parameters.add(bi.dup('c').reshape(out));
        }
        return new TrainedNetwork(runs.get(0).network(), parameters);
    }
}
