package digitlab.core.model;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What an exported model says about itself, read from or written to ONNX {@code metadata_props}.
 * Both sides use this class, so a key is spelled in one place only.
 */
public record ModelMetadata(
        String id,
        String configJson,
        String loss,
        String regularizer,
        double strength,
        long seed,
        int epochs,
        String dataset,
        String split,
        int trainSize,
        int testSize,
        String datasetChecksum,
        double trainAccuracy,
        double testAccuracy,
        long trainingMillis,
        String pixelScaling,
        TrainingCurves curves,
        int keptEpoch,
        double ecePercent,
        double nll) {

    /** Without curves, as every model exported before they were recorded; the last epoch's weights. */
    public ModelMetadata(String id, String configJson, String loss, String regularizer, double strength, long seed,
            int epochs, String dataset, String split, int trainSize, int testSize, String datasetChecksum,
            double trainAccuracy, double testAccuracy, long trainingMillis, String pixelScaling) {
        this(id, configJson, loss, regularizer, strength, seed, epochs, dataset, split, trainSize, testSize,
                datasetChecksum, trainAccuracy, testAccuracy, trainingMillis, pixelScaling, TrainingCurves.NONE,
                epochs - 1, Double.NaN, Double.NaN);
    }

    /**
     * @param epochs epochs trained
     * @param keptEpoch the epoch (from 0) whose weights the file holds and whose figures
     *     {@code trainAccuracy} and {@code testAccuracy} are: the last, {@code epochs - 1}, unless a
     *     rule over epochs (early stopping) kept an earlier one
     * @param ecePercent the trainer's expected calibration error of the kept epoch on the test split
     *     ({@code digitlab.core.metrics.Calibration}: 15 equal-width bins, percentage points); NaN when not recorded
     * @param nll the trainer's mean negative log-likelihood of the true class on the test split, nats; NaN when not recorded
     */
    public ModelMetadata {
        curves = curves == null ? TrainingCurves.NONE : curves;
        if (keptEpoch < 0 || keptEpoch >= epochs) {
            throw new IllegalArgumentException("The kept epoch " + keptEpoch + " is not one of the " + epochs
                    + " epochs trained.");
        }
    }

    /** The same metadata carrying {@code curves}. */
    public ModelMetadata withCurves(TrainingCurves curves) {
        return new ModelMetadata(id, configJson, loss, regularizer, strength, seed, epochs, dataset, split, trainSize,
                testSize, datasetChecksum, trainAccuracy, testAccuracy, trainingMillis, pixelScaling, curves, keptEpoch,
                ecePercent, nll);
    }

    /** The same metadata for the weights of epoch {@code epoch}. */
    public ModelMetadata withKeptEpoch(int epoch) {
        return new ModelMetadata(id, configJson, loss, regularizer, strength, seed, epochs, dataset, split, trainSize,
                testSize, datasetChecksum, trainAccuracy, testAccuracy, trainingMillis, pixelScaling, curves, epoch,
                ecePercent, nll);
    }

    /** The same metadata with the trainer's calibration figures of the kept epoch. */
    public ModelMetadata withCalibration(double ece, double logLoss) {
        return new ModelMetadata(id, configJson, loss, regularizer, strength, seed, epochs, dataset, split, trainSize,
                testSize, datasetChecksum, trainAccuracy, testAccuracy, trainingMillis, pixelScaling, curves, keptEpoch,
                ece, logLoss);
    }

    /** Whether the trainer recorded the model's calibration (files exported before it did not). */
    public boolean hasCalibration() {
        return !Double.isNaN(ecePercent) && !Double.isNaN(nll);
    }

    /** The regularizer family a leaderboard groups by: {@code loss} (none), else the regularizer, e.g. {@code l2}, {@code early-stop}. */
    public String family() {
        return "none".equals(regularizer) ? "loss" : regularizer;
    }

    public Map<String, String> toProps() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put(MetadataKeys.ID, id);
        props.put(MetadataKeys.CONFIG, configJson);
        props.put(MetadataKeys.LOSS, loss);
        props.put(MetadataKeys.REGULARIZER, regularizer);
        props.put(MetadataKeys.STRENGTH, Double.toString(strength));
        props.put(MetadataKeys.SEED, Long.toString(seed));
        props.put(MetadataKeys.EPOCHS, Integer.toString(epochs));
        props.put(MetadataKeys.DATASET, dataset);
        props.put(MetadataKeys.SPLIT, split);
        props.put(MetadataKeys.TRAIN_SIZE, Integer.toString(trainSize));
        props.put(MetadataKeys.TEST_SIZE, Integer.toString(testSize));
        props.put(MetadataKeys.DATASET_CHECKSUM, datasetChecksum);
        props.put(MetadataKeys.TRAIN_ACCURACY, Double.toString(trainAccuracy));
        props.put(MetadataKeys.TEST_ACCURACY, Double.toString(testAccuracy));
        props.put(MetadataKeys.TRAINING_MILLIS, Long.toString(trainingMillis));
        props.put(MetadataKeys.PIXEL_SCALING, pixelScaling);
        if (!curves.isEmpty()) {
            props.put(MetadataKeys.CURVES, curves.toProp());
        }
        if (keptEpoch != epochs - 1) { // absent means the last, so every other file's bytes stay as they were
            props.put(MetadataKeys.KEPT_EPOCH, Integer.toString(keptEpoch));
        }
        if (hasCalibration()) {
            props.put(MetadataKeys.ECE_PERCENT, Double.toString(ecePercent));
            props.put(MetadataKeys.NLL, Double.toString(nll));
        }
        return props;
    }

    /**
     * Reads the keys back; a missing or malformed key is one sentence naming it. Curves and calibration
     * are optional, and a file without a kept epoch (exported before it was recorded) holds its last
     * epoch's weights.
     */
    public static ModelMetadata fromProps(Map<String, String> props) {
        Reader r = new Reader(props);
        int epochs = (int) r.number(MetadataKeys.EPOCHS);
        return new ModelMetadata(
                r.text(MetadataKeys.ID),
                r.text(MetadataKeys.CONFIG),
                r.text(MetadataKeys.LOSS),
                r.text(MetadataKeys.REGULARIZER),
                r.number(MetadataKeys.STRENGTH),
                (long) r.number(MetadataKeys.SEED),
                epochs,
                r.text(MetadataKeys.DATASET),
                r.text(MetadataKeys.SPLIT),
                (int) r.number(MetadataKeys.TRAIN_SIZE),
                (int) r.number(MetadataKeys.TEST_SIZE),
                r.text(MetadataKeys.DATASET_CHECKSUM),
                r.number(MetadataKeys.TRAIN_ACCURACY),
                r.number(MetadataKeys.TEST_ACCURACY),
                (long) r.number(MetadataKeys.TRAINING_MILLIS),
                r.text(MetadataKeys.PIXEL_SCALING),
                props.containsKey(MetadataKeys.CURVES) ? TrainingCurves.parse(props.get(MetadataKeys.CURVES))
                        : TrainingCurves.NONE,
                props.containsKey(MetadataKeys.KEPT_EPOCH) ? (int) r.number(MetadataKeys.KEPT_EPOCH) : epochs - 1,
                props.containsKey(MetadataKeys.ECE_PERCENT) ? r.number(MetadataKeys.ECE_PERCENT) : Double.NaN,
                props.containsKey(MetadataKeys.NLL) ? r.number(MetadataKeys.NLL) : Double.NaN);
    }

    private record Reader(Map<String, String> props) {
        String text(String key) {
            String value = props.get(key);
            if (value == null) {
                throw new IllegalArgumentException("The model metadata has no '" + key + "' entry.");
            }
            return value;
        }

        double number(String key) {
            String value = text(key);
            try {
                return Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(
                        "The model metadata entry '" + key + "' is not a number: '" + value + "'.");
            }
        }
    }
}
