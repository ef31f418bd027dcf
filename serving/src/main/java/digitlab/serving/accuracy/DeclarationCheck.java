package digitlab.serving.accuracy;

import java.util.List;
import java.util.Locale;

/**
 * What the server found when a model trained elsewhere scored near chance as declared: it tried the
 * few other pixel conventions ({@code PixelConvention#candidates}) on a slice of the test digits and
 * names the one that works, if one does.
 *
 * @param verdict {@value #MIS_DECLARED} when another convention scores far better, else {@value #NEAR_CHANCE}
 * @param images the test digits each convention was tried on (the first ones of the test set)
 * @param asDeclared percent correct on that slice as declared
 * @param suggestion the settings to declare instead, e.g. {@code scale 0..255}; null when none works
 * @param withSuggestion percent correct on the slice with them; null when none works
 * @param message e.g. "as declared 8.9%; with scale 0..255 91.7%"
 * @param tried every convention tried, with its figure
 */
public record DeclarationCheck(String verdict, int images, double asDeclared, String suggestion,
        Double withSuggestion, String message, List<Tried> tried) {
    public static final String MIS_DECLARED = "looks mis-declared";
    public static final String NEAR_CHANCE = "near chance under every convention tried";
    /** Below this on the whole test set (chance is 10%), a model trained elsewhere is checked. */
    public static final double NEAR_CHANCE_PERCENT = 20;
    /** A convention must beat the declared one by this many points on the slice to be suggested. */
    static final double CLEARLY_BETTER_POINTS = 20;
    /** Test digits each convention is tried on: enough to tell 10% from 90%, cheap for a batch-1 model. */
    static final int SLICE = 1000;

    public record Tried(String settings, double percent) {}

    static DeclarationCheck of(int images, String declared, double asDeclared, List<Tried> others) {
        Tried best = others.stream().max(java.util.Comparator.comparingDouble(Tried::percent)).orElse(null);
        List<Tried> all = new java.util.ArrayList<>();
        all.add(new Tried(declared, asDeclared));
        all.addAll(others);
        if (best != null && best.percent() >= asDeclared + CLEARLY_BETTER_POINTS) {
            return new DeclarationCheck(MIS_DECLARED, images, asDeclared, best.settings(), best.percent(),
                    "as declared " + percent(asDeclared) + "; with " + best.settings() + " " + percent(best.percent()),
                    all);
        }
        return new DeclarationCheck(NEAR_CHANCE, images, asDeclared, null, null, "as declared "
                + percent(asDeclared) + "; no other convention tried does better", all);
    }

    private static String percent(double p) {
        return String.format(Locale.ROOT, "%.1f%%", p);
    }
}
