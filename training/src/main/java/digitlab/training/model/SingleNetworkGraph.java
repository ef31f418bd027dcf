package digitlab.training.model;

import digitlab.core.model.ModelContract;
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

/**
 * One run of any network (convolutions included) as a stack of one: the network's own layers
 * ({@link Network#logits}) with its logits laid out {@code [1, B, 10]} as the stacked graph's, and
 * the same objective ({@link StackObjective}). Dropout masks are placeholders of
 * {@code [B, one sample's shape at that layer]}.
 */
final class SingleNetworkGraph implements TrainingGraph {
    private final SameDiff sd = SameDiff.create();
    private final List<TrainConfig> runs;
    private final Network network;
    private final List<String> maskNames = new ArrayList<>();
    private final List<long[]> maskShapes = new ArrayList<>();

    SingleNetworkGraph(List<TrainConfig> runs) {
        if (runs.size() != 1) {
            throw new IllegalArgumentException("The network " + runs.get(0).network() + " trains one run at a time, not "
                    + runs.size() + ".");
        }
        this.runs = List.copyOf(runs);
        TrainConfig run = runs.get(0);
        this.network = run.network();
        boolean dropout = run.regularizer().dropProbability(run.strength()) > 0;
        SDVariable pixels = sd.placeHolder(ModelContract.INPUT, DataType.FLOAT, -1, ModelContract.FEATURES);
        SDVariable labels = sd.placeHolder(GraphNames.LABELS, DataType.FLOAT, -1, ModelContract.CLASSES);
        Network.Masks masks = !dropout ? Network.Masks.NONE : (k, shape) -> {
            String name = GraphNames.mask(k);
            maskNames.add(name);
            maskShapes.add(shape);
            return sd.placeHolder(name, DataType.FLOAT, Network.batchShape(shape));
        };
        SDVariable logits = network.logits(sd, pixels, network.initialParameters(new Random(run.seed())), masks);
        logits = sd.identity(GraphNames.LOGITS, logits.reshape(1, -1, ModelContract.CLASSES));
        sd.nn.softmax(ModelContract.OUTPUT, logits, 2);
        StackObjective.define(sd, this.runs, logits, labels);
    }

    /** Every weight (not bias) of the network, whole: the one run owns all of it. */
    @Override
    public Map<String, WeightPenalties.RunBlock> weightBlocks() {
        Map<String, WeightPenalties.RunBlock> blocks = new LinkedHashMap<>();
        List<String> names = network.parameterNames();
        for (int p = 0; p < names.size(); p += 2) { // [w0, b0, w1, b1, ...]
            blocks.put(names.get(p), (array, run) -> array);
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

    @Override
    public List<String> maskNames() {
        return List.copyOf(maskNames);
    }

    @Override
    public int maskWidth(int k) {
        long width = 1;
        for (long d : maskShapes.get(k)) {
            width *= d;
        }
        return (int) width;
    }

    @Override
    public long[] maskShape(int k, int rows) {
        long[] shape = Network.batchShape(maskShapes.get(k));
        shape[0] = rows;
        return shape;
    }

    @Override
    public INDArray mask(int k, int rows, List<float[]> perRun) {
        long[] shape = maskShape(k, rows);
        return perRun.get(0) == null ? Nd4j.ones(DataType.FLOAT, shape) : Nd4j.create(perRun.get(0), shape, 'c');
    }

    @Override
    public TrainedNetwork extract(int i) {
        List<INDArray> parameters = new ArrayList<>();
        for (String name : network.parameterNames()) {
            parameters.add(sd.getVariable(name).getArr().dup('c'));
        }
        return new TrainedNetwork(network, parameters);
    }
}
