package digitlab.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ModelMetadataTest {
    static final ModelMetadata SAMPLE = new ModelMetadata("ce-l2-0.01-s0", "{\"loss\":\"ce\"}", "ce", "l2", 0.01, 0, 1000,
            "mnist", "seed", 1000, 2000, "2646ac647ad5339dbf082846283269ea", 100.0, 86.35, 60000, "UNIT");

    @Test
    void metadata_written_is_metadata_read() {
        assertEquals(SAMPLE, ModelMetadata.fromProps(SAMPLE.toProps()));
    }

    @Test
    void a_missing_key_is_named() {
        Map<String, String> props = new java.util.HashMap<>(SAMPLE.toProps());
        props.remove(MetadataKeys.TEST_ACCURACY);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelMetadata.fromProps(props));
        assertEquals("The model metadata has no 'digitlab.test_accuracy' entry.", e.getMessage());
    }

    @Test
    void a_malformed_number_is_named() {
        Map<String, String> props = new java.util.HashMap<>(SAMPLE.toProps());
        props.put(MetadataKeys.SEED, "zero");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelMetadata.fromProps(props));
        assertEquals("The model metadata entry 'digitlab.seed' is not a number: 'zero'.", e.getMessage());
    }

    @Test
    void unregularized_runs_form_the_loss_family() {
        assertEquals("l2", SAMPLE.family());
        assertEquals("loss", ModelMetadata.fromProps(Map.ofEntries(SAMPLE.toProps().entrySet().stream()
                .map(e -> e.getKey().equals(MetadataKeys.REGULARIZER) ? Map.entry(e.getKey(), "none") : e)
                .toArray(Map.Entry[]::new))).family());
    }

    @Test
    void an_early_kept_epoch_and_the_calibration_ride_along_and_older_files_mean_the_last_epoch_without_them() {
        ModelMetadata stopped = SAMPLE.withKeptEpoch(318).withCalibration(12.5, 1.25);
        Map<String, String> props = stopped.toProps();
        assertEquals("318", props.get(MetadataKeys.KEPT_EPOCH));
        assertEquals(stopped, ModelMetadata.fromProps(props));
        assertEquals(12.5, ModelMetadata.fromProps(props).ecePercent());

        assertEquals(null, SAMPLE.toProps().get(MetadataKeys.KEPT_EPOCH), "the last epoch needs no entry");
        assertEquals(999, ModelMetadata.fromProps(SAMPLE.toProps()).keptEpoch());
        assertEquals(false, ModelMetadata.fromProps(SAMPLE.toProps()).hasCalibration());
        assertThrows(IllegalArgumentException.class, () -> SAMPLE.withKeptEpoch(1000), "not an epoch it trained");
    }
}
