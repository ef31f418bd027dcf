package digitlab.training.experiment;

import digitlab.training.model.TrainConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * How much of a share of stacks the run folders already hold, so running an experiment again trains
 * only what is missing. The stack, not the run, is what is skipped or trained: a run trained in
 * another stack would round differently, so a stack with any run left is trained whole, as planned.
 *
 * @param stacksToTrain the share's stacks with a run still to train, in order
 * @param runs          the share's runs
 * @param runsToTrain   the runs of {@code stacksToTrain}
 * @param unfinished    the runs of {@code stacksToTrain} that are not done (a finished run in a stack
 *                      trained again is reproduced with it)
 */
public record PlanProgress(List<Integer> stacksToTrain, int runs, List<TrainConfig> runsToTrain,
        List<TrainConfig> unfinished) {

    /**
     * Surveys the share's run folders; with {@code fresh} every stack is trained again. Fails with one
     * sentence naming the first folder that holds another config, unless {@code fresh}.
     */
    public static PlanProgress of(ExperimentSetup setup, List<Integer> stackIndices, boolean fresh) throws IOException {
        List<Integer> toTrain = new ArrayList<>();
        List<TrainConfig> runsToTrain = new ArrayList<>();
        List<TrainConfig> unfinished = new ArrayList<>();
        List<Path> others = new ArrayList<>();
        String firstOther = null;
        int runs = 0;
        for (int index : stackIndices) {
            List<TrainConfig> stack = setup.stacks().get(index);
            runs += stack.size();
            boolean done = !fresh;
            for (TrainConfig run : stack) {
                RunFolders.Look look = RunFolders.look(setup.runDir(run), run, setup.modelsDir());
                if (look.state() == RunFolders.State.OTHER && others.add(setup.runDir(run)) && firstOther == null) {
                    firstOther = look.other();
                }
                if (fresh || look.state() != RunFolders.State.DONE) {
                    done = false;
                    unfinished.add(run);
                }
            }
            if (!done) {
                toTrain.add(index);
                runsToTrain.addAll(stack);
            }
        }
        if (!fresh && !others.isEmpty()) {
            throw new IOException("The run folder " + shown(others.get(0), setup) + " holds " + firstOther
                    + (others.size() > 1 ? ", and " + (others.size() - 1) + " more folders hold something else too" : "")
                    + "; pass --fresh to train the plan's runs again from scratch, or give another --runs folder");
        }
        return new PlanProgress(List.copyOf(toTrain), runs, List.copyOf(runsToTrain), List.copyOf(unfinished));
    }

    /** A run folder as the user names it: under the --runs URI when the runs are bound for one. */
    private static String shown(Path runDir, ExperimentSetup setup) {
        return setup.remoteRuns() == null ? runDir.toString()
                : setup.remoteRuns().toString().replaceAll("/+$", "") + "/" + setup.plan().name() + "/" + runDir.getFileName();
    }

    public int runsDone() {
        return runs - runsToTrain.size();
    }

    /** E.g. "3 of 10 runs already done, training 7". */
    public String line() {
        return runsDone() + " of " + runs + " runs already done, training " + runsToTrain.size();
    }
}
