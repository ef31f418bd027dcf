package digitlab.training.regularizer;

import digitlab.training.checkpoint.RandomStreams;
import digitlab.training.model.TrainConfig;
import digitlab.training.train.ImageAugmenter;
import digitlab.training.train.SeedStreams;

/**
 * Nielsen's "artificially expanding the training data" (ch. 3): the run's training images distorted
 * afresh every epoch, exactly as the full-data model's augmentation distorts them ({@link ImageAugmenter},
 * drawing from the seed's own distortion stream), so the network never sees the same picture twice.
 * The start and the batch order are the seed's, as for every other setting: a paired comparison.
 */
final class ExpandedData implements Regularizer {
    @Override
    public String id() {
        return "expanded";
    }

    @Override
    public String familyTitle() {
        return "Expanded training data: each image rotated, scaled and shifted afresh every epoch (CE)";
    }

    @Override
    public String familyShortName() {
        return "Expanded data";
    }

    @Override
    public BatchTransform dataChange(TrainConfig run, RandomStreams streams) {
        return new ImageAugmenter(streams.register("expanded data's distortions", SeedStreams.augmentation(run.seed())));
    }
}
