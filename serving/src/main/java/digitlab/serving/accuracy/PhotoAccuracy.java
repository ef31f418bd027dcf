package digitlab.serving.accuracy;

/**
 * A model's accuracy on the generated photo set, measured by the server through the same decoder
 * and preprocessor as an uploaded picture, beside its accuracy on the very same digits clean.
 *
 * @param status pending until measured (after every clean measurement), then done or failed
 * @param seed the photo set's seed
 * @param images how many photos (test digits 0, 10000/images, ... of the test set)
 * @param percent correct on the photos
 * @param cleanPercent correct on the same digits as MNIST pixels
 * @param scans accuracy on each set of tight crops, low-resolution scans and thick and thin strokes (same seed); null until done
 */
public record PhotoAccuracy(AccuracyStatus status, long seed, int images, Double percent, Double cleanPercent, String error,
        java.util.List<ScanAccuracy> scans) {
    public static PhotoAccuracy pending(PhotoSpec spec) {
        return new PhotoAccuracy(AccuracyStatus.PENDING, spec.seed(), spec.count(), null, null, null, null);
    }

    public static PhotoAccuracy failed(PhotoSpec spec, String error) {
        return new PhotoAccuracy(AccuracyStatus.FAILED, spec.seed(), spec.count(), null, null, error, null);
    }

    public boolean done() {
        return status == AccuracyStatus.DONE;
    }
}
