package digitlab.training.model;

import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A SameDiff graph that trains a stack of R runs of one network together (R = 1 for a network the
 * stacked layout does not cover), as the trainer sees it. Inputs: the contract's {@code pixels},
 * {@link GraphNames#LABELS} and the dropout mask placeholders; outputs: per-run probabilities
 * {@code [R, B, 10]} (the contract's name) and per-run data loss {@code [R]} ({@link GraphNames#DATA_LOSS}).
 */
public interface TrainingGraph {
    /** The graph for {@code runs}: the stacked graph for dense networks, else a single run's graph. */
    static TrainingGraph of(List<TrainConfig> runs) {
        if (runs.isEmpty()) {
            throw new IllegalArgumentException("A stack needs at least one run.");
        }
        boolean dense = runs.get(0).network().denseOnly();
        // oneDNN's kernels (ND4J's platform helpers) make convolutions about 5x faster, but they round
        // dense matmuls differently from the study's recorded numbers: dense networks go without them.
        Nd4j.getEnvironment().allowHelpers(!dense);
        return dense ? new StackedMlpGraph(runs) : new SingleNetworkGraph(runs);
    }

    SameDiff sameDiff();

    List<TrainConfig> runs();

    /** Dropout mask placeholders, in the network's order; empty when no run of the stack uses dropout. */
    List<String> maskNames();

    /** Units of one sample that mask {@code k} covers, per run. */
    int maskWidth(int k);

    /** Mask {@code k}'s shape for {@code rows} samples. */
    long[] maskShape(int k, int rows);

    /**
     * Mask {@code k} for the whole stack from each run's own {@code [rows, width]} values, row-major
     * ({@code null}: ones, for a run without dropout or for evaluation).
     */
    INDArray mask(int k, int rows, List<float[]> perRun);

    /** Run {@code i}'s trained network on its own: copies of its parameters. */
    TrainedNetwork extract(int i);

    /** The weight matrices (not the biases) by variable name, each with how a run's part of it is cut. */
    Map<String, WeightPenalties.RunBlock> weightBlocks();
}
