package digitlab.serving.accuracy;

import digitlab.serving.photos.PhotoSet;

/**
 * Which generated photo set the server measures every model on.
 *
 * @param count photos of test digits spread over the test set; 0 measures none
 */
public record PhotoSpec(long seed, int count) {
    public static final PhotoSpec DEFAULT = new PhotoSpec(PhotoSet.DEFAULT_SEED, PhotoSet.DEFAULT_COUNT);
    public static final PhotoSpec NONE = new PhotoSpec(PhotoSet.DEFAULT_SEED, 0);

    public PhotoSpec {
        if (count < 0) {
            throw new IllegalArgumentException("The photo count must be 0 or more, not " + count + ".");
        }
    }

    public boolean enabled() {
        return count > 0;
    }
}
