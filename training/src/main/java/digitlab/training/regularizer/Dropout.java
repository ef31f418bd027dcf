package digitlab.training.regularizer;

import digitlab.core.cli.UsageException;

/** Zeroes each hidden unit with probability p while training, scaling survivors by 1/(1-p). */
final class Dropout implements Regularizer {
    @Override
    public String id() {
        return "dropout";
    }

    @Override
    public String familyTitle() {
        return "Dropout after each hidden activation (CE)";
    }

    @Override
    public String familyShortName() {
        return "Dropout";
    }

    @Override
    public String strengthFlag() {
        return "--dropout";
    }

    @Override
    public double checkStrength(double p) {
        if (!(p > 0 && p < 1)) {
            throw new UsageException("--dropout must be above 0 and below 1, not " + p + ".");
        }
        return p;
    }

    @Override
    public double dropProbability(double p) {
        return p;
    }
}
