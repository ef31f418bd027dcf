package digitlab.serving.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import digitlab.core.reference.ReferenceStudy;
import digitlab.serving.TestServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The leaderboard over the models the repository ships: the study's ten settings and seven of its continuation in 3 paired seeds, and the two full-data ones. */
class ShippedLeaderboardTest {
    private static final int SEEDS = 3;
    /** The study's settings beyond the grid that models/ ships (ShippedStudyModelsTest): expanded data, early stopping, three L1 and two L2 strengths. */
    private static final List<String> STUDY = List.of("ce-expanded", "ce-early-stop-100", "ce-l1-1", "ce-l1-3", "ce-l1-10",
            "ce-l2-30", "ce-l2-100");

    @RegisterExtension
    static final TestServer server = TestServer.withCopyOf(Path.of("..", "models"));

    @Test
    void the_convolutional_model_leads_the_full_data_mlp_and_only_the_study_s_own_settings_stand_beside_its_printed_figures()
            throws Exception {
        server.awaitServedAccuracy();
        JsonNode ranking = TestServer.JSON.readTree(server.get("/leaderboard").body()).get("ranking");
        assertEquals((ReferenceStudy.GRID.size() + STUDY.size()) * SEEDS + 2, ranking.size(), ranking.toString());
        JsonNode first = ranking.get(0);
        assertEquals("ce-cnn-full-adam-decay0.8-augreal-s0", first.get("model").asText());
        assertEquals("ce-full-adam-decay0.93-aug-s0", ranking.get(1).get("model").asText());
        for (JsonNode full : List.of(first, ranking.get(1))) {
            assertTrue(full.get("printedTest").isNull(), "a full-data model is not the study's CE: " + full);
        }
        for (JsonNode e : ranking) {
            if (e.get("setting").asText().equals("ce")) {
                assertEquals(77.15, e.get("printedTest").asDouble(), 0, "the study's CE printed 77.15: " + e);
            }
        }
    }

    @Test
    void every_study_setting_is_served_in_three_paired_seeds_and_compared_with_plain_CE_with_an_interval() throws Exception {
        server.awaitServedAccuracy();
        JsonNode board = TestServer.JSON.readTree(server.get("/leaderboard").body());
        Map<String, JsonNode> settings = new HashMap<>();
        board.get("settings").forEach(s -> settings.put(s.get("setting").asText(), s));
        List<String> served = new java.util.ArrayList<>(ReferenceStudy.GRID.stream().map(ReferenceStudy.Setting::name).toList());
        served.addAll(STUDY);
        for (String name : served) {
            JsonNode s = settings.get(name);
            assertEquals(SEEDS, s.get("seeds").asInt(), name);
            assertEquals(SEEDS, s.get("models").size(), name);
            assertFalse(s.get("spreadServedFull").isNull(), "three seeds have a spread: " + s);
            assertFalse(s.get("spreadEcePercent").isNull(), "three seeds have a spread: " + s);
        }
        JsonNode comparisons = board.get("comparisons");
        assertEquals(served.size() - 1, comparisons.size(), comparisons.toString());
        for (JsonNode c : comparisons) {
            assertEquals(SEEDS, c.get("n").asInt(), c.toString());
            assertEquals("[0,1,2]", c.get("seeds").toString());
            assertTrue(c.get("low").asDouble() <= c.get("difference").asDouble()
                    && c.get("difference").asDouble() <= c.get("high").asDouble(), c.toString());
            assertTrue(c.get("text").asText().contains("paired over 3 seeds"), c.toString());
        }
        JsonNode calibration = board.get("calibrationComparisons");
        assertEquals(2 * comparisons.size(), calibration.size());
        calibration.forEach(c -> assertEquals(SEEDS, c.get("n").asInt(), c.toString()));
    }

    @Test
    void the_families_are_grouped_in_the_study_report_s_order_not_alphabetically() throws Exception {
        JsonNode groups = TestServer.JSON.readTree(server.get("/leaderboard").body()).get("families");
        List<String> families = new java.util.ArrayList<>();
        groups.forEach(g -> families.add(g.get("family").asText()));
        assertEquals(List.of("loss", "l1", "l2", "dropout", "expanded", "early-stop"), families);
    }
}
