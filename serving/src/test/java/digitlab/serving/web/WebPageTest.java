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

    private static TestServer server;
    private static ChromeDriver browser;
    private static Path profile;
    /** Held so the setting sticks: Selenium warns about CDP versions it has no bindings for, which this test does not use. */
    private static final java.util.logging.Logger SELENIUM_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium");

    @BeforeAll
    static void start() throws Exception {
        SELENIUM_LOG.setLevel(java.util.logging.Level.SEVERE);
        server = TestServer.withFixtures(digitlab.serving.http.ServingSettings.defaults(), Duration.ZERO, TestServer.DATA,
                Map.of("broken.onnx", "not a model".getBytes()));
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
        server.close();
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

    private static WebDriverWait await() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }
}
