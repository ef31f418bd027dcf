package digitlab.training.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * "How it was run": the command, the time taken and the training protocol, read from the runs'
 * own {@code run.json} files rather than assumed, so a changed setting shows up in the report.
 */
final class ProtocolSection {
    private ProtocolSection() {}

    static void add(ReportDocument doc, Experiment experiment, List<SeedGroup> groups) {
        List<RunOnDisk> runs = experiment.runs();
        ExperimentInfo info = experiment.info();
        doc.heading(2, "How it was run");
        List<String> items = new ArrayList<>();
        items.add("**Command:** " + (info.command() != null ? "`" + info.command() + "`"
                : "not recorded (no " + ExperimentInfo.FILE_NAME + ")"));
        items.add("**Time taken:** " + timeTaken(info, runs));
        items.add("**Runs:** " + runs.size() + " runs of " + groups.size() + " settings; " + seedsLine(info, groups));
        items.add("**Completion:** " + completion(runs));
        doc.bullets(items);

        doc.heading(3, "Protocol");
        List<String> protocol = new ArrayList<>();
        protocol.add("**Network:** " + distinct(runs, r -> architecture(r.config()))
                + "; activation " + distinct(runs, r -> r.config().activation())
                + "; initialisation " + code(distinct(runs, r -> r.config().init())));
        protocol.add("**Optimiser:** " + distinct(runs, r -> r.config().optimizer()) + ", learning rate "
                + distinct(runs, r -> r.config().learningRate()) + ", batch size "
                + distinct(runs, r -> r.config().batchSize()));
        protocol.add("**Learning-rate decay per epoch:** " + distinct(runs, r -> r.config().learningRateDecay())
                + " (1 = constant)");
        protocol.add("**Augmentation:** " + distinct(runs, r -> r.config().augmentation()));
        protocol.add("**Epochs:** " + distinct(runs, r -> r.config().epochs()) + " planned per run");
        protocol.add("**Data:** " + distinct(runs, r -> r.dataset().name()) + ", split "
                + code(distinct(runs, r -> r.dataset().split())) + ": the first "
                + distinct(runs, r -> r.dataset().trainSize()) + " training images for training and the first "
                + distinct(runs, r -> r.dataset().testSize()) + " test images for testing (test images MD5 "
                + code(distinct(runs, r -> r.dataset().testImagesMd5())) + ")");
        protocol.add("**Pixel scaling:** " + distinct(runs, r -> scaling(r.config().pixelScaling()))
                + "; the study fed raw 0–255 values");
        protocol.add("**Accuracy:** percent of correctly classified images, on the whole training split (train) "
                + "and the whole test split (test) after each epoch; gap = train − test in percentage points");
        doc.bullets(protocol);
    }

    static String scaling(String pixelScaling) {
        if (pixelScaling == null) {
            return null;
        }
        return switch (pixelScaling) {
            case "UNIT" -> "[0, 1] (pixels ÷ 255)";
            case "RAW" -> "raw 0–255";
            default -> pixelScaling;
        };
    }

    private static String code(String value) {
        return value.startsWith("not recorded") || value.contains(" (varies") ? value : "`" + value + "`";
    }

    /** The one value every run shares, or each value with how many runs used it. */
    /** {@code 784-128-10 fully connected}, or the layers of another network as run.json spells them. */
    private static String architecture(RunConfig c) {
        if (c.network() != null) {
            return c.network();
        }
        return c.layers().isEmpty() ? null
                : c.layers().stream().map(String::valueOf).collect(Collectors.joining("-")) + " fully connected";
    }

    static String distinct(List<RunOnDisk> runs, Function<RunOnDisk, Object> field) {
        TreeMap<String, Integer> counts = new TreeMap<>();
        for (RunOnDisk run : runs) {
            Object value = field.apply(run);
            if (value != null) {
                counts.merge(Objects.toString(value), 1, Integer::sum);
            }
        }
        if (counts.isEmpty()) {
            return "not recorded";
        }
        if (counts.size() == 1) {
            return counts.firstKey();
        }
        return counts.entrySet().stream().map(e -> e.getKey() + " ×" + e.getValue())
                .collect(Collectors.joining(", ")) + " (varies between runs)";
    }

    private static String timeTaken(ExperimentInfo info, List<RunOnDisk> runs) {
        long training = runs.stream().filter(r -> r.trainingMillis() != null).mapToLong(RunOnDisk::trainingMillis).sum();
        double msPerEpoch = runs.stream().filter(r -> r.msPerEpoch() != null).mapToDouble(RunOnDisk::msPerEpoch)
                .average().orElse(Double.NaN);
        StringBuilder text = new StringBuilder(info.wallMillis() != null
                ? Numbers.duration(info.wallMillis()) + " wall-clock for the whole experiment"
                : "wall-clock time not recorded");
        if (training > 0) {
            text.append("; the runs' training time (each its share of the stack it was trained in) adds up to ")
                    .append(Numbers.duration(training));
        }
        if (!Double.isNaN(msPerEpoch)) {
            text.append(" (").append(Numbers.one(msPerEpoch)).append(" ms per epoch on average)");
        }
        return text.toString();
    }

    private static String seedsLine(ExperimentInfo info, List<SeedGroup> groups) {
        String seeds = groups.stream().flatMap(g -> g.runs().stream()).map(RunOnDisk::seed).distinct().sorted()
                .map(String::valueOf).collect(Collectors.joining(", "));
        int min = groups.stream().mapToInt(g -> g.runs().size()).min().orElse(0);
        int max = groups.stream().mapToInt(g -> g.runs().size()).max().orElse(0);
        String perSetting = min == max ? String.valueOf(max) : min + " to " + max;
        String planned = info.seeds() != null ? " (" + info.seeds() + " planned)" : "";
        return perSetting + " seeds per setting" + planned + ", seeds " + seeds;
    }

    private static String completion(List<RunOnDisk> runs) {
        List<String> incomplete = runs.stream().filter(r -> !r.isComplete())
                .map(r -> "`" + r.id() + "` (" + r.epochsDone() + " of " + r.epochsPlanned() + " epochs)").toList();
        if (incomplete.isEmpty()) {
            return "every run finished all its epochs";
        }
        return incomplete.size() + " of " + runs.size() + " runs are **incomplete**: " + String.join(", ", incomplete)
                + "; see the notes under the table";
    }
}
