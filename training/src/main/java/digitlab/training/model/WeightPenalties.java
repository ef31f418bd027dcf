package digitlab.training.model;

import digitlab.training.regularizer.WeightPenalty;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.regularization.Regularization;

/**
 * The weight penalties (L1, L2) of a stack's runs, each added to its own run's part of every weight
 * matrix's gradient before the updater, through SameDiff's regularization hook: the gradient SGD or
 * Adam then steps by is each run's data loss gradient plus its penalty's, as if the penalty were a
 * term of its loss.
 *
 * <p>Why not a term in the graph: SameDiff pays for every op of every step, and a penalty in the
 * graph is a reduction per weight matrix, the products by each run's coefficient and their
 * gradients, over every run of the stack (zero for the runs without it). Here it is a few ND4J calls
 * per penalised run and matrix. Measured with {@code bench train --stacks} (CPU ms per epoch, see
 * docs/benchmarks.md). The trained bytes are the same: L1 adds {@code c*sign(w)} and L2 {@code 2c*w}
 * in float, as the graph's gradient did.
 */
public final class WeightPenalties implements Regularization {
    /** Run {@code run}'s part of an array shaped as one of the stack's weight matrices (a view). */
    @FunctionalInterface
    public interface RunBlock {
        INDArray of(INDArray array, int run);
    }

    private final SameDiff sd;
    /** The graph's parameters: the weight matrices with how a run's block is cut, the biases with null. */
    private final Map<String, RunBlock> parameters;
    /** Per run, its penalty, or null. */
    private final WeightPenalty[] penalties;
    private final float[] coefficients;

    private WeightPenalties(SameDiff sd, Map<String, RunBlock> weights, WeightPenalty[] penalties, float[] coefficients) {
        this.sd = sd;
        this.parameters = new HashMap<>();
        for (SDVariable v : sd.variables()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                parameters.put(v.name(), weights.get(v.name()));
            }
        }
        this.penalties = penalties;
        this.coefficients = coefficients;
    }

    /** The penalties of {@code graph}'s runs, with {@code n} training images; null when no run has one. */
    public static WeightPenalties of(TrainingGraph graph, int n) {
        List<TrainConfig> runs = graph.runs();
        WeightPenalty[] penalties = new WeightPenalty[runs.size()];
        float[] coefficients = new float[runs.size()];
        boolean any = false;
        for (int r = 0; r < runs.size(); r++) {
            TrainConfig c = runs.get(r);
            penalties[r] = c.regularizer().weightPenalty();
            if (penalties[r] != null) {
                coefficients[r] = (float) penalties[r].coefficient(c.strength(), n);
                any = true;
            }
        }
        return any ? new WeightPenalties(graph.sameDiff(), graph.weightBlocks(), penalties, coefficients) : null;
    }

    @Override
    public ApplyStep applyStep() {
        return ApplyStep.BEFORE_UPDATER;
    }

    @Override
    public void apply(INDArray param, INDArray gradView, double lr, int iteration, int epoch) {
        for (Map.Entry<String, RunBlock> parameter : parameters.entrySet()) {
            if (sd.getVariable(parameter.getKey()).getArr() == param) {
                RunBlock block = parameter.getValue(); // null: a bias, which is not penalised
                for (int r = 0; block != null && r < penalties.length; r++) {
                    if (penalties[r] != null) {
                        penalties[r].addGradient(block.of(param, r), block.of(gradView, r), coefficients[r]);
                    }
                }
                return;
            }
        }
        // Arrays swapped under the graph would leave a penalty silently unapplied.
        throw new IllegalStateException("A parameter array the graph does not hold reached the weight penalties.");
    }

    /** Zero: SameDiff would add this to the loss it reports, which nothing reads; metrics.csv records the data loss. */
    @Override
    public double score(INDArray param, int iteration, int epoch) {
        return 0;
    }

    @Override
    public Regularization clone() {
        return this; // holds no state that changes while training
    }
}
