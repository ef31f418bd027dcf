package digitlab.serving.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import digitlab.serving.Mnist;
import digitlab.serving.TestServer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The default model: the best by served accuracy, unless {@code serve --default-model} pins one. */
class DefaultModelTest {
    @Test
    void a_pinned_default_answers_requests_that_name_no_model_while_it_is_served() throws Exception {
        String worst;
        try (TestServer ranked = TestServer.withFixtures()) {
            ranked.awaitServedAccuracy();
            List<String> order = TestServer.json(ranked.get("/leaderboard")).get("ranking").findValuesAsText("model");
            assertEquals(order.get(0), TestServer.json(ranked.get("/models")).get("default").asText());
            worst = order.get(order.size() - 1);
            assertNotEquals(order.get(0), worst);
        }
        try (TestServer pinned = TestServer.withFixtures(ServingSettings.defaults().withDefaultModel(worst),
                Duration.ZERO)) {
            pinned.awaitServedAccuracy();
            assertEquals(worst, TestServer.json(pinned.get("/models")).get("default").asText());
            assertEquals(worst, TestServer.json(pinned.postJson("/predict", Map.of("pixels", Mnist.pixels(0))))
                    .get("model").asText());
        }
    }
}
