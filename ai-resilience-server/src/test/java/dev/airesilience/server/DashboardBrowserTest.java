package dev.airesilience.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * Debian's headless Chromium loads the dashboard with no API key configured (loopback access), an outage is
 * injected through the chaos API, and the sentiment breaker's badge must turn "open". Skipped only when
 * /usr/bin/chromium is absent (install it with .ci/install-browser).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(FastResilience.class)
class DashboardBrowserTest {

    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @LocalServerPort
    int port;

    WebDriver driver;
    Path profile;

    @BeforeEach
    void startBrowser() throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs /usr/bin/chromium and /usr/bin/chromedriver (.ci/install-browser)");
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER.toString());
        profile = Files.createTempDirectory("dashboard-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--window-size=1400,700", "--user-data-dir=" + profile);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (driver != null) {
            driver.quit();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    void theSentimentBadgeTurnsOpenDuringAnInjectedOutage() throws IOException {
        Api api = new Api(port, null);
        driver.get("http://127.0.0.1:" + port + "/dashboard");
        WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(10));
        By badge = By.id("badge-analyze_sentiment");
        wait.until(ExpectedConditions.attributeToBe(badge, "data-state", "closed"));

        assertThat(api.put("/internal/chaos", Map.of("outage_seconds", 60)).status()).isEqualTo(200);
        // sentiment runs AGGRESSIVE: the breaker opens after 3 failed calls.
        for (int i = 0; i < 3; i++) {
            api.post("/v1/text/process", Map.of("operation", "sentiment", "text", "The outage is terrible."));
        }

        wait.until(ExpectedConditions.attributeToBe(badge, "data-state", "open"));
        assertThat(driver.findElement(badge).getText()).isEqualToIgnoringCase("open");
        assertThat(driver.findElement(By.id("badge-summarize_text")).getAttribute("data-state")).isEqualTo("closed");
        assertThat(driver.findElement(By.id("health")).getText()).isEqualToIgnoringCase("circuit open");
        Path screenshot = Path.of("target", "dashboard-outage.png");
        Files.createDirectories(screenshot.getParent());
        Files.copy(((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE).toPath(), screenshot,
                StandardCopyOption.REPLACE_EXISTING);
        assertThat(screenshot).isNotEmptyFile();
    }
}
