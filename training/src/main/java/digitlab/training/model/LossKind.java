package digitlab.training.model;

/** The data term of the objective. */
public enum LossKind {
    /** Softmax cross-entropy on the logits, mean over the batch. */
    CE,
    /** Mean over batch x 10 of (raw output - one-hot label)^2, as torch.nn.MSELoss(reduction="mean"). */
    MSE;

    public String id() {
        return Choices.id(this);
    }

    public static LossKind parse(String text) {
        return Choices.parse(LossKind.class, text, "loss");
    }
}
