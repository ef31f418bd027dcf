package digitlab.training.model;

import digitlab.core.cli.UsageException;

/**
 * How a run is optimised beyond the study's protocol: the update rule, a learning rate that decays
 * every epoch, and random distortions of the training images. The study's runs use {@link #STUDY}.
 *
 * @param optimizer the update rule
 * @param lrDecay the factor the learning rate is multiplied by per epoch (1 keeps it constant); the
 *     decay is spread evenly over the epoch's steps, so the rate falls smoothly
 * @param augment whether every training image is distorted afresh each epoch (see {@link #AUGMENTATION})
 */
public record Recipe(OptimizerKind optimizer, double lrDecay, boolean augment) {
    public static final Recipe STUDY = new Recipe(OptimizerKind.SGD, 1.0, false);
    /** What {@code augment} does, as run.json and the ONNX metadata record it. */
    public static final String AUGMENTATION =
            "each training image, each epoch: rotation up to 12 degrees, scale 0.9-1.1, shift up to 2 pixels";

    public Recipe {
        if (!(lrDecay > 0 && lrDecay <= 1)) {
            throw new UsageException("--lr-decay must be above 0 and at most 1, not " + lrDecay + ".");
        }
    }
}
