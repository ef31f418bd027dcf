package digitlab.training.report;

import digitlab.core.metrics.MeanStd;
import digitlab.core.reference.ReferenceStudy;
import java.util.List;
import java.util.Optional;

/**
 * One line of the results table: a run name's figures over its seeds, beside the study's.
 *
 * <p>"Last" means the last epoch every seed reached, so an unfinished seed does not mix epoch 400
 * with epoch 999 in one mean; for seeds an epoch rule stopped (early stopping) the figures are
 * instead each seed's kept epoch's, the ones its exported model has. The best test accuracy is the peak of the mean curve within those
 * epochs (not each seed's own peak, which would pick the luckiest epoch per seed).
 *
 * @param lastEpoch zero-based; -1 when no seed recorded an epoch
 * @param testAtPrinted test accuracy at the study's printed epoch, null when no seed reached it
 * @param bestEpoch zero-based epoch of {@code bestTest}
 */
public record RunSummary(SeedGroup group, int lastEpoch, MeanStd testLast, MeanStd trainLast, MeanStd gapLast,
        MeanStd testAtPrinted, MeanStd bestTest, int bestEpoch, Optional<ReferenceStudy.Setting> study) {

    public static RunSummary of(SeedGroup group) {
        Optional<ReferenceStudy.Setting> study = ReferenceStudy.byName(group.name());
        int common = group.commonEpochs();
        if (common == 0) {
            MeanStd none = MeanStd.of();
            return new RunSummary(group, -1, none, none, none, null, none, -1, study);
        }
        MeanCurve test = group.curve(Metric.TEST_ACCURACY);
        int last = common - 1;
        int best = 0;
        for (int e = 1; e < common; e++) {
            if (test.mean()[e] > test.mean()[best]) {
                best = e;
            }
        }
        MeanStd atPrinted = test.length() > ReferenceStudy.PRINTED_EPOCH ? test.at(ReferenceStudy.PRINTED_EPOCH) : null;
        if (group.stoppedByRule()) { // its models are the kept epochs', seed by seed
            return new RunSummary(group, last, group.outcome(Metric.TEST_ACCURACY, last),
                    group.outcome(Metric.TRAIN_ACCURACY, last), group.outcome(Metric.GAP, last), atPrinted,
                    test.at(best), best, study);
        }
        return new RunSummary(group, last, test.at(last), group.curve(Metric.TRAIN_ACCURACY).at(last),
                group.curve(Metric.GAP).at(last), atPrinted, test.at(best), best, study);
    }

    public static List<RunSummary> of(List<SeedGroup> groups) {
        return groups.stream().map(RunSummary::of).toList();
    }

    public String name() {
        return group.name();
    }

    public String label() {
        return group.label();
    }

    public boolean hasData() {
        return lastEpoch >= 0;
    }
}
