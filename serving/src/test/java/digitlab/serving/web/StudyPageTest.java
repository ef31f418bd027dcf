package digitlab.serving.web;

import static digitlab.serving.http.PredictApiTestSupport.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import digitlab.core.reference.ReferenceStudy;
import digitlab.serving.TestServer;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

/**
 * The page over the models the repository ships (the study's grid in 3 paired seeds and the full-data model), in a
 * real headless Chromium: the study at its real size stays readable.
 */
class StudyPageTest {
    @RegisterExtension
    static final TestServer server = TestServer.withCopyOf(Path.of("..", "models"));
    @RegisterExtension
    static final HeadlessChromium chromium = new HeadlessChromium(server);

    @BeforeEach
    void openPage() {
        chromium.openPage();
    }

    @Test
    void each_study_setting_is_one_row_of_three_seeds_that_unfolds_into_its_models() {
        for (ReferenceStudy.Setting study : ReferenceStudy.GRID) {
            WebElement row = chromium.driver().findElement(By.cssSelector("#leaderboard tr.setting[data-setting='" + study.name() + "']"));
            WebElement fold = row.findElement(By.cssSelector("button.fold"));
            assertEquals("▸ 3 seeds", fold.getText(), study.name());
            assertTrue(row.getText().contains(" ± "), "mean ± spread over the seeds: " + row.getText());
        }
        String ce = "ce";
        chromium.driver().findElement(By.cssSelector("#leaderboard tr.setting[data-setting='" + ce + "'] button.fold")).click();
        List<String> shown = chromium.driver().findElements(By.cssSelector("#leaderboard tr.entry[data-setting='" + ce + "']")).stream()
                .filter(WebElement::isDisplayed).map(r -> r.getAttribute("data-model")).sorted().toList();
        assertEquals(List.of("ce-s0", "ce-s1", "ce-s2"), shown);
        assertTrue(chromium.driver().findElements(By.cssSelector("#leaderboard tr.entry")).stream()
                .filter(WebElement::isDisplayed).allMatch(r -> ce.equals(r.getAttribute("data-setting"))), "the others stay folded");
    }

    @Test
    void the_interval_charts_draw_each_settings_95_percent_interval_over_three_seeds() {
        JsonNode board = ok(server.get("/leaderboard"));
        JsonNode comparisons = board.get("comparisons");
        // the grid's settings and the seven of the study's continuation models/ ships (ShippedStudyModelsTest)
        assertEquals(ReferenceStudy.GRID.size() - 1 + 7, comparisons.size(), "every study setting against plain CE");
        comparisons.forEach(c -> assertEquals(3, c.get("n").asInt(), c.toString()));
        PageCharts.assertIntervals(chromium, chromium.driver().findElement(By.id("intervals")), comparisons);
        List<JsonNode> ece = new java.util.ArrayList<>();
        board.get("calibrationComparisons").forEach(c -> {
            if (c.get("metric").asText().startsWith("expected calibration error")) {
                ece.add(c);
            }
        });
        PageCharts.assertIntervals(chromium, chromium.driver().findElement(By.id("calibration-intervals")),
                TestServer.JSON.valueToTree(ece));
    }

    @Test
    void each_settings_training_curves_are_drawn_on_its_own_epoch_axis() {
        JsonNode models = ok(server.get("/models")).get("models");
        Map<String, Integer> lastEpoch = new HashMap<>();
        Map<String, Integer> seedsOf = new HashMap<>();
        models.forEach(m -> {
            String id = m.get("id").asText();
            String setting = id.substring(0, id.lastIndexOf("-s"));
            lastEpoch.merge(setting, m.get("metadata").get("epochs").asInt() - 1, Math::max);
            seedsOf.merge(setting, 1, Integer::sum);
        });
        chromium.await().until(d -> d.findElements(By.cssSelector("#curves-grid canvas.curves")).size() == lastEpoch.size());
        for (WebElement panel : chromium.driver().findElements(By.cssSelector("#curves-grid .curves-panel"))) {
            String setting = panel.getAttribute("data-setting");
            WebElement canvas = panel.findElement(By.tagName("canvas"));
            assertEquals(String.valueOf(lastEpoch.get(setting)), canvas.getAttribute("data-last-epoch"), setting);
            int seeds = seedsOf.get(setting);
            assertEquals(seeds, canvas.getAttribute("data-drawn").split(" ").length, setting + ": its seeds overlaid");
        }
        assertEquals("39", chromium.driver().findElement(By.cssSelector(
                "#curves-grid .curves-panel[data-setting='ce-full-adam-decay0.93-aug'] canvas")).getAttribute("data-last-epoch"),
                "the 40-epoch full-data model on its own axis, not the study's 1000 epochs");
    }

    @Test
    void a_reliability_diagram_can_be_picked_for_any_seed_of_any_setting() {
        JsonNode ranking = ok(server.get("/leaderboard")).get("ranking");
        JsonNode ce = null;
        for (JsonNode e : ranking) {
            if (e.get("model").asText().equals("ce-s2")) {
                ce = e;
            }
        }
        new Select(chromium.driver().findElement(By.id("reliability-models"))).selectByValue("ce-s2");
        chromium.await().until(d -> !d.findElements(By.cssSelector("#reliability figure[data-model='ce-s2']")).isEmpty());
        PageCharts.assertReliability(chromium, ce);
    }
}
