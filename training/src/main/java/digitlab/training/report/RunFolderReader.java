package digitlab.training.report;

import digitlab.training.model.ConfigFields;
import digitlab.training.regularizer.Regularizers;
import digitlab.core.reference.ReferenceStudy;
import digitlab.training.train.MetricsCsv;
import digitlab.training.train.RunFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one run folder ({@code metrics.csv} + {@code run.json}) into a {@link RunOnDisk}. A missing
 * or unreadable {@code run.json} is not fatal: name and seed then come from the folder name
 * ({@code <run name>-s<seed>}), and the run is reported as incomplete. Fields an older run.json
 * lacks are filled from the study's grid where its run name says what they were, else left null.
 */
public final class RunFolderReader {
    static final String RUN_JSON = RunFile.FILE_NAME;
    private static final Pattern RUN_ID = Pattern.compile("(.+)-s(\\d+)");
    private static final RunFile NOTHING = new RunFile(null, null, null, null, null, null, null, null, null, null, null, null);

    private RunFolderReader() {}

    /** True when the folder looks like a run: it has at least one of the two files. */
    public static boolean isRunFolder(Path dir) {
        return Files.isRegularFile(dir.resolve(MetricsCsv.FILE_NAME)) || RunFile.existsIn(dir);
    }

    public static RunOnDisk read(Path dir) throws IOException {
        List<String> problems = new ArrayList<>();
        MetricsCsv.Rows metrics = MetricsCsv.read(dir);
        if (metrics.problem() != null) {
            problems.add(metrics.problem());
        }
        RunFile json = readJson(dir, problems);
        String id = json.id() != null ? json.id() : dir.getFileName().toString();
        Matcher idParts = RUN_ID.matcher(id);
        String name = json.name() != null ? json.name() : idParts.matches() ? idParts.group(1) : id;
        int seed = json.seed() != null ? json.seed().intValue()
                : idParts.matches() ? Integer.parseInt(idParts.group(2)) : 0;
        RunConfig config = config(json.config(), name);
        String family = json.family() != null ? json.family() : familyOf(name, config);
        return new RunOnDisk(dir, id, name, family, seed, config,
                json.dataset() != null ? json.dataset() : RunFile.Dataset.UNKNOWN, json.isFinished(),
                json.msPerEpoch(), json.trainingMillis(), metrics.rows(), problems,
                json.last() == null ? null : json.last().epoch(), json.calibration());
    }

    private static RunFile readJson(Path dir, List<String> problems) {
        if (!RunFile.existsIn(dir)) {
            problems.add(RUN_JSON + " is missing");
            return NOTHING;
        }
        try {
            return RunFile.read(dir);
        } catch (IOException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            problems.add(RUN_JSON + " is unreadable (" + cause.getClass().getSimpleName() + ")");
            return NOTHING;
        }
    }

    private static RunConfig config(Map<String, Object> c, String name) {
        // Without a config, the study's grid still tells us what a standard run name means.
        Optional<ReferenceStudy.Setting> setting = ReferenceStudy.byName(name);
        ConfigFields m = new ConfigFields(c);
        String loss = m.text("loss", setting.map(ReferenceStudy.Setting::loss).orElse(null));
        String regularizer = m.text("regularizer", setting.map(ReferenceStudy.Setting::regularizer).orElse(null));
        Double strength = m.number("strength");
        if (strength == null) {
            strength = setting.map(ReferenceStudy.Setting::strength).orElse(0.0);
        }
        if (c == null) {
            return RunConfig.unknown(loss, regularizer, strength);
        }
        List<Integer> layers = m.wholes("layers");
        // optimizerDetails names the constants too; folders from before it name the rule only
        String optimizer = m.text("optimizerDetails", m.text("optimizer"));
        Double decay = m.number("learningRateDecayPerEpoch");
        return new RunConfig(loss, regularizer, strength, layers == null ? List.of() : layers, m.text("activation"),
                m.text("init"), optimizer, m.number("learningRate"), m.whole("batchSize"),
                m.whole("epochs"), m.text("pixelScaling"),
                // runs from before recipes existed kept the rate constant and the images as they are
                decay != null ? decay : Double.valueOf(1.0), m.text("augmentation", "none"), m.text("network"));
    }

    static String familyOf(String name, RunConfig config) {
        var setting = ReferenceStudy.byName(name);
        if (setting.isPresent()) {
            return setting.get().family();
        }
        return Regularizers.familyOf(config.regularizer());
    }
}
