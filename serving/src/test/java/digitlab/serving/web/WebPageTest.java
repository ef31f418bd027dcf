package digitlab.serving.web;

import static digitlab.serving.http.PredictApiTestSupport.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import digitlab.serving.TestServer;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The draw-a-digit page in a real headless Chromium (Debian's chromium and chromium-driver
 * packages): strokes drawn with a mouse and a finger get every model's answer on the page.
 */
class WebPageTest {
    /** Started once for the class, closed after its last test. */
    @RegisterExtension
    static final TestServer server = TestServer.withFixtures(digitlab.serving.http.ServingSettings.defaults(), Duration.ZERO,
            TestServer.DATA, Map.of("broken.onnx", "not a model".getBytes()));
    @RegisterExtension
    static final HeadlessChromium chromium = new HeadlessChromium(server);
    private static ChromeDriver browser;

    @BeforeAll
    static void start() {
        browser = chromium.driver();
    }

    @BeforeEach
    void openPage() {
        chromium.openPage();
    }

    @Test
    void a_stroke_drawn_with_the_mouse_gets_every_models_answer_as_the_API_gives_it() throws Exception {
        WebElement pad = browser.findElement(By.id("pad"));
        new Actions(browser).moveToElement(pad, 0, -90).clickAndHold()
                .moveByOffset(0, 45).moveByOffset(0, 45).moveByOffset(0, 45).moveByOffset(0, 45)
                .release().perform();
        Map<String, Integer> shown = answersOnPage();
        assertEquals(TestServer.fixtureIds().size(), shown.size(), "one answer per model: " + shown);
        assertTrue(browser.findElements(By.id("answer-error")).isEmpty());

        // The same drawing sent through the API answers the same digits.
        String png = (String) ((JavascriptExecutor) browser).executeScript(
                "return document.getElementById('pad').toDataURL('image/png');");
        JsonNode api = ok(server.postJson("/predict?model=all", Map.of("image", png)));
        for (JsonNode answer : api.get("models")) {
            assertEquals(answer.get("digit").asInt(), shown.get(answer.get("model").asText()), answer.get("model").asText());
        }
        String best = ok(server.get("/models")).get("default").asText();
        assertEquals(1, shown.get(best), "a straight vertical stroke is a 1 to the best model");
    }

    @Test
    void a_stroke_drawn_with_a_finger_gets_answers_and_clear_removes_them() {
        WebElement pad = browser.findElement(By.id("pad"));
        PointerInput finger = new PointerInput(PointerInput.Kind.TOUCH, "finger");
        Sequence stroke = new Sequence(finger, 0)
                .addAction(finger.createPointerMove(Duration.ZERO, PointerInput.Origin.fromElement(pad), -60, -80))
                .addAction(finger.createPointerDown(PointerInput.MouseButton.LEFT.asArg()))
                .addAction(finger.createPointerMove(Duration.ofMillis(100), PointerInput.Origin.fromElement(pad), 60, -80))
                .addAction(finger.createPointerMove(Duration.ofMillis(100), PointerInput.Origin.fromElement(pad), -30, 90))
                .addAction(finger.createPointerUp(PointerInput.MouseButton.LEFT.asArg()));
        browser.perform(List.of(stroke));
        assertEquals(TestServer.fixtureIds().size(), answersOnPage().size());

        browser.findElement(By.id("clear")).click();
        assertTrue(browser.findElements(By.cssSelector("#answers .answer")).isEmpty());
    }

    @Test
    void the_leaderboard_lists_every_model_folded_under_its_setting_and_draws_its_chart() {
        List<WebElement> rows = browser.findElements(By.cssSelector("#leaderboard tr.entry"));
        JsonNode ranking = ok(server.get("/leaderboard")).get("ranking");
        assertEquals(ranking.size(), rows.size());
        assertTrue(rows.stream().noneMatch(WebElement::isDisplayed), "seeds start folded");
        unfoldEverySetting();
        for (JsonNode entry : ranking) {
            String model = entry.get("model").asText();
            WebElement row = browser.findElement(By.cssSelector("#leaderboard tr.entry[data-model='" + model + "']"));
            String percent = String.format(java.util.Locale.ROOT, "%.2f%%", entry.get("servedTest").get("percent").asDouble());
            assertTrue(row.getText().contains(percent), row.getText() + " shows " + percent);
        }
        Long inked = (Long) ((JavascriptExecutor) browser).executeScript(
                "const c = document.getElementById('chart');"
                        + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;"
                        + "let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++; return n;");
        assertTrue(inked > 1000, "the chart has bars: " + inked + " painted pixels");
    }

