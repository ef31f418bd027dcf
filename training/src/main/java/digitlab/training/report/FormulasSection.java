package digitlab.training.report;

import java.util.List;

/**
 * What each loss and regularizer computes, as digit-lab's trainer implements it. Stated once
 * here so a reader can compare with the study (whose code for them is not published).
 */
final class FormulasSection {
    private FormulasSection() {}

    static void add(ReportDocument doc) {
        doc.heading(2, "Losses and regularizers as implemented");
        doc.bullets(List.of(
                "**CE:** softmax cross-entropy computed on the logits (the last layer's raw outputs)",
                "**MSE:** mean over batch × 10 of `(output − one_hot)²`, on the raw outputs (no softmax)",
                "**L1:** adds `λ/n · Σ|w|` to the loss",
                "**L2:** adds `λ/(2n) · Σw²` to the loss",
                "For L1 and L2, `n` is the training-set size and the sums run over the weight matrices only, "
                        + "not the biases; λ is the run's strength",
                "**Dropout:** with drop probability `p` (the run's strength) after each hidden activation, "
                        + "inverted scaling `h · mask / (1 − p)` during training, switched off when evaluating"));
    }
}
