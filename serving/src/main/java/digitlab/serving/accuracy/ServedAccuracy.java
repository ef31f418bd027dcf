package digitlab.serving.accuracy;

import digitlab.core.metrics.Calibration;

/**
 * The test accuracy ONNX Runtime itself gets with a model file, as opposed to the figure the trainer
 * wrote into its metadata.
 *
 * @param status pending until measured, then done or failed
 * @param dataset the dataset the model's metadata names (MNIST when it names none)
 * @param split accuracy on the first {@code test_size} test images, the set the trainer reported on
 * @param full accuracy on every test image of the dataset
 * @param datasetMatches whether the local test images have the checksum the metadata names; null when unknown
 * @param photos accuracy on the generated photo set, measured after the clean figures; null when the server measures none
 * @param calibration how far the model's probabilities can be trusted, on every test image (the
 *     {@code full} figure's images), from the same ONNX Runtime answers; null until measured
 */
public record ServedAccuracy(AccuracyStatus status, String dataset, Figure split, Figure full, Boolean datasetMatches,
        String error, PhotoAccuracy photos, Calibration calibration) {
    /** Percent correct on the first {@code images} test images. */
    public record Figure(int images, double percent) {}

    public static ServedAccuracy pending(String dataset) {
        return new ServedAccuracy(AccuracyStatus.PENDING, dataset, null, null, null, null, null, null);
    }

    public static ServedAccuracy failed(String dataset, String error) {
        return new ServedAccuracy(AccuracyStatus.FAILED, dataset, null, null, null, error, null, null);
    }

    public ServedAccuracy withPhotos(PhotoAccuracy photoFigures) {
        return new ServedAccuracy(status, dataset, split, full, datasetMatches, error, photoFigures, calibration);
    }

    public boolean done() {
        return status == AccuracyStatus.DONE;
    }
}
