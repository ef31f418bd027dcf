package digitlab.training.model;

/** The hidden layers' nonlinearity. */
public enum ActivationKind {
    RELU,
    SIGMOID,
    TANH;

    public String id() {
        return Choices.id(this);
    }

    public static ActivationKind parse(String text) {
        return Choices.parse(ActivationKind.class, text, "activation");
    }
}
