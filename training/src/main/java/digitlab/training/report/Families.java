package digitlab.training.report;

import digitlab.training.regularizer.Regularizer;
import digitlab.training.regularizer.Regularizers;

/** The words for each family of runs, shared by figures and the report: each regularizer's own. */
public final class Families {
    private Families() {}

    public static String title(String family) {
        return Regularizers.ofFamily(family).map(Regularizer::familyTitle).orElse("Family '" + family + "'");
    }

    public static String shortName(String family) {
        return Regularizers.ofFamily(family).map(Regularizer::familyShortName).orElse(family);
    }

    /** {@code fig-<family>.png}, with anything but letters, digits and dashes replaced. */
    public static String figureFile(String family) {
        return "fig-" + family.replaceAll("[^A-Za-z0-9-]", "_") + ".png";
    }
}
