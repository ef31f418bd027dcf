package digitlab.training.regularizer;

import digitlab.training.train.EpochMetrics;

/**
 * A rule over epochs, asked after each epoch's evaluation: whether this epoch's weights are the
 * ones to keep (export), and whether to stop. Each run gets its own rule object, which may keep state.
 * A run whose rule never keeps an epoch keeps the last one trained.
 */
@FunctionalInterface
public interface EpochRule {
    /** What the rule decides after one epoch. */
    record Decision(boolean keep, boolean stop) {
        public static final Decision GO_ON = new Decision(false, false);
    }

    /** Train every epoch, keep the last: every regularizer's but early stopping's. */
    EpochRule EVERY_EPOCH = metrics -> Decision.GO_ON;

    Decision after(EpochMetrics metrics);
}
