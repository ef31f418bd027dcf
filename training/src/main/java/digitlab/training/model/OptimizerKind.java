package digitlab.training.model;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Nesterovs;
import org.nd4j.linalg.learning.config.Sgd;
import org.nd4j.linalg.schedule.ISchedule;

/** How each step turns a gradient into a weight change. */
public enum OptimizerKind {
    /** Plain SGD, the study's: w -= lr * g. */
    SGD("SGD"),
    /** SGD with Nesterov momentum 0.9. */
    MOMENTUM("SGD with Nesterov momentum 0.9"),
    /** Adam with the usual beta1 0.9, beta2 0.999, epsilon 1e-8. */
    ADAM("Adam (beta1 0.9, beta2 0.999)");

    private final String description;

    OptimizerKind(String description) {
        this.description = description;
    }

    public String id() {
        return Choices.id(this);
    }

    /** What a report prints, with the constants the updater uses. */
    public String description() {
        return description;
    }

    public static OptimizerKind parse(String text) {
        return Choices.parse(OptimizerKind.class, text, "optimizer");
    }

    /** SameDiff's updater with this rule and the learning rate {@code lr} gives at each step. */
    public IUpdater updater(ISchedule lr) {
        return switch (this) {
            case SGD -> new Sgd(lr);
            case MOMENTUM -> new Nesterovs(lr, 0.9);
            case ADAM -> new Adam(lr);
        };
    }
}
