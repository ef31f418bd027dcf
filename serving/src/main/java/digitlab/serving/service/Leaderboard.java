package digitlab.serving.service;

import digitlab.core.metrics.Calibration;
import digitlab.core.metrics.MeanStd;
import digitlab.core.model.ModelMetadata;
import digitlab.core.model.RegularizerFamilies;
import digitlab.core.reference.ReferenceStudy;
import digitlab.serving.accuracy.AccuracyEvaluator;
import digitlab.serving.accuracy.AccuracyStatus;
import digitlab.serving.accuracy.PhotoAccuracy;
import digitlab.serving.accuracy.ServedAccuracy;
import digitlab.serving.inference.LoadFailure;
import digitlab.serving.inference.OnnxModel;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Objects;
import java.util.function.Function;

/**
 * Served runs ranked by served accuracy, grouped by regularizer family, each beside the figure the
 * reference study printed for the same setting; plus one row per setting averaging its seeds.
 *
 * @param comparisons each setting against plain CE on served accuracy, paired by seed
 * @param calibrationComparisons the same pairs on the expected calibration error, then on the mean
 *     negative log-likelihood (lower is better for both)
 */
public record Leaderboard(String rankedBy, List<Entry> ranking, List<Group> families, List<Setting> settings,
        List<SeedComparisons.Comparison> comparisons, List<SeedComparisons.Comparison> calibrationComparisons,
        List<NotServed> notServed) {

    /**
     * One served model.
     *
     * @param run the study's name for the loss and regularizer, e.g. {@code ce-l2-0.01}; null without metadata
     * @param setting the whole setting: the model's id without its seed, e.g. {@code ce-l2-0.01} or
     *     {@code ce-full-adam-decay0.93-aug}; the models of one setting differ only in their seed
     * @param trainedOn {@code study} (the reference study's first 1000 training images), {@code full-data}
     *     (all 60000), or the split's own name; null without metadata
     * @param trainImages how many training images the model learnt from
     * @param servedTest served accuracy on the model's own test split (what the trainer and the study report)
     * @param servedFull served accuracy on the whole test set (the ranking key)
     * @param servedPhotos served accuracy on the generated photo set, beside the same digits clean
     * @param calibration ECE, NLL and reliability bins of the served probabilities on the whole test set
     * @param reportedTest the test accuracy the trainer wrote into the file
     * @param printedTest what the reference study printed for this setting, when it has one
     * @param origin {@value #DIGIT_LAB} or {@value #TRAINED_ELSEWHERE} (a file without digit-lab's metadata)
     * @param warning for a model trained elsewhere that scores near chance, what the declaration check found
     */
    public record Entry(int rank, String model, String run, String setting, String family, Long seed, String trainedOn,
            Integer trainImages, AccuracyStatus status, ServedAccuracy.Figure servedTest, ServedAccuracy.Figure servedFull,
            PhotoAccuracy servedPhotos, Calibration calibration, Double reportedTest,
            Double reportedTrain, String reference, Double printedTest, Double printedTrain, String origin,
            String warning) {}

    /** A file in the models folder that is not served, and why: it is on the board, not silently missing. */
    public record NotServed(String model, String file, String reason) {}

    public static final String DIGIT_LAB = "digit-lab";
    public static final String TRAINED_ELSEWHERE = "trained elsewhere";

    public record Group(String family, List<Entry> entries) {}

    /**
     * A setting across its seeds: the mean served accuracy next to the study's single printed run, and
     * the spread over seeds (the sample standard deviation; null below two measured seeds).
     *
     * @param models the setting's served models, one per seed, in rank order
     * @param meanEcePercent mean expected calibration error over the measured seeds, points
     * @param meanNll mean negative log-likelihood over the measured seeds, nats
     */
    public record Setting(String setting, String family, int seeds, List<String> models, Double meanServedTest,
            Double meanServedFull, Double spreadServedFull, Double meanEcePercent, Double spreadEcePercent,
            Double meanNll, Double spreadNll, String reference, Double printedTest) {}

    public static Leaderboard of(List<OnnxModel> bestFirst, AccuracyEvaluator accuracy,
            Collection<LoadFailure> failures) {
        List<Entry> ranking = new ArrayList<>();
        for (OnnxModel model : bestFirst) {
            ranking.add(entry(ranking.size() + 1, model, accuracy.of(model), accuracy.declarationCheck(model)
                    .map(c -> c.verdict() + ": " + c.message()).orElse(null)));
        }
        List<NotServed> notServed = failures.stream().map(f -> new NotServed(f.id(),
                f.file().toString(), f.error())).toList();
        return new Leaderboard("served accuracy on the full test set", ranking, groups(ranking), settings(ranking),
                SeedComparisons.of(ranking), SeedComparisons.ofCalibration(ranking), notServed);
    }

    private static Entry entry(int rank, OnnxModel model, ServedAccuracy served, String warning) {
        ModelMetadata m = model.metadata().orElse(null);
        String run = m == null ? null : ReferenceStudy.runName(m.loss(), m.regularizer(), m.strength());
        // The study's figure only beside the study's own setting: the whole setting name must match, so a
        // model on another network, split or recipe (the full-data one, say) has none.
        ReferenceStudy.Setting printed = m == null ? null : ReferenceStudy.byName(settingOf(m)).orElse(null);
        return new Entry(rank, model.id(), run, m == null ? null : settingOf(m), m == null ? TRAINED_ELSEWHERE : m.family(),
                m == null ? null : m.seed(),
                m == null ? null : trainedOn(m), m == null ? null : m.trainSize(),
                served.status(), served.split(), served.full(), served.photos(), served.calibration(),
                m == null ? null : m.testAccuracy(), m == null ? null : m.trainAccuracy(),
                printed == null ? null : printed.label(),
                printed == null ? null : printed.printedTestPercent(),
                printed == null ? null : printed.printedTrainPercent(),
                model.trainedElsewhere() ? TRAINED_ELSEWHERE : DIGIT_LAB, warning);
    }

    /** The id without its {@code -s<seed>} ending (as the trainer names a setting); the whole id otherwise. */
    static String settingOf(ModelMetadata m) {
        String suffix = "-s" + m.seed();
        return m.id().endsWith(suffix) ? m.id().substring(0, m.id().length() - suffix.length()) : m.id();
    }

    /** Which training set: the study's small one, all of MNIST's, or another named split. */
    private static String trainedOn(ModelMetadata m) {
        return switch (m.split()) {
            case "seed" -> "study"; // the study split, as model files record it (core's Split.STUDY_RECORDED)
            case "full" -> "full-data";
            default -> m.split();
        };
    }

    private static List<Group> groups(List<Entry> ranking) {
        Map<String, List<Entry>> byFamily = new TreeMap<>(RegularizerFamilies.DISPLAY_ORDER);
        ranking.forEach(e -> byFamily.computeIfAbsent(e.family(), f -> new ArrayList<>()).add(e));
        List<Group> groups = new ArrayList<>();
        byFamily.forEach((family, entries) -> groups.add(new Group(family, entries)));
        return groups;
    }

    private static List<Setting> settings(List<Entry> ranking) {
        Map<String, List<Entry>> byRun = new LinkedHashMap<>();
        for (Entry e : ranking) {
            if (e.setting() != null) {
                // By setting, not by the study's run name: a full-data CE model is not a seed of the study's CE.
                byRun.computeIfAbsent(e.setting(), r -> new ArrayList<>()).add(e);
            }
        }
        List<Setting> settings = new ArrayList<>();
        byRun.forEach((run, entries) -> {
            Entry first = entries.get(0);
            MeanStd full = overSeeds(entries, e -> e.servedFull() == null ? null : e.servedFull().percent());
            MeanStd ece = overSeeds(entries, e -> e.calibration() == null ? null : e.calibration().ecePercent());
            MeanStd nll = overSeeds(entries, e -> e.calibration() == null ? null : e.calibration().nll());
            settings.add(new Setting(run, first.family(), entries.size(), entries.stream().map(Entry::model).toList(),
                    mean(overSeeds(entries, e -> e.servedTest() == null ? null : e.servedTest().percent())),
                    mean(full), spread(full), mean(ece), spread(ece), mean(nll), spread(nll),
                    first.reference(), first.printedTest()));
        });
        return settings;
    }

    /** One figure over the seeds measured so far. */
    private static MeanStd overSeeds(List<Entry> entries, Function<Entry, Double> figure) {
        return MeanStd.of(entries.stream().map(figure).filter(Objects::nonNull).mapToDouble(Double::doubleValue).toArray());
    }

    /** The mean over measured seeds, or null while none is measured. */
    private static Double mean(MeanStd stats) {
        return stats.n() == 0 ? null : stats.mean();
    }

    /** The seeds' standard deviation, or null below two measured seeds (one run has no spread). */
    private static Double spread(MeanStd stats) {
        return stats.hasStd() ? stats.std() : null;
    }
}
