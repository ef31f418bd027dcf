package digitlab.training.regularizer;

import digitlab.training.checkpoint.RandomStreams;
import digitlab.training.model.TrainConfig;

/**
 * One way of fighting overfitting, as one object: its name and strength flag, the check of its
 * strength, its family in the report and leaderboard, and what it does, through four hooks that do
 * nothing unless it overrides them:
 * <ul>
 *   <li>{@link #weightPenalty()}: a term in the loss (L1, L2);
 *   <li>{@link #dropProbability}: a change to the graph, dropout masks on the hidden activations;
 *   <li>{@link #dataChange}: a change to the training data, each batch's images altered before they are fed;
 *   <li>{@link #epochRule}: a rule over epochs, which may stop training and name the epoch whose weights are kept;
 *       with {@link #validationImages()} the rule sees each epoch's accuracy on a validation set.
 * </ul>
 * The graphs and the trainer read only these hooks, never a regularizer's identity. A new
 * regularizer is a class here and an entry in {@link Regularizers#ALL} (which also fixes its
 * family's place in reports); a strength flag the CLI does not know yet needs an option there.
 */
public interface Regularizer {
    /** The name users type after {@code --reg} and that run.json and the ONNX metadata record: {@code l2}. */
    String id();

    /** The family a report and leaderboard group its runs under ({@code loss} for no regularizer). */
    default String family() {
        return id();
    }

    /** The family's heading in the report. */
    String familyTitle();

    /** The family's short name, for legends and sentences. */
    String familyShortName();

    /** The flag that gives the strength ({@code --lambda}, {@code --dropout}), or null (the default) when it takes none. */
    default String strengthFlag() {
        return null;
    }

    /**
     * The strength a run records, once checked: throws a {@link digitlab.core.cli.UsageException}
     * with one sentence when it is out of range.
     */
    default double checkStrength(double strength) {
        return 0; // no strength flag: the strength is recorded as 0
    }

    /** A term in the loss: a penalty on the weight matrices, or null. */
    default WeightPenalty weightPenalty() {
        return null;
    }

    /** A change to the graph: the probability with which each hidden unit is dropped while training (0: no masks). */
    default double dropProbability(double strength) {
        return 0;
    }

    /**
     * A change to the data: what alters each training batch's pixels for the run {@code run}, or
     * null when it sees the images as they are. Runs whose data changes cannot share a stack with
     * runs whose data does not (they would not see the same batches).
     *
     * @param streams where the change registers the random streams it draws from, so checkpoints save them
     */
    default BatchTransform dataChange(TrainConfig run, RandomStreams streams) {
        return null;
    }

    /**
     * How many training images outside the run's split it is measured on after every epoch, for
     * its epoch rule (0: none). They are the last of the training file, never trained on; runs
     * measured on different validation sets do not share a stack.
     */
    default int validationImages() {
        return 0;
    }

    /** A rule over epochs for the run {@code run}: by default every epoch is trained and the last one kept. */
    default EpochRule epochRule(TrainConfig run) {
        return EpochRule.EVERY_EPOCH;
    }
}
