package digitlab.training.cli;

import digitlab.core.cli.UsageException;
import digitlab.training.model.RegularizerKind;

/** Picks the strength flag that belongs to the regularizer, and says so when the wrong one is given. */
final class Strength {
    private Strength() {}

    static double of(RegularizerKind reg, Double lambda, Double dropout) {
        return switch (reg) {
            case NONE -> {
                if (lambda != null || dropout != null) {
                    throw new UsageException("--lambda and --dropout need --reg l1, l2 or dropout.");
                }
                yield 0;
            }
            case L1, L2 -> {
                if (lambda == null || dropout != null) {
                    throw new UsageException("--reg " + reg.id() + " needs --lambda (and no --dropout).");
                }
                yield lambda;
            }
            case DROPOUT -> {
                if (dropout == null || lambda != null) {
                    throw new UsageException("--reg dropout needs --dropout P (and no --lambda).");
                }
                yield dropout;
            }
        };
    }
}
