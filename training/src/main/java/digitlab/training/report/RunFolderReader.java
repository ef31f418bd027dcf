package digitlab.training.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import digitlab.core.reference.ReferenceStudy;
import digitlab.training.train.MetricsCsv;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one run folder ({@code metrics.csv} + {@code run.json}) into a {@link RunRecord}. A missing
 * or unreadable {@code run.json} is not fatal: name and seed then come from the folder name
 * ({@code <run name>-s<seed>}), and the run is reported as incomplete.
 */
public final class RunFolderReader {
    static final String RUN_JSON = digitlab.training.train.RunRecord.FILE_NAME;
    private static final Pattern RUN_ID = Pattern.compile("(.+)-s(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunFolderReader() {}

    /** True when the folder looks like a run: it has at least one of the two files. */
    public static boolean isRunFolder(Path dir) {
        return Files.isRegularFile(dir.resolve(MetricsCsv.FILE_NAME)) || Files.isRegularFile(dir.resolve(RUN_JSON));
    }

    public static RunRecord read(Path dir) throws IOException {
        List<String> problems = new ArrayList<>();
        MetricsCsv.Rows metrics = MetricsCsv.read(dir);
        if (metrics.problem() != null) {
            problems.add(metrics.problem());
        }
        JsonNode json = readJson(dir.resolve(RUN_JSON), problems);
        String id = text(json, "id", dir.getFileName().toString());
        Matcher idParts = RUN_ID.matcher(id);
        String name = text(json, "name", idParts.matches() ? idParts.group(1) : id);
        int seed = json.path("seed").isNumber() ? json.path("seed").asInt()
                : idParts.matches() ? Integer.parseInt(idParts.group(2)) : 0;
        RunConfig config = config(json.path("config"), name);
        String family = text(json, "family", familyOf(name, config));
        return new RunRecord(dir, id, name, family, seed, config, dataset(json.path("dataset")),
                json.path("finished").asBoolean(false), number(json, "msPerEpoch"),
                json.path("trainingMillis").isNumber() ? json.path("trainingMillis").asLong() : null,
                metrics.rows(), problems);
    }

    private static JsonNode readJson(Path file, List<String> problems) {
        if (!Files.isRegularFile(file)) {
            problems.add(RUN_JSON + " is missing");
            return JSON.createObjectNode();
        }
        try {
            return JSON.readTree(file.toFile());
        } catch (IOException e) {
            problems.add(RUN_JSON + " is unreadable (" + e.getClass().getSimpleName() + ")");
            return JSON.createObjectNode();
        }
    }

    private static RunConfig config(JsonNode c, String name) {
        // Without a config, the study's grid still tells us what a standard run name means.
        var setting = ReferenceStudy.byName(name);
        String loss = text(c, "loss", setting.map(ReferenceStudy.Setting::loss).orElse(null));
        String regularizer = text(c, "regularizer", setting.map(ReferenceStudy.Setting::regularizer).orElse(null));
        double strength = c.path("strength").isNumber() ? c.path("strength").asDouble()
                : setting.map(ReferenceStudy.Setting::strength).orElse(0.0);
        if (c.isMissingNode() || !c.isObject()) {
            return RunConfig.unknown(loss, regularizer, strength);
        }
        List<Integer> layers = new ArrayList<>();
        c.path("layers").forEach(n -> layers.add(n.asInt()));
        // optimizerDetails names the constants too; folders from before it name the rule only
        String optimizer = text(c, "optimizerDetails", text(c, "optimizer", text(c, "optimiser", null)));
        return new RunConfig(loss, regularizer, strength, layers, text(c, "activation", null),
                text(c, "init", null), optimizer, number(c, "learningRate"),
                c.path("batchSize").isNumber() ? c.path("batchSize").asInt() : null,
                c.path("epochs").isNumber() ? c.path("epochs").asInt() : null, text(c, "pixelScaling", null),
                // runs from before recipes existed kept the rate constant and the images as they are
                c.has("learningRateDecayPerEpoch") ? number(c, "learningRateDecayPerEpoch") : Double.valueOf(1.0),
                text(c, "augmentation", "none"));
    }

    private static DatasetInfo dataset(JsonNode d) {
        if (!d.isObject()) {
            return DatasetInfo.UNKNOWN;
        }
        return new DatasetInfo(text(d, "name", null), text(d, "split", null),
                d.path("trainSize").isNumber() ? d.path("trainSize").asInt() : null,
                d.path("testSize").isNumber() ? d.path("testSize").asInt() : null,
                text(d, "testImagesMd5", null));
    }

    static String familyOf(String name, RunConfig config) {
        var setting = ReferenceStudy.byName(name);
        if (setting.isPresent()) {
            return setting.get().family();
        }
        String regularizer = config.regularizer();
        return regularizer == null || "none".equals(regularizer) ? "loss" : regularizer;
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node.path(field);
        return value.isValueNode() && !value.isNull() ? value.asText() : fallback;
    }

    private static Double number(JsonNode node, String field) {
        JsonNode value = node.path(field);
        return value.isNumber() ? value.asDouble() : null;
    }
}
