package digitlab.serving.accuracy;

/**
 * A model's accuracy on one set of {@link digitlab.serving.photos.DigitScans} pictures (tight crops,
 * low-resolution scans, thick or thin strokes), read the way an upload is, beside the same digits clean.
 *
 * @param set the set's name ({@code tight}, {@code low-res-16}, {@code low-res-8}, {@code thick}, {@code thin})
 * @param images how many pictures (test digits spread evenly over the test set)
 * @param percent correct on the pictures; a refused picture counts as wrong
 * @param cleanPercent correct on the same digits as MNIST pixels
 * @param refused how many pictures the preprocessor found no digit in
 */
public record ScanAccuracy(String set, int images, double percent, double cleanPercent, int refused) {}
