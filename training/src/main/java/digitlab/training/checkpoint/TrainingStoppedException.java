package digitlab.training.checkpoint;

import java.io.IOException;

/** The stack stopped on SIGTERM after saving its checkpoint: the same command again resumes it. */
public final class TrainingStoppedException extends IOException {
    TrainingStoppedException(String runs, int epochsDone) {
        super("Stopped on request after epoch " + epochsDone + " of " + runs
                + ", with a checkpoint: run the same command again to resume");
    }
}
