package digitlab.training.checkpoint;

import digitlab.core.cli.UsageException;

/**
 * How often a stack's training state is saved, and whether the checkpoints stay once it finished.
 *
 * @param everyEpochs a checkpoint after every this many epochs (and after the last, and on SIGTERM); 0 for none
 * @param keep        keep the checkpoints of a finished stack instead of removing them
 */
public record CheckpointPolicy(int everyEpochs, boolean keep) {
    public static final int DEFAULT_EVERY = 10;
    public static final CheckpointPolicy DEFAULT = new CheckpointPolicy(DEFAULT_EVERY, false);
    public static final CheckpointPolicy NONE = new CheckpointPolicy(0, false);

    public CheckpointPolicy {
        if (everyEpochs < 0) {
            throw new UsageException("--checkpoint-every must be 0 (never) or more, not " + everyEpochs);
        }
    }

    public boolean enabled() {
        return everyEpochs > 0;
    }
}
