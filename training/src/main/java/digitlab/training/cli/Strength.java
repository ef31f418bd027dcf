package digitlab.training.cli;

import digitlab.core.cli.UsageException;
import digitlab.training.regularizer.Regularizer;
import digitlab.training.regularizer.Regularizers;
import java.util.Map;
import java.util.stream.Collectors;

/** Picks the strength flag that belongs to the regularizer, and says so when the wrong one is given. */
final class Strength {
    private Strength() {}

    /** {@code given}: each strength flag the command has, with its value or null when not given. */
    static double of(Regularizer reg, Map<String, Double> given) {
        String flag = reg.strengthFlag();
        String others = given.keySet().stream().filter(f -> !f.equals(flag)).sorted().collect(Collectors.joining(", "));
        boolean otherGiven = given.entrySet().stream().anyMatch(e -> !e.getKey().equals(flag) && e.getValue() != null);
        if (flag == null) {
            if (otherGiven) {
                throw new UsageException(others.replace(", ", " and ") + " need --reg " + Regularizers.ALL.stream()
                        .filter(r -> r.strengthFlag() != null).map(Regularizer::id).collect(joiningOr()) + ".");
            }
            return 0;
        }
        Double value = given.get(flag);
        if (value == null || otherGiven) {
            throw new UsageException("--reg " + reg.id() + " needs " + flag + " (and no " + others.replace(", ", " or ") + ").");
        }
        return value;
    }

    /** "a, b or c". */
    private static java.util.stream.Collector<CharSequence, ?, String> joiningOr() {
        return Collectors.collectingAndThen(Collectors.toList(), ids -> ids.size() == 1 ? ids.get(0).toString()
                : String.join(", ", ids.subList(0, ids.size() - 1)) + " or " + ids.get(ids.size() - 1));
    }

}
