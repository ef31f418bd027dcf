package digitlab.training.regularizer;

import digitlab.core.cli.UsageException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every regularizer, in the order reports list their families: the one place a new one is added.
 * The penalties' terms are added to the loss in this order too.
 */
public final class Regularizers {
    public static final Regularizer NONE = new NoRegularizer();
    public static final Regularizer L1 = new L1Penalty();
    public static final Regularizer L2 = new L2Penalty();
    public static final Regularizer DROPOUT = new Dropout();

    public static final List<Regularizer> ALL = List.of(NONE, L1, L2, DROPOUT);

    private Regularizers() {}

    /** The regularizer a user or a run.json names, with a sentence listing the choices otherwise. */
    public static Regularizer parse(String text) {
        return ALL.stream().filter(r -> r.id().equalsIgnoreCase(text.strip())).findFirst()
                .orElseThrow(() -> new UsageException("Unknown regularizer '" + text + "': choose one of "
                        + ALL.stream().map(Regularizer::id).collect(Collectors.joining(", ")) + "."));
    }

    /** The families in report order: {@code loss, l1, l2, dropout}. */
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
