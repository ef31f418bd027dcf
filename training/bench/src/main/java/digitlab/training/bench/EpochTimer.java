package digitlab.training.bench;

import java.io.IOException;

/** One side of a training benchmark: times the same protocol's epochs, one round at a time. */
public interface EpochTimer {
    /** Mean milliseconds per epoch over {@code epochs} epochs (training plus evaluation), warmed up. */
    double millisPerEpoch(int epochs) throws IOException;
}
