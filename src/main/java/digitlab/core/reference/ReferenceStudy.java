package digitlab.core.reference;

import java.util.List;
import java.util.Optional;

/**
 * The study this project reproduces (../shared/reference/README.md): a course homework that trained
 * a 784-128-128-128-10 MLP on the first 1000 MNIST training images, tested on the first 2000 test
 * images, SGD lr 0.01, batch 128, 1000 epochs, one seed, unscaled 0-255 pixels.
 */
public final class ReferenceStudy {
    /** The epoch its printed figures were read at. */
    public static final int PRINTED_EPOCH = 900;

    /**
     * One run of the study's grid and what it printed.
     *
     * @param name our run name for the same setting, e.g. {@code ce-l2-0.01}
     * @param family {@code loss}, {@code l1}, {@code l2} or {@code dropout}
     * @param loss {@code ce} or {@code mse}
     * @param regularizer {@code none}, {@code l1}, {@code l2} or {@code dropout}
     * @param strength lambda, or the drop probability for dropout, 0 for none
     */
    public record Setting(String name, String label, String family, String loss, String regularizer,
            double strength, double printedTestPercent, double printedTrainPercent) {}

    public static final List<Setting> GRID = List.of(
            new Setting("ce", "CE", "loss", "ce", "none", 0, 77.15, 98.1),
            new Setting("mse", "MSE", "loss", "mse", "none", 0, 69.95, 93.5),
            new Setting("ce-l1-0.001", "L1 0.001", "l1", "ce", "l1", 0.001, 79.05, 98.8),
            new Setting("ce-l1-0.005", "L1 0.005", "l1", "ce", "l1", 0.005, 78.35, 98.1),
            new Setting("ce-l2-0.001", "L2 0.001", "l2", "ce", "l2", 0.001, 77.75, 98.9),
            new Setting("ce-l2-0.01", "L2 0.01", "l2", "ce", "l2", 0.01, 78.10, 98.2),
            new Setting("ce-l2-0.1", "L2 0.1", "l2", "ce", "l2", 0.1, 77.85, 98.6),
            new Setting("ce-dropout-0.05", "dropout 0.05", "dropout", "ce", "dropout", 0.05, 77.50, 98.1),
            new Setting("ce-dropout-0.1", "dropout 0.1", "dropout", "ce", "dropout", 0.1, 77.65, 97.3),
            new Setting("ce-dropout-0.5", "dropout 0.5", "dropout", "ce", "dropout", 0.5, 71.20, 91.3));

    private ReferenceStudy() {}

    /**
     * The run name every part of digit-lab uses for a setting: {@code <loss>} alone when
     * unregularized, else {@code <loss>-<regularizer>-<strength>}, the strength left out when it is 0
     * (a regularizer without one: {@code ce-expanded}); a seed adds {@code -s<seed>}.
     */
    public static String runName(String loss, String regularizer, double strength) {
        if ("none".equals(regularizer)) {
            return loss;
        }
        return loss + "-" + regularizer + (strength == 0 ? "" : "-" + formatStrength(strength));
    }

    /** 0.001 stays "0.001", 10.0 becomes "10": no trailing zeros, no exponent. */
    public static String formatStrength(double strength) {
        return new java.math.BigDecimal(Double.toString(strength)).stripTrailingZeros().toPlainString();
    }

    public static Optional<Setting> byName(String runName) {
        return GRID.stream().filter(s -> s.name().equals(runName)).findFirst();
    }
}
