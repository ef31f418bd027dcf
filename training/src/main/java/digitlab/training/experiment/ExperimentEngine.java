package digitlab.training.experiment;

import digitlab.core.cli.UsageException;
import digitlab.training.files.Folders;
import digitlab.training.model.TrainConfig;
import digitlab.training.train.TrainingListener;
import java.io.IOException;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Trains some stacks of an experiment into their run folders. The thread pool is built in; other
 * engines (Spark, in training/spark) are found on the class path, so the training module and the
 * default build never carry them.
 */
public interface ExperimentEngine {
    String THREAD = "thread";

    /** The name {@code --engine} selects this engine by. */
    String name();

    /** Fails with one sentence, before anything is printed or trained, when the setup does not suit this engine. */
    default void check(ExperimentSetup setup) {}

    /**
     * Before the command looks at which runs are done: an engine whose runs live under a {@code --runs}
     * URI copies the plan's existing run folders into {@code setup.experimentDir()}, where they are read.
     */
    default void gather(ExperimentSetup setup) throws IOException {}

    /** {@code --fresh}: removes these runs' folders, so nothing of an earlier attempt is kept or resumed. */
    default void discard(ExperimentSetup setup, List<TrainConfig> runs) throws IOException {
        for (TrainConfig run : runs) {
            Folders.deleteRecursively(setup.runDir(run));
        }
    }

    /**
     * Trains the stacks with these indices; {@code progress} hears about every epoch (an engine that
     * trains elsewhere may tell it late, from the run folders). The command has surveyed the run folders
     * and refused to overwrite other models before: a stack trained again replaces its own models.
     * Writes neither experiment.json nor the report.
     */
    void train(ExperimentSetup setup, List<Integer> stackIndices, TrainingListener progress) throws IOException;

    /**
     * After experiment.json and the report are written into {@code setup.experimentDir()}: an engine
     * that staged runs bound for a {@code --runs} URI copies them there too.
     */
    default void publish(ExperimentSetup setup) throws IOException {}

    static ExperimentEngine named(String name) {
        if (THREAD.equals(name)) {
            return new ThreadEngine();
        }
        for (ExperimentEngine engine : ServiceLoader.load(ExperimentEngine.class)) {
            if (engine.name().equals(name)) {
                return engine;
            }
        }
        if ("spark".equals(name)) {
            throw new UsageException("The Spark engine is not on the class path: run through ./digit-lab,"
                    + " which builds it on first use of --engine spark, or build it with ./mvnw -P spark package");
        }
        throw new UsageException("Unknown engine '" + name + "'; use thread or spark");
    }
}
