package digitlab.training.regularizer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import digitlab.core.model.RegularizerFamilies;
import org.junit.jupiter.api.Test;

class RegularizersTest {
    @Test
    void the_regularizers_families_are_the_order_the_report_and_the_server_share() {
        // A regularizer added here without its family in core's order would be listed last, alphabetically, when served.
        assertEquals(RegularizerFamilies.ORDER, Regularizers.familyOrder());
    }
}
