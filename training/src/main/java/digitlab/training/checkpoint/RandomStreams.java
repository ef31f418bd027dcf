package digitlab.training.checkpoint;

/**
 * Where a stack's trainer keeps the random streams its checkpoints save and set again: whatever
 * draws numbers during training (a regularizer's data change too) takes its stream from here, so a
 * resumed run draws on exactly where the interrupted one had got to.
 */
@FunctionalInterface
public interface RandomStreams {
    /** Keeps nothing: for asking what a regularizer would draw without training. */
    RandomStreams NOT_SAVED = (name, rng) -> rng;

    /**
     * @param name unique in the stack: the key its state is saved under
     * @return {@code rng}, now saved with every checkpoint
     */
    SavableRandom register(String name, SavableRandom rng);
}
