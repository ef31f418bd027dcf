package digitlab.training.experiment;

import digitlab.core.cli.UsageException;
import digitlab.training.train.TrainingListener;
import java.io.IOException;
import java.util.List;

/** The default engine: this JVM's thread pool, {@code --parallel} stacks side by side. */
final class ThreadEngine implements ExperimentEngine {
    @Override
    public String name() {
        return THREAD;
    }

    @Override
    public void check(ExperimentSetup setup) {
        if (setup.master() != null) {
            throw new UsageException("--master is for --engine spark");
        }
        if (setup.remoteRuns() != null) {
            throw new UsageException("--runs " + setup.remoteRuns() + " needs --engine spark; the thread engine writes to a folder");
        }
    }

    @Override
    public void train(ExperimentSetup setup, List<Integer> stackIndices, TrainingListener progress) throws IOException {
        check(setup);
        setup.job(true).runStacks(stackIndices.stream().map(setup.stacks()::get).toList(),
                setup::runDir, progress);
    }
}
