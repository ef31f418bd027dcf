package digitlab.core.model;

import java.util.Comparator;
import java.util.List;

/**
 * The regularizer families ({@link ModelMetadata#family()}) in the one order the study's report, the
 * served page and {@code /leaderboard} show them: Nielsen's chapter 3 order, as the training module's
 * regularizers are listed (a training test holds the two lists equal). A family digit-lab does not
 * know, such as a model trained elsewhere, follows alphabetically.
 */
public final class RegularizerFamilies {
    public static final List<String> ORDER = List.of("loss", "l1", "l2", "dropout", "expanded", "early-stop");
    /** Known families in {@link #ORDER}, then the others alphabetically. */
    public static final Comparator<String> DISPLAY_ORDER =
            Comparator.comparingInt(RegularizerFamilies::index).thenComparing(Comparator.naturalOrder());

    private RegularizerFamilies() {}

    /** The family's place in {@link #ORDER}; every unknown family shares the place after the last. */
    public static int index(String family) {
        int i = ORDER.indexOf(family);
        return i >= 0 ? i : ORDER.size();
    }
}
