package digitlab.training.regularizer;

import digitlab.core.cli.UsageException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Every regularizer, in the order reports list their families: the one place a new one is added.
 * The penalties' terms are added to the loss in this order too.
 */
public final class Regularizers {
    public static final Regularizer NONE = new NoRegularizer();
    /** Adds lambda/n * sum|w| over the weight matrices (Nielsen, ch. 3). */
    public static final Regularizer L1 = new WeightPenaltyRegularizer("l1", "L1 weight penalty: CE + λ/n · Σ|w|", "L1",
            (w, gradient, c) -> gradient.addi(Transforms.sign(w, true).muli(c)), (lambda, n) -> lambda / n);
    /** Adds lambda/(2n) * sum w^2 over the weight matrices (Nielsen, ch. 3): its gradient is 2 * lambda/(2n) * w. */
    public static final Regularizer L2 = new WeightPenaltyRegularizer("l2", "L2 weight penalty: CE + λ/(2n) · Σw²", "L2",
            (w, gradient, c) -> gradient.addi(w.mul(2 * c)), (lambda, n) -> lambda / (2.0 * n));
    public static final Regularizer DROPOUT = new Dropout();
    /** The training images distorted afresh each epoch (Nielsen's expanded training data). */
    public static final Regularizer EXPANDED = new ExpandedData();
    /** Keep the best validation epoch, stop after {@code --patience} epochs without a better one. */
    public static final Regularizer EARLY_STOP = new EarlyStopping();

    /** Nielsen's chapter 3 order: L2, L1 and dropout as the study had them, then expanded data and early stopping. */
    public static final List<Regularizer> ALL = List.of(NONE, L1, L2, DROPOUT, EXPANDED, EARLY_STOP);

    private Regularizers() {}

    /** The regularizer a user or a run.json names, with a sentence listing the choices otherwise. */
    public static Regularizer parse(String text) {
        return ALL.stream().filter(r -> r.id().equalsIgnoreCase(text.strip())).findFirst()
                .orElseThrow(() -> new UsageException("Unknown regularizer '" + text + "': choose one of "
                        + ALL.stream().map(Regularizer::id).collect(Collectors.joining(", ")) + "."));
    }

    /** The families in report order: {@code loss, l1, l2, dropout, expanded, early-stop}. */
    public static List<String> familyOrder() {
        return ALL.stream().map(Regularizer::family).distinct().toList();
    }

    /** The regularizer whose family is {@code family}, if digit-lab knows it. */
    public static Optional<Regularizer> ofFamily(String family) {
        return ALL.stream().filter(r -> r.family().equals(family)).findFirst();
    }

    /** The family of the regularizer a run folder names ({@code none} or missing: {@code loss}); an unknown name is its own family. */
    public static String familyOf(String regularizerId) {
        if (regularizerId == null) {
            return NONE.family();
        }
        return ALL.stream().filter(r -> r.id().equals(regularizerId)).map(Regularizer::family).findFirst()
                .orElse(regularizerId);
    }
}
