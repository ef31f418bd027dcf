package digitlab.training.cli;

import digitlab.training.checkpoint.CheckpointPolicy;
import picocli.CommandLine.Option;

/** How often training saves a checkpoint to resume from, shared by {@code train} and {@code experiment}. */
public final class CheckpointOptions {
    @Option(names = "--checkpoint-every", paramLabel = "N", defaultValue = "" + CheckpointPolicy.DEFAULT_EVERY,
            description = "Save each stack's training state every N epochs (and after the last, and on SIGTERM), so the same "
                    + "command run again resumes an interrupted run where it got to; 0 for never (default: ${DEFAULT-VALUE}).")
    int every;

    @Option(names = "--keep-checkpoints", description = "Keep the checkpoints of finished runs (removed by default).")
    boolean keep;

    CheckpointPolicy policy() {
        return new CheckpointPolicy(every, keep);
    }
}
