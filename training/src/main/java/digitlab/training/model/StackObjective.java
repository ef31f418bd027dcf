package digitlab.training.model;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.nd4j.autodiff.loss.LossReduce;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What a stack of R runs minimises in the graph, on logits laid out {@code [R, B, 10]}: every run's
 * data loss ({@link GraphNames#DATA_LOSS}, {@code [R]}), summed over the runs ({@link GraphNames#LOSS}).
 * Every run's parameters only enter its own term, so the gradient of the sum is each run's own. A
 * run's weight penalty is the other term of its objective: the trainer adds its gradient outside
 * the graph ({@link WeightPenalties}).
 */
final class StackObjective {
    private StackObjective() {}

    static void define(SameDiff sd, List<TrainConfig> runs, SDVariable logits, SDVariable labels) {
        SDVariable dataLoss = null;
        for (LossKind kind : LossKind.values()) {
            INDArray uses = perRun(runs, c -> c.loss() == kind ? 1 : 0);
            if (uses.sumNumber().doubleValue() > 0) {
                SDVariable term = dataLoss(sd, runs.size(), kind, logits, labels);
                // a stack that mixes losses keeps each run's own; one loss for all needs no selection op
                term = uses.minNumber().doubleValue() == 0 ? term.mul(sd.constant(uses)) : term;
                dataLoss = dataLoss == null ? term : dataLoss.add(term);
            }
        }
        sd.setLossVariables(sd.identity(GraphNames.DATA_LOSS, dataLoss).sum(GraphNames.LOSS));
    }

    /** Each run's loss on the batch, {@code [R]}: means over the batch as a single-run graph takes them. */
    private static SDVariable dataLoss(SameDiff sd, int r, LossKind kind, SDVariable logits, SDVariable labels) {
        return switch (kind) {
            // -sum(y * log softmax(z)) = logsumexp(z) - sum(y * z) for one-hot y, with logsumexp(z) =
            // m + log(sum(exp(z - m))) for m the row maximum (any m gives the same value and gradient;
            // the maximum keeps exp from overflowing). SameDiff M2.1's own logSoftmax/logSumExp along
            // an axis fail to serialise or to differentiate, and its fused cross-entropy's per-row
            // form (LossReduce.NONE) trains wrongly, hence the spelled-out form.
            case CE -> {
                if (r == 1) {
                    // One run: SameDiff's fused op (its batch mean differentiates correctly; only its
                    // per-row form does not), measured faster per epoch for a run trained alone.
                    yield sd.loss.softmaxCrossEntropy(labels, logits.reshape(-1, digitlab.core.model.ModelContract.CLASSES),
                            null, LossReduce.MEAN_BY_NONZERO_WEIGHT_COUNT, 0.0).reshape(1);
                }
                SDVariable max = logits.max(true, 2);
                SDVariable logSumExp = sd.math.log(sd.math.exp(logits.sub(max)).sum(2)).add(sd.squeeze(max, 2));
                yield logSumExp.sub(logits.mul(labels).sum(2)).mean(1);
            }
            case MSE -> {
                SDVariable error = logits.sub(labels);
                yield error.mul(error).mean(1, 2);
            }
        };
    }

    private static INDArray perRun(List<TrainConfig> runs, ToDoubleFunction<TrainConfig> value) {
        float[] v = new float[runs.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) value.applyAsDouble(runs.get(i));
        }
        return Nd4j.create(v, new long[] {v.length}, 'c');
    }
}
