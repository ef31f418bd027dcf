package digitlab.serving.web;

import static digitlab.serving.http.PredictApiTestSupport.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import digitlab.serving.TestServer;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.interactions.PointerInput;
import org.openqa.selenium.interactions.Sequence;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The draw-a-digit page in a real headless Chromium (Debian's chromium and chromium-driver
 * packages): strokes drawn with a mouse and a finger get every model's answer on the page.
 */
class WebPageTest {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    /** Started once for the class, closed after its last test. */
    @RegisterExtension
    static final TestServer server = TestServer.withFixtures(digitlab.serving.http.ServingSettings.defaults(), Duration.ZERO,
            TestServer.DATA, Map.of("broken.onnx", "not a model".getBytes()));
    private static ChromeDriver browser;
    private static Path profile;
    /** Held so the setting sticks: Selenium warns about CDP versions it has no bindings for, which this test does not use. */
    private static final java.util.logging.Logger SELENIUM_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium");

    @BeforeAll
    static void start() throws Exception {
        SELENIUM_LOG.setLevel(java.util.logging.Level.SEVERE);
        server.awaitServedAccuracy();
        profile = Files.createTempDirectory("digitlab-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--window-size=1280,1000", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void stop() throws Exception {
        if (browser != null) {
            browser.quit();
        }
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    @BeforeEach
    void openPage() {
        browser.get(server.url("/"));
        await().until(d -> !d.findElements(By.cssSelector("#leaderboard tr.entry")).isEmpty());
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
    void the_leaderboard_lists_every_model_and_draws_its_chart() {
        List<WebElement> rows = browser.findElements(By.cssSelector("#leaderboard tr.entry"));
        JsonNode ranking = ok(server.get("/leaderboard")).get("ranking");
        assertEquals(ranking.size(), rows.size());
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
    void the_leaderboard_rows_read_in_rank_order_and_the_chart_bars_stand_on_zero() {
        List<WebElement> rows = browser.findElements(By.cssSelector("#leaderboard tr.entry"));
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(Integer.toString(i + 1), rows.get(i).findElement(By.tagName("td")).getText(), "row " + i);
        }
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
    void every_served_models_training_curves_are_overlaid_and_a_file_without_them_is_named() {
        JsonNode models = ok(server.get("/models")).get("models");
        List<String> withCurves = new java.util.ArrayList<>();
        List<String> without = new java.util.ArrayList<>();
        models.forEach(m -> (m.get("metadata").get("curves").isNull() ? without : withCurves).add(m.get("id").asText()));
        assertTrue(withCurves.size() >= 2 && !without.isEmpty(), "fixtures with and without curves");
        WebElement canvas = browser.findElement(By.id("curves"));
        await().until(d -> String.join(" ", withCurves).equals(canvas.getAttribute("data-drawn")));
        List<String> legend = browser.findElements(By.cssSelector("#curves-legend li")).stream()
                .map(li -> li.getAttribute("data-model")).toList();
        assertEquals(withCurves, legend);
        // Each model's own colour is on the canvas: its lines were drawn, not only listed.
        for (WebElement item : browser.findElements(By.cssSelector("#curves-legend .swatch"))) {
            String colour = item.getCssValue("background-color");
            Long pixels = (Long) script("const m = arguments[0].match(/\\d+/g).map(Number);"
                    + "const c = document.getElementById('curves');"
                    + "const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0;"
                    + "for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i] - m[0]) < 30 && Math.abs(d[i + 1] - m[1]) < 30"
                    + " && Math.abs(d[i + 2] - m[2]) < 30 && d[i + 3] > 200) n++; return n;", colour);
            assertTrue(pixels > 40, colour + ": " + pixels + " pixels");
        }
        WebElement note = browser.findElement(By.id("no-curves"));
        assertTrue(note.isDisplayed());
        assertTrue(note.getText().startsWith("No curves recorded for"), note.getText());
        without.forEach(id -> assertTrue(note.getText().contains(id), note.getText()));

        // Unticking a model takes its curves off the chart.
        browser.findElement(By.cssSelector("#curves-legend li[data-model='" + withCurves.get(0) + "'] input")).click();
        assertEquals(String.join(" ", withCurves.subList(1, withCurves.size())), canvas.getAttribute("data-drawn"));
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

    private static Object script(String code, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(code, args);
    }

    private static WebDriverWait await() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }
}
