package digitlab.training.model;

import digitlab.core.cli.UsageException;

/**
 * How a run is optimised beyond the study's protocol: the update rule, a learning rate that decays
 * every epoch, random distortions of the training images, and how many training images each
 * epoch's training figures are measured on. The study's runs use {@link #STUDY}.
 *
 * @param optimizer the update rule
 * @param lrDecay the factor the learning rate is multiplied by per epoch (1 keeps it constant); the
 *     decay is spread evenly over the epoch's steps, so the rate falls smoothly
 * @param augmentation how every training image is distorted afresh each epoch
 * @param trainEvalSize the training loss and accuracy of each epoch are measured on the first this
 *     many training images (0: all of them); a convolutional network's pass over all 60000 costs
 *     a large share of its epoch
 */
public record Recipe(OptimizerKind optimizer, double lrDecay, Augmentation augmentation, int trainEvalSize) {
    public static final Recipe STUDY = new Recipe(OptimizerKind.SGD, 1.0, false);
    /** What {@link Augmentation#SHAPE} does, as run.json and the ONNX metadata record it. */
    public static final String AUGMENTATION = Augmentation.SHAPE.description();

    public Recipe {
        if (!(lrDecay > 0 && lrDecay <= 1)) {
            throw new UsageException("--lr-decay must be above 0 and at most 1, not " + lrDecay + ".");
        }
        if (trainEvalSize < 0) {
            throw new IllegalArgumentException("trainEvalSize must be 0 (all) or positive, not " + trainEvalSize);
        }
    }

    /** A recipe with the shape distortions or none, measured on all training images. */
    public Recipe(OptimizerKind optimizer, double lrDecay, boolean augment) {
        this(optimizer, lrDecay, augment ? Augmentation.SHAPE : Augmentation.NONE, 0);
    }

    /** Whether the training images are distorted at all. */
    public boolean augment() {
        return augmentation != Augmentation.NONE;
    }
}
