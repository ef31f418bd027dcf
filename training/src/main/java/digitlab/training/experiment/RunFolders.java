package digitlab.training.experiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitlab.core.model.ModelContract;
import digitlab.core.model.ModelMetadata;
import digitlab.training.export.OnnxModelFile;
import digitlab.training.model.TrainConfig;
import digitlab.training.train.MetricsCsv;
import digitlab.training.train.RunFile;
import digitlab.training.train.RunRecord;
import digitlab.training.train.Trainer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * What the run folders on disk say about a plan: which runs are done (and may be skipped), which
 * are still to train, and which folders hold another config (never overwritten silently).
 */
public final class RunFolders {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunFolders() {}

    /** What one planned run's folder holds. */
    public enum State {
        /** run.json says finished with this config, and its files are whole: nothing to train. */
        DONE,
        /** No folder yet, or this config's run cut short or missing a file: train it. */
        TO_TRAIN,
        /** The folder holds something else (another config, or no readable run.json): leave it alone. */
        OTHER
    }

    /** A run's state and, for {@link State#OTHER}, what the folder holds instead (else null). */
    public record Look(State state, String other) {
        static final Look DONE = new Look(State.DONE, null);
        static final Look TO_TRAIN = new Look(State.TO_TRAIN, null);
    }

    /** Fails with one sentence naming the runs of the plan that have not finished (missing, or cut short). */
    public static void requireFinished(ExperimentSetup setup) throws IOException {
        List<String> unfinished = new ArrayList<>();
        for (TrainConfig run : setup.plan().runs()) {
            if (!finished(setup.runDir(run), run)) {
                unfinished.add(run.id());
            }
        }
        if (!unfinished.isEmpty()) {
            throw new IOException(unfinished.size() + " of " + setup.plan().runs().size() + " runs in "
                    + setup.experimentDir() + " have not finished (" + String.join(", ", unfinished.subList(0, Math.min(3, unfinished.size())))
                    + (unfinished.size() > 3 ? ", ..." : "") + "): run the missing shards first");
        }
    }

    /**
     * A run is finished when its run.json says so and its metrics.csv holds every epoch it trained:
     * all of them, or fewer when its epoch rule stopped it (early stopping).
     */
    static boolean finished(Path runDir, TrainConfig run) throws IOException {
        if (!Files.isRegularFile(runDir.resolve(RunRecord.FILE_NAME))) {
            return false;
        }
        RunRecord record = RunRecord.read(runDir);
        int rows = MetricsCsv.read(runDir).rows().size();
        return record.finished() && rows == record.epochsDone()
                && (rows == run.epochs() || run.regularizer().epochRule(run) != digitlab.training.regularizer.EpochRule.EVERY_EPOCH);
    }

    /**
     * Looks at {@code run}'s folder. Done means: run.json finished with exactly this config, metrics.csv
     * holding every epoch, model.fb present and, when the plan exports ({@code modelsDir} not null),
     * the run's ONNX file present and holding this config.
     */
    public static Look look(Path runDir, TrainConfig run, Path modelsDir) throws IOException {
        if (!RunFile.existsIn(runDir)) {
            // The trainer writes run.json first: a folder without it is empty or not ours.
            return Files.exists(runDir.resolve(MetricsCsv.FILE_NAME)) || Files.exists(runDir.resolve(Trainer.MODEL_FILE))
                    ? new Look(State.OTHER, "files but no " + RunFile.FILE_NAME) : Look.TO_TRAIN;
        }
        RunFile file;
        try {
            file = RunFile.read(runDir);
        } catch (IOException e) {
            return new Look(State.OTHER, "a " + RunFile.FILE_NAME + " that is not a valid run record");
        }
        String differences = differences(file.config() == null ? JSON.createObjectNode() : JSON.valueToTree(file.config()), run);
        if (!differences.isEmpty()) {
            return new Look(State.OTHER, "a run with another config (" + differences + ")");
        }
        boolean whole = file.isFinished()
                && MetricsCsv.read(runDir).rows().size() == run.epochs()
                && Files.isRegularFile(runDir.resolve(Trainer.MODEL_FILE))
                && (modelsDir == null || exported(modelsDir.resolve(run.id() + ModelContract.FILE_SUFFIX), run));
        return whole ? Look.DONE : Look.TO_TRAIN;
    }

    /** Whether {@code file} is this run's exported model: readable, with this config and every epoch. */
    private static boolean exported(Path file, TrainConfig run) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try {
            ModelMetadata m = OnnxModelFile.readMetadata(file);
            return m.epochs() == run.epochs() && differences(JSON.readTree(m.configJson()), run).isEmpty();
        } catch (IOException | RuntimeException e) {
            return false; // broken or foreign: not this run's export (the overwrite check decides what follows)
        }
    }

    /** The config keys whose values differ, as "epochs 3 there, 2 here"; empty when they are the same. */
    static String differences(JsonNode recorded, TrainConfig planned) {
        JsonNode wanted = JSON.valueToTree(planned.toMap());
        List<String> differ = new ArrayList<>();
        for (Iterator<String> keys = wanted.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            JsonNode there = recorded.get(key);
            if (there == null || !sameValue(there, wanted.get(key))) {
                differ.add(key + " " + (there == null ? "missing" : there) + " there, " + wanted.get(key) + " here");
            }
        }
        for (Iterator<String> keys = recorded.fieldNames(); keys.hasNext(); ) {
            String key = keys.next();
            if (!wanted.has(key)) {
                differ.add(key + " " + recorded.get(key) + " there, none here");
            }
        }
        return String.join("; ", differ);
    }

    /** Equal JSON values, numbers by value: run.json holds 1000 where the config map holds 1000.0. */
    private static boolean sameValue(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }
}
