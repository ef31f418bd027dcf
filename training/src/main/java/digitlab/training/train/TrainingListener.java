package digitlab.training.train;

import digitlab.training.model.TrainConfig;

/** Hears about a run's progress; the progress bar is one. */
public interface TrainingListener {
    void epochDone(TrainConfig config, EpochMetrics metrics);

    TrainingListener NONE = (config, metrics) -> {};
}
