package digitlab.training.checkpoint;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;
import org.nd4j.autodiff.samediff.TrainingConfig;
import org.nd4j.autodiff.samediff.VariableType;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.GradientUpdater;

/**
 * What a SameDiff graph being trained carries from one epoch to the next: every trainable
 * variable, every updater's state (momentum's velocity, Adam's m and v) and the training config's
 * iteration and epoch counts, which position the learning-rate schedule and Adam's bias correction.
 * Arrays are named {@code variable/<name>} and {@code updater/<variable>/<key>}.
 */
final class GraphState {
    private GraphState() {}

    /** The graph's arrays, copied; the counts are read with {@link #counts}. */
    static Map<String, CheckpointFile.Array> capture(SameDiff sd) {
        Map<String, CheckpointFile.Array> arrays = new LinkedHashMap<>();
        live(sd).forEach((name, arr) -> arrays.put(name, new CheckpointFile.Array(arr.shape(), arr.dup('c').data().asFloat())));
        return arrays;
    }

    /** The iteration and epoch counts of the graph's training config. */
    static int[] counts(SameDiff sd) {
        TrainingConfig c = sd.getTrainingConfig();
        return new int[] {c.getIterationCount(), c.getEpochCount()};
    }

    /**
     * Whether {@code arrays} fit this graph: the same names and shapes. A checkpoint of another
     * network (another --layers, another stack) does not.
     */
    static String mismatch(SameDiff sd, Map<String, CheckpointFile.Array> arrays) {
        initializeTraining(sd);
        Map<String, INDArray> live = live(sd);
        if (!live.keySet().equals(arrays.keySet())) {
            return "it holds the arrays " + new TreeMap<>(arrays).keySet() + ", this stack " + new TreeMap<>(live).keySet();
        }
        for (Map.Entry<String, INDArray> e : live.entrySet()) {
            CheckpointFile.Array saved = arrays.get(e.getKey());
            if (!Arrays.equals(saved.shape(), e.getValue().shape()) || saved.values().length != e.getValue().length()) {
                return e.getKey() + " is " + Arrays.toString(saved.shape()) + " there, " + Arrays.toString(e.getValue().shape()) + " here";
            }
        }
        return null;
    }

    /** Sets the graph to the saved arrays and counts, in place: the training session reads the same arrays. */
    static void apply(SameDiff sd, Map<String, CheckpointFile.Array> arrays, int iterationCount, int epochCount) {
        initializeTraining(sd);
        live(sd).forEach((name, arr) -> {
            CheckpointFile.Array saved = arrays.get(name);
            arr.assign(Nd4j.create(saved.values(), saved.shape(), 'c'));
        });
        sd.getTrainingConfig().setIterationCount(iterationCount);
        sd.getTrainingConfig().setEpochCount(epochCount);
    }

    /** The graph's own arrays by checkpoint name: variables, then updater state, each sorted by name. */
    private static Map<String, INDArray> live(SameDiff sd) {
        Map<String, INDArray> arrays = new LinkedHashMap<>();
        for (SDVariable v : new TreeMap<>(sd.variableMap()).values()) {
            if (v.getVariableType() == VariableType.VARIABLE) {
                arrays.put("variable/" + v.name(), requireFloat(v.name(), v.getArr()));
            }
        }
        Map<String, GradientUpdater> updaters = sd.getUpdaterMap();
        if (updaters != null) {
            for (Map.Entry<String, GradientUpdater> u : new TreeMap<>(updaters).entrySet()) {
                Map<String, INDArray> state = u.getValue().getState();
                if (state != null) {
                    new TreeMap<>(state).forEach((key, arr) -> arrays.put("updater/" + u.getKey() + "/" + key, requireFloat(key, arr)));
                }
            }
        }
        return arrays;
    }

    private static INDArray requireFloat(String name, INDArray arr) {
        if (arr.dataType() != DataType.FLOAT) {
            throw new IllegalStateException(name + " is " + arr.dataType() + "; checkpoints hold float arrays");
        }
        return arr;
    }

    /**
     * SameDiff makes the updaters (and their state arrays) in its first fit, through a protected
     * method; a resumed run needs them before that to put the saved state in. Idempotent.
     */
    private static void initializeTraining(SameDiff sd) {
        if (sd.isInitializedTraining()) {
            return;
        }
        try {
            Method init = SameDiff.class.getDeclaredMethod("initializeTraining");
            init.setAccessible(true);
            init.invoke(sd);
        } catch (NoSuchMethodException | IllegalAccessException e) {
            throw new IllegalStateException("This ND4J version has no SameDiff.initializeTraining(): checkpoints need it", e);
        } catch (InvocationTargetException e) {
            throw new IllegalStateException("SameDiff could not set up its updaters: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
