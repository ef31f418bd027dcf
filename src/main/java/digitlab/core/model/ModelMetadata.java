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
        TrainingCurves curves) {

    /** Without curves, as every model exported before they were recorded. */
    public ModelMetadata(String id, String configJson, String loss, String regularizer, double strength, long seed,
            int epochs, String dataset, String split, int trainSize, int testSize, String datasetChecksum,
            double trainAccuracy, double testAccuracy, long trainingMillis, String pixelScaling) {
        this(id, configJson, loss, regularizer, strength, seed, epochs, dataset, split, trainSize, testSize,
                datasetChecksum, trainAccuracy, testAccuracy, trainingMillis, pixelScaling, TrainingCurves.NONE);
    }

    public ModelMetadata {
        curves = curves == null ? TrainingCurves.NONE : curves;
    }

    /** The same metadata carrying {@code curves}. */
    public ModelMetadata withCurves(TrainingCurves curves) {
        return new ModelMetadata(id, configJson, loss, regularizer, strength, seed, epochs, dataset, split, trainSize,
                testSize, datasetChecksum, trainAccuracy, testAccuracy, trainingMillis, pixelScaling, curves);
    }

    /** The regularizer family a leaderboard groups by: {@code loss} (none), {@code l1}, {@code l2}, {@code dropout}. */
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
        return props;
    }

    /** Reads the keys back; a missing or malformed key is one sentence naming it. Curves are optional. */
    public static ModelMetadata fromProps(Map<String, String> props) {
        Reader r = new Reader(props);
        return new ModelMetadata(
                r.text(MetadataKeys.ID),
                r.text(MetadataKeys.CONFIG),
                r.text(MetadataKeys.LOSS),
                r.text(MetadataKeys.REGULARIZER),
                r.number(MetadataKeys.STRENGTH),
                (long) r.number(MetadataKeys.SEED),
                (int) r.number(MetadataKeys.EPOCHS),
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
                        : TrainingCurves.NONE);
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
