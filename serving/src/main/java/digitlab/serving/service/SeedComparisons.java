package digitlab.serving.service;

import digitlab.core.metrics.PairedDifference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Each setting against its unregularized baseline (the same network and data with plain
 * cross-entropy, e.g. {@code ce-l2-0.01} against {@code ce}), on one served figure, paired by seed:
 * seed s of both started from the same weights and saw the same batches. The difference comes with
 * its 95% Student-t interval over the n seeds both have, from core's {@link PairedDifference} as in
 * the training report; one seed gives no spread, and says so.
 */
public final class SeedComparisons {
    private SeedComparisons() {}

    /**
     * @param setting the compared setting; {@code against} its baseline
     * @param metric what was compared, with its unit
     * @param seeds the seeds both have a served figure for, ascending
     * @param difference mean of (setting - baseline) over those seeds, in the metric's unit; null without a pair
     * @param low the 95% interval's ends; null with fewer than 2 seeds
     * @param verdict {@code clear}, {@code within noise} or {@code cannot judge}
     * @param text the whole finding in words, as the report words it
     */
    public record Comparison(String setting, String against, String metric, int n, List<Long> seeds, Double difference,
            Double low, Double high, String verdict, String text) {}

    /** A served figure of one model, its name, and the unit differences of it are stated in. */
    public enum Metric {
        ACCURACY("served accuracy on all test images, points", "points",
                e -> e.servedFull() == null ? null : e.servedFull().percent()),
        ECE("expected calibration error on all test images (15 bins), points", "points",
                e -> e.calibration() == null ? null : e.calibration().ecePercent()),
        NLL("mean negative log-likelihood on all test images, nats", "nats",
                e -> e.calibration() == null ? null : e.calibration().nll());

        final String description;
        final String unit;
        private final Function<Leaderboard.Entry, Double> value;

        Metric(String description, String unit, Function<Leaderboard.Entry, Double> value) {
            this.description = description;
            this.unit = unit;
            this.value = value;
        }

        Double of(Leaderboard.Entry e) {
            return value.apply(e);
        }
    }

    /** On served accuracy. */
    public static List<Comparison> of(List<Leaderboard.Entry> ranking) {
        return of(ranking, Metric.ACCURACY);
    }

    /** On the two calibration figures: every setting's ECE, then every setting's NLL. */
    public static List<Comparison> ofCalibration(List<Leaderboard.Entry> ranking) {
        List<Comparison> out = new ArrayList<>(of(ranking, Metric.ECE));
        out.addAll(of(ranking, Metric.NLL));
        return out;
    }

    static List<Comparison> of(List<Leaderboard.Entry> ranking, Metric metric) {
        Map<String, Map<Long, Double>> bySetting = new LinkedHashMap<>();
        for (Leaderboard.Entry e : ranking) {
            Double value = metric.of(e);
            if (e.setting() != null && e.seed() != null && value != null) {
                bySetting.computeIfAbsent(e.setting(), s -> new TreeMap<>()).put(e.seed(), value);
            }
        }
        List<Comparison> out = new ArrayList<>();
        for (Leaderboard.Entry e : ranking) {
            String baseline = baselineOf(e);
            if (baseline == null || baseline.equals(e.setting()) || !bySetting.containsKey(baseline)
                    || !bySetting.containsKey(e.setting()) || out.stream().anyMatch(c -> c.setting().equals(e.setting()))) {
                continue;
            }
            out.add(compare(e.setting(), baseline, bySetting.get(e.setting()), bySetting.get(baseline), metric));
        }
        return out;
    }

    /** The setting's name with its loss-and-regularizer part replaced by plain cross-entropy's. */
    static String baselineOf(Leaderboard.Entry e) {
        if (e.setting() == null || e.run() == null || !e.setting().startsWith(e.run())) {
            return null;
        }
        return "ce" + e.setting().substring(e.run().length());
    }

    private static Comparison compare(String setting, String baseline, Map<Long, Double> a, Map<Long, Double> b,
            Metric metric) {
        List<Long> seeds = a.keySet().stream().filter(b::containsKey).sorted().toList();
        double[] differences = seeds.stream().mapToDouble(s -> a.get(s) - b.get(s)).toArray();
        PairedDifference d = PairedDifference.of(differences);
        String verdict = switch (d.verdict()) {
            case NO_SPREAD -> "cannot judge";
            case WITHIN_NOISE -> "within noise";
            case CLEAR -> "clear";
        };
        boolean spread = d.verdict() != PairedDifference.Verdict.NO_SPREAD;
        String text = setting + " against " + baseline + ": "
                + (d.n() == 0 ? "no seed in common, cannot judge" : d.describe(metric.unit));
        return new Comparison(setting, baseline, metric.description, d.n(), seeds, d.n() == 0 ? null : d.mean(),
                spread ? d.low() : null, spread ? d.high() : null, verdict, text);
    }
}