    @Test
    void the_settings_read_best_first_their_models_in_rank_order_and_the_chart_bars_stand_on_zero() {
        JsonNode settings = ok(server.get("/leaderboard")).get("settings");
        List<String> bestFirst = new java.util.ArrayList<>();
        settings.forEach(s -> bestFirst.add(s.get("setting").asText()));
        bestFirst.sort(java.util.Comparator.comparingDouble(name -> -setting(settings, name).get("meanServedFull").asDouble()));
        assertEquals(bestFirst, settingRows(), "sorted by served accuracy, best first, at first");
        unfoldEverySetting();
        for (String name : bestFirst) {
            List<Integer> ranks = browser.findElements(By.cssSelector("#leaderboard tr.entry[data-setting='" + name + "']"))
                    .stream().map(r -> Integer.parseInt(r.findElement(By.tagName("td")).getText())).toList();
            assertEquals(ranks.stream().sorted().toList(), ranks, name + "'s models in rank order");
            assertEquals(setting(settings, name).get("models").size(), ranks.size(), name);
        }
        List<WebElement> rows = browser.findElements(By.cssSelector("#leaderboard tr.setting"));
        WebElement chart = browser.findElement(By.id("chart"));
        assertEquals("0", chart.getAttribute("data-axis-min"), "the accuracy axis starts at 0");
        // Each bar is painted right down to the 0% line, so its height is its accuracy.
        String painted = (String) script(
                "const c = document.getElementById('chart'); const g = c.getContext('2d');"
                        + "const y = Math.round(Number(c.dataset.zeroY)) - 2;"
                        + "return JSON.parse(c.dataset.barCentres).map((x) => {"
                        + "  const p = g.getImageData(Math.round(x), y, 1, 1).data; return p[3] > 200 && !(p[0] > 200 && p[1] > 200) ? 'bar' : 'none';"
                        + "}).join(' ');");
        assertEquals(String.join(" ", java.util.Collections.nCopies(rows.size(), "bar")), painted);
    }

    @Test
    void answer_card_titles_wrap_only_between_words() {
        WebElement pad = browser.findElement(By.id("pad"));
        new Actions(browser).moveToElement(pad, 0, -90).clickAndHold().moveByOffset(0, 90).moveByOffset(0, 90)
                .release().perform();
        answersOnPage();
        // Where a title's text moves to a new line, the character before must be a space or a hyphen.
        String report = (String) script(
                "let wrapped = 0; const bad = [];"
                        + "document.querySelectorAll('#answers .answer .model').forEach((title) => {"
                        + "  const text = title.firstChild; const r = document.createRange(); let lastTop = null;"
                        + "  for (let i = 0; i < text.length; i++) {"
                        + "    r.setStart(text, i); r.setEnd(text, i + 1); const box = r.getClientRects()[0];"
                        + "    if (!box) continue;"
                        + "    if (lastTop !== null && box.top > lastTop + 2) {"
                        + "      wrapped++; const before = text.data[i - 1];"
                        + "      if (before !== ' ' && before !== '-') bad.push(text.data.slice(0, i) + '|' + text.data.slice(i));"
                        + "    }"
                        + "    lastTop = box.top;"
                        + "  }"
                        + "});"
                        + "return wrapped + ' ' + bad.join(' ; ');");
        assertTrue(!report.startsWith("0 "), "at least one title is long enough to wrap: " + report);
        assertEquals("", report.substring(report.indexOf(' ') + 1), "titles broken mid-word");
    }

