package digitlab.training.model;

/** How a run fights overfitting; its strength is lambda for L1/L2 and the drop probability for dropout. */
public enum RegularizerKind {
    NONE,
    /** Adds lambda/n * sum|w| over the weight matrices (Nielsen, ch. 3). */
    L1,
    /** Adds lambda/(2n) * sum w^2 over the weight matrices (Nielsen, ch. 3). */
    L2,
    /** Zeroes each hidden unit with probability p while training, scaling survivors by 1/(1-p). */
    DROPOUT;

    public String id() {
        return Choices.id(this);
    }

    public static RegularizerKind parse(String text) {
        return Choices.parse(RegularizerKind.class, text, "regularizer");
    }
}
