package digitlab.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrainingCurvesTest {

    @Test
    void a_short_run_keeps_every_epoch_rounded_to_two_decimals() {
        TrainingCurves c = TrainingCurves.ofEveryEpoch(new double[] {10.004, 55.555, 100}, new double[] {9.5, 50.126, 80});
        assertEquals(List.of(0, 1, 2), c.epochs());
        assertEquals(List.of(10.0, 55.56, 100.0), c.train());
        assertEquals(List.of(9.5, 50.13, 80.0), c.test());
        assertEquals("{\"epoch\":[0,1,2],\"train\":[10,55.56,100],\"test\":[9.5,50.13,80]}", c.toProp());
    }

    @Test
    void a_1000_epoch_run_keeps_200_measured_points_with_the_first_and_the_last() {
        double[] train = new double[1000];
        double[] test = new double[1000];
        for (int e = 0; e < 1000; e++) {
            train[e] = e / 10.0;
            test[e] = e / 20.0;
        }
        TrainingCurves c = TrainingCurves.ofEveryEpoch(train, test);
        assertEquals(TrainingCurves.MAX_POINTS, c.epochs().size());
        assertEquals(0, c.epochs().get(0));
        assertEquals(999, c.epochs().get(199));
        for (int i = 0; i < c.epochs().size(); i++) {
            int epoch = c.epochs().get(i);
            assertTrue(i == 0 || epoch > c.epochs().get(i - 1), "ascending, no epoch twice");
            assertEquals(epoch / 10.0, c.train().get(i), 1e-9, "the value measured at that epoch, not an average");
            assertEquals(epoch / 20.0, c.test().get(i), 1e-9);
        }
        assertTrue(c.toProp().length() < 4000, "compact: " + c.toProp().length() + " characters");
        assertEquals(c, TrainingCurves.parse(c.toProp()));
    }

    @Test
    void metadata_with_curves_round_trips_and_metadata_without_them_still_reads() {
        TrainingCurves c = TrainingCurves.ofEveryEpoch(new double[] {50, 90}, new double[] {45, 80.25});
        ModelMetadata with = ModelMetadataTest.SAMPLE.withCurves(c);
        Map<String, String> props = with.toProps();
        assertEquals(c.toProp(), props.get(MetadataKeys.CURVES));
        assertEquals(with, ModelMetadata.fromProps(props));
        ModelMetadata old = ModelMetadata.fromProps(ModelMetadataTest.SAMPLE.toProps());
        assertTrue(old.curves().isEmpty());
        assertTrue(!ModelMetadataTest.SAMPLE.toProps().containsKey(MetadataKeys.CURVES), "no key written without curves");
    }

    @Test
    void malformed_curves_are_named() {
        Map<String, String> props = new java.util.HashMap<>(ModelMetadataTest.SAMPLE.toProps());
        props.put(MetadataKeys.CURVES, "{\"epoch\":[0,1],\"train\":[1],\"test\":[1,2]}");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelMetadata.fromProps(props));
        assertTrue(e.getMessage().contains("'digitlab.curves'"), e.getMessage());
    }
}
