package digitlab.training.checkpoint;

import java.io.IOException;
import java.nio.file.Path;

/** A checkpoint file that cannot be trusted (truncated, bytes flipped, or not a checkpoint): never resumed from. */
public final class DamagedCheckpointException extends IOException {
    public DamagedCheckpointException(Path file, String what) {
        super("The checkpoint " + file + " is damaged (" + what + ")");
    }
}
