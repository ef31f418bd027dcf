package digitlab.training.regularizer;

/** Plain training: the loss family, where cross-entropy and MSE are compared. */
final class NoRegularizer implements Regularizer {
    @Override
    public String id() {
        return "none";
    }

    @Override
    public String family() {
        return "loss";
    }

    @Override
    public String familyTitle() {
        return "Loss function: cross-entropy vs MSE (no regularizer)";
    }

    @Override
    public String familyShortName() {
        return "Loss";
    }
}
