package digitlab.training.regularizer;

import digitlab.core.cli.UsageException;

/** The weight penalties' strength, lambda, shared by L1 and L2. */
final class Lambda {
    private Lambda() {}

    static double check(double lambda) {
        if (!(lambda >= 0)) {
            throw new UsageException("--lambda must be zero or more, not " + lambda + ".");
        }
        return lambda;
    }
}