    @Test
    void the_page_names_its_favicon_and_the_server_serves_it_under_its_own_security_policy() {
        String href = browser.findElement(By.cssSelector("link[rel='icon']")).getAttribute("href");
        assertEquals(server.url("/favicon.svg"), href);
        String answer = (String) ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0]).then(async (r) => done(r.status + ' ' + r.headers.get('content-type') + ' '"
                        + " + (await r.text()).trim().startsWith('<svg')));", href);
        assertTrue(answer.startsWith("200 image/svg+xml"), answer);
        assertTrue(answer.endsWith(" true"), answer);
        // The policy hardening added lets the page show same-origin images, this icon among them.
        String policy = server.get("/").headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(policy.contains("img-src 'self'"), policy);
    }

    @Test
    void every_served_models_training_curves_are_drawn_in_its_settings_chart_and_a_file_without_them_is_named() {
        JsonNode models = ok(server.get("/models")).get("models");
        List<String> withCurves = new java.util.ArrayList<>();
        List<String> without = new java.util.ArrayList<>();
        models.forEach(m -> (m.get("metadata").get("curves").isNull() ? without : withCurves).add(m.get("id").asText()));
        assertTrue(withCurves.size() >= 2 && !without.isEmpty(), "fixtures with and without curves");
        await().until(d -> d.findElements(By.cssSelector("#curves-grid canvas.curves")).size() == withCurves.size());
        List<String> drawn = browser.findElements(By.cssSelector("#curves-grid canvas.curves")).stream()
                .map(c -> c.getAttribute("data-drawn")).toList();
        assertEquals(withCurves, drawn, "one chart per setting: every fixture is its own setting, one seed each");
        List<String> legend = browser.findElements(By.cssSelector(".curves-legend li")).stream()
                .map(li -> li.getAttribute("data-model")).toList();
        assertEquals(withCurves, legend);
        // Each chart's epoch axis is its own models' (every fixture trained 30 epochs: 0..29).
        for (WebElement canvas : browser.findElements(By.cssSelector("#curves-grid canvas.curves"))) {
            assertEquals("29", canvas.getAttribute("data-last-epoch"));
        }
        // Each model's own colour is on its chart: its lines were drawn, not only listed.
        for (WebElement panel : browser.findElements(By.cssSelector("#curves-grid .curves-panel"))) {
            String colour = panel.findElement(By.cssSelector(".swatch")).getCssValue("background-color");
            Long pixels = (Long) script("const m = arguments[0].match(/\\d+/g).map(Number);"
                    + "const c = arguments[1];"
                    + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
                    + "for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - m[0]) < 30 && Math.abs(d[i + 1] - m[1]) < 30"
                    + " && Math.abs(d[i + 2] - m[2]) < 30 && d[i + 3] > 200) n++; return n;", colour,
                    panel.findElement(By.tagName("canvas")));
            assertTrue(pixels > 40, panel.getAttribute("data-setting") + " " + colour + ": " + pixels + " pixels");
        }
        WebElement note = browser.findElement(By.id("no-curves"));
        assertTrue(note.isDisplayed());
        assertTrue(note.getText().startsWith("No curves recorded for"), note.getText());
        without.forEach(id -> assertTrue(note.getText().contains(id), note.getText()));

        // Unticking a model takes its curves off its chart.
        browser.findElement(By.cssSelector(".curves-legend li[data-model='" + withCurves.get(0) + "'] input")).click();
        assertEquals("", browser.findElements(By.cssSelector("#curves-grid canvas.curves")).get(0).getAttribute("data-drawn"));
    }

    @Test
    void the_seed_comparisons_are_on_the_page_with_n_and_one_seed_says_it_cannot_judge() {
        JsonNode comparisons = ok(server.get("/leaderboard")).get("comparisons");
        List<WebElement> items = browser.findElements(By.cssSelector("#comparisons li[data-setting]"));
        assertEquals(comparisons.size(), items.size());
        assertTrue(items.size() > 0);
        for (WebElement item : items) {
            assertTrue(item.getText().contains("cannot be told apart from seed noise"), item.getText());
            assertTrue(item.getText().endsWith("(n = 1)"), item.getText());
        }
        PageCharts.assertIntervals(chromium, browser.findElement(By.id("intervals")), comparisons);
        JsonNode calibration = ok(server.get("/leaderboard")).get("calibrationComparisons");
        assertEquals(calibration.size(), browser.findElements(By.cssSelector("#calibration-comparisons li[data-setting]")).size());
    }

    @Test
    void the_settings_sort_by_calibration_error_and_back_by_accuracy() {
        JsonNode settings = ok(server.get("/leaderboard")).get("settings");
        List<String> byEce = new java.util.ArrayList<>();
        settings.forEach(s -> byEce.add(s.get("setting").asText()));
        byEce.sort(java.util.Comparator.comparingDouble(name -> setting(settings, name).get("meanEcePercent").asDouble()));
        browser.findElement(By.cssSelector("#leaderboard th[data-sort='ece'] button")).click();
        assertEquals(byEce, settingRows(), "lowest calibration error first");
        assertEquals("ascending", browser.findElement(By.cssSelector("#leaderboard th[data-sort='ece']")).getAttribute("aria-sort"));
        WebElement first = browser.findElement(By.cssSelector("#leaderboard tr.setting"));
        String ece = String.format(java.util.Locale.ROOT, "%.2f", setting(settings, byEce.get(0)).get("meanEcePercent").asDouble());
        assertTrue(first.getText().contains(ece), first.getText() + " shows its ECE " + ece);
        browser.findElement(By.cssSelector("#leaderboard th[data-sort='accuracy'] button")).click();
        assertEquals("descending", browser.findElement(By.cssSelector("#leaderboard th[data-sort='accuracy']")).getAttribute("aria-sort"));
    }

    @Test
    void the_best_models_reliability_diagram_is_drawn_and_picking_another_adds_its_own() {
        JsonNode ranking = ok(server.get("/leaderboard")).get("ranking");
        String best = ranking.get(0).get("model").asText();
        await().until(d -> !d.findElements(By.cssSelector("#reliability figure.reliability")).isEmpty());
        assertEquals(List.of(best), reliabilityModels(), "the best model's, at first");
        PageCharts.assertReliability(chromium, ranking.get(0));
        String other = ranking.get(ranking.size() - 1).get("model").asText();
        org.openqa.selenium.support.ui.Select pick = new org.openqa.selenium.support.ui.Select(
                browser.findElement(By.id("reliability-models")));
        pick.selectByValue(other);
        await().until(d -> reliabilityModels().size() == 2);
        assertEquals(java.util.Set.of(best, other), java.util.Set.copyOf(reliabilityModels()));
        PageCharts.assertReliability(chromium, ranking.get(ranking.size() - 1));
    }

    @Test
    void a_model_file_that_failed_to_load_is_named_on_the_page() {
        WebElement failed = browser.findElement(By.id("failed-models"));
        await().until(d -> failed.isDisplayed());
        assertTrue(failed.getText().contains("broken.onnx"), failed.getText());
    }

    /**
     * Waits until the answers on the page are for the whole drawing (the page also asks while the pen
     * moves), then reads model id to digit.
     */
    private static Map<String, Integer> answersOnPage() {
        await().until(d -> {
            String latest = d.findElement(By.id("pad")).getAttribute("data-latest");
            return latest != null && latest.equals(d.findElement(By.id("answers")).getAttribute("data-answers"));
        });
        Map<String, Integer> shown = new HashMap<>();
        for (WebElement card : browser.findElements(By.cssSelector("#answers .answer"))) {
            shown.put(card.getAttribute("data-model"), Integer.parseInt(card.findElement(By.className("digit")).getText()));
        }
        return shown;
    }

    private static List<String> reliabilityModels() {
        return browser.findElements(By.cssSelector("#reliability figure.reliability")).stream()
                .map(f -> f.getAttribute("data-model")).toList();
    }

    /** The setting rows of the leaderboard table, top to bottom. */
    private static List<String> settingRows() {
        return browser.findElements(By.cssSelector("#leaderboard tr.setting")).stream()
                .map(r -> r.getAttribute("data-setting")).toList();
    }

    private static void unfoldEverySetting() {
        // Each click redraws the table: find each button again by its setting.
        for (String name : settingRows()) {
            browser.findElement(By.cssSelector("#leaderboard tr.setting[data-setting='" + name + "'] button.fold")).click();
        }
        assertTrue(browser.findElements(By.cssSelector("#leaderboard tr.entry")).stream().allMatch(WebElement::isDisplayed));
    }

    private static JsonNode setting(JsonNode settings, String name) {
        for (JsonNode s : settings) {
            if (s.get("setting").asText().equals(name)) {
                return s;
            }
        }
        throw new AssertionError("no setting " + name + " in " + settings);
    }

    private static Object script(String code, Object... args) {
        return chromium.script(code, args);
    }

    private static WebDriverWait await() {
        return chromium.await();
    }
}
