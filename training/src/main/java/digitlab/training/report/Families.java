package digitlab.training.report;

/** The words for each family of runs, shared by figures and the report. */
public final class Families {
    private Families() {}

    public static String title(String family) {
        return switch (family) {
            case "loss" -> "Loss function: cross-entropy vs MSE (no regularizer)";
            case "l1" -> "L1 weight penalty: CE + λ/n · Σ|w|";
            case "l2" -> "L2 weight penalty: CE + λ/(2n) · Σw²";
            case "dropout" -> "Dropout after each hidden activation (CE)";
            default -> "Family '" + family + "'";
        };
    }

    public static String shortName(String family) {
        return switch (family) {
            case "loss" -> "Loss";
            case "l1" -> "L1";
            case "l2" -> "L2";
            case "dropout" -> "Dropout";
            default -> family;
        };
    }

    /** {@code fig-<family>.png}, with anything but letters, digits and dashes replaced. */
    public static String figureFile(String family) {
        return "fig-" + family.replaceAll("[^A-Za-z0-9-]", "_") + ".png";
    }
}
