package digitlab.training.report;

/**
 * One line of a run's {@code metrics.csv}. Accuracies and the gap are percent; the gap is
 * {@code trainAcc - testAcc} as the trainer measured it.
 */
public record EpochRow(int epoch, double trainLoss, double trainAcc, double testAcc, double gap) {}
