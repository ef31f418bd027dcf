package digitlab.serving.web;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import digitlab.serving.TestServer;
import java.time.Duration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A real headless Chromium (Debian's chromium and chromium-driver packages) driven through chromedriver, started
 * before a test class, once the server's models are measured, and quit after it:
 * {@code @RegisterExtension static final HeadlessChromium chromium = new HeadlessChromium(server);}.
 */
final class HeadlessChromium implements BeforeAllCallback, AfterAllCallback {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    /** Held so the setting sticks: Selenium warns about CDP versions it has no bindings for, which these tests do not use. */
    private static final java.util.logging.Logger SELENIUM_LOG = java.util.logging.Logger.getLogger("org.openqa.selenium");

    private final TestServer server;
    private ChromeDriver browser;
    private Path profile;

    /** @param server the server whose page is opened; register it before this extension */
    HeadlessChromium(TestServer server) {
        this.server = server;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
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

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (browser != null) {
            browser.quit();
        }
        try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    /** Opens the server's page and waits for its leaderboard. */
    void openPage() {
        browser.get(server.url("/"));
        await().until(d -> !d.findElements(By.cssSelector("#leaderboard tr.entry")).isEmpty());
    }

    ChromeDriver driver() {
        return browser;
    }

    Object script(String code, Object... args) {
        return ((JavascriptExecutor) browser).executeScript(code, args);
    }

    WebDriverWait await() {
        return new WebDriverWait(browser, Duration.ofSeconds(30));
    }
}
