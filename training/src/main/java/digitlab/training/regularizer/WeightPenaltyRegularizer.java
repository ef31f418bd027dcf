package digitlab.training.regularizer;

import digitlab.core.cli.UsageException;
import java.util.function.DoubleBinaryOperator;
import org.nd4j.linalg.api.ndarray.INDArray;

/** A regularizer that is a weight penalty and nothing else, its strength lambda given by {@code --lambda}: L1 and L2. */
final class WeightPenaltyRegularizer implements Regularizer, WeightPenalty {
    /** {@link WeightPenalty#addGradient}, as a function. */
    @FunctionalInterface
    interface Gradient {
        void add(INDArray w, INDArray gradient, float coefficient);
    }

    private final String id;
    private final String familyTitle;
    private final String familyShortName;
    private final Gradient gradient;
    /** (lambda, n) to the summed term's factor. */
    private final DoubleBinaryOperator coefficient;

    WeightPenaltyRegularizer(String id, String familyTitle, String familyShortName, Gradient gradient,
            DoubleBinaryOperator coefficient) {
        this.id = id;
        this.familyTitle = familyTitle;
        this.familyShortName = familyShortName;
        this.gradient = gradient;
        this.coefficient = coefficient;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String familyTitle() {
        return familyTitle;
    }

    @Override
    public String familyShortName() {
        return familyShortName;
    }

    @Override
    public String strengthFlag() {
        return "--lambda";
    }

    @Override
    public double checkStrength(double lambda) {
        if (!(lambda >= 0)) {
            throw new UsageException("--lambda must be zero or more, not " + lambda + ".");
        }
        return lambda;
    }

    @Override
    public WeightPenalty weightPenalty() {
        return this;
    }

    @Override
    public void addGradient(INDArray w, INDArray gradient, float coefficient) {
        this.gradient.add(w, gradient, coefficient);
    }

    @Override
    public double coefficient(double lambda, int n) {
        return coefficient.applyAsDouble(lambda, n);
    }
}
