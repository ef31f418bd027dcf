package digitlab.training.model;

import org.nd4j.autodiff.samediff.SDVariable;
import org.nd4j.autodiff.samediff.SameDiff;

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

    /** This nonlinearity applied to {@code z} in {@code sd}: every graph that builds a layer calls this. */
    public SDVariable apply(SameDiff sd, SDVariable z) {
        return switch (this) {
            case RELU -> sd.nn.relu(z, 0);
            case SIGMOID -> sd.nn.sigmoid(z);
            case TANH -> sd.nn.tanh(z);
        };
    }
}
