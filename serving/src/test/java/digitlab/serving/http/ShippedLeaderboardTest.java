package digitlab.serving.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import digitlab.serving.TestServer;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The leaderboard over the models the repository ships: the study's ten and the full-data one. */
class ShippedLeaderboardTest {
    @RegisterExtension
    static final TestServer server = TestServer.withCopyOf(Path.of("..", "models"));

    @Test
    void the_full_data_model_leads_and_only_the_study_s_own_settings_stand_beside_its_printed_figures() throws Exception {
        server.awaitServedAccuracy();
        JsonNode ranking = TestServer.JSON.readTree(server.get("/leaderboard").body()).get("ranking");
        assertEquals(11, ranking.size(), ranking.toString());
        JsonNode first = ranking.get(0);
        assertEquals("ce-full-adam-decay0.93-aug-s0", first.get("model").asText());
        assertTrue(first.get("printedTest").isNull(), "the full-data model is not the study's CE: " + first);
        for (JsonNode e : ranking) {
            if (e.get("model").asText().equals("ce-s0")) {
                assertEquals(77.15, e.get("printedTest").asDouble(), 0, "the study's CE printed 77.15: " + e);
            }
        }
    }
}
