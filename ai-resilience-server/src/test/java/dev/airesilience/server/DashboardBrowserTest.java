package dev.airesilience.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import dev.airesilience.config.CircuitBreakerConfig;
import dev.airesilience.config.ResilienceConfig;
import dev.airesilience.config.ResilienceStrategy;
import dev.airesilience.config.RetryConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;

/**
 * The dashboard in Debian's headless Chromium through a real outage and recovery of the sentiment operation, driven
 * through the chaos API, asserted from the DOM: the header is "unauthorized" without the key; the breaker goes open
 * with a countdown to half-open and the generic "rejecting" line, then recovers to closed; the rolling success
 * rate falls and recovers while the lifetime one stays down; the timeline lists the transitions and rejections; a
 * 429 with Retry-After shows a cooldown; no element overflows at 360, 760 and 1280 px; and once the server stops,
 * the header says "unreachable" and the figures are marked stale. Every wait polls the DOM up to a deadline.
 * Screenshots: target/dashboard-screenshots/.
 *
 * <p>Its own context (an API key, a 4 s rolling window sampled every 250 ms, 30 s of history, a 4 s recovery timeout), dirtied at
 * the end because the test stops the web server.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "API_KEY=" + DashboardBrowserTest.KEY, "airesilience.dashboard.window=4s",
        "airesilience.dashboard.sample-interval=250ms", "airesilience.dashboard.history=30s"})
@Import(DashboardBrowserTest.QuickRecovery.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class DashboardBrowserTest {

    static final String KEY = "dashboard-browser-key-7Qx2";
    static final String OP = "analyze_sentiment";
    static final Duration DEADLINE = Duration.ofSeconds(15);

    /** Sentiment runs AGGRESSIVE: 2 attempts 0.1 s apart, the breaker opens after 3 failed calls, 4 s recovery. */
    @TestConfiguration(proxyBeanMethods = false)
    static class QuickRecovery {
        @Bean(destroyMethod = "close")
        AIServiceResilience aiServiceResilience() {
            AIServiceResilience.Builder builder = AIServiceResilience.builder();
            FastResilience.TABLE.forEach((strategy, numbers) -> builder.strategyConfig(strategy,
                    ResilienceConfig.builder().strategy(strategy)
                            .retry(RetryConfig.builder().maxAttempts(numbers[0]).maxDelay(Duration.ofSeconds(30))
                                    .exponentialMultiplier(Duration.ofMillis(100)).exponentialMin(Duration.ofMillis(100)).exponentialMax(Duration.ofSeconds(1)).jitter(false)
                                    .build())
                            .circuitBreaker(CircuitBreakerConfig.builder().failureThreshold(numbers[1])
                                    .recoveryTimeout(Duration.ofSeconds(4)).halfOpenMaxCalls(1).build())
                            .build()));
            return builder.build();
        }
    }

    @LocalServerPort
    int port;

    @Autowired
    WebServerApplicationContext context;

    Chromium chromium;
    WebDriver driver;
    Api api;

    @BeforeEach
    void startBrowser() throws Exception {
        chromium = Chromium.start(1280, 900);
        driver = chromium.driver();
        api = new Api(port, KEY);
    }

    @AfterEach
    void stopBrowser() throws Exception {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void anOutageAndItsRecoveryAsAnOperatorSeesThem() throws Exception {
        // Served: the header starts as "connecting", never as "healthy".
        String page = new Api(port, null).get("/dashboard").body();
        assertThat(page).contains("data-status=\"connecting\">connecting<");

        // No key: 401 from the data endpoint, and the header says so.
        driver.get("http://127.0.0.1:" + port + "/dashboard");
        until("the header says unauthorized", d -> "unauthorized".equals(attr("#health", "data-status")));
        assertThat(text("#health")).isEqualToIgnoringCase("unauthorized");
        assertThat(attr("body", "data-fresh")).isEqualTo("false");
        chromium.screenshot("01-unauthorized");

        driver.findElement(By.id("api-key")).sendKeys(KEY, Keys.TAB);
        until("the header says healthy", d -> "healthy".equals(attr("#health", "data-status")));
        assertThat(attr("body", "data-fresh")).isEqualTo("true");

        // Traffic before the outage: the rolling success rate is 100 %.
        for (int i = 0; i < 4; i++) {
            assertThat(sentiment()).isEqualTo(200);
        }
        until("the rolling success rate shows 100 %", d -> "100.0".equals(value("window-success")));

        // Outage: 3 failed calls open the breaker; a fourth call is turned away.
        assertThat(api.put("/internal/chaos", Map.of("outage_seconds", 60)).status()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            sentiment();
        }
        sentiment();
        until("the badge is open with a countdown", d -> "open".equals(attr("#badge-" + OP, "data-state"))
                && remainingMs("countdown") > 0);
        assertThat(field("countdown").getText()).matches("half-open in \\d+\\.\\d s");
        assertThat(text("#health")).isEqualToIgnoringCase("circuit open");
        assertThat(field("rejecting").getText()).startsWith("rejecting: circuit open");
        assertThat(attr("#badge-summarize_text", "data-state")).isEqualTo("closed");
        until("the rolling success rate falls", d -> rolling() < 100);
        until("the timeline lists the opening and the rejection",
                d -> timeline().stream().anyMatch(line -> line.contains(OP) && line.contains("closed → open"))
                        && timeline().stream().anyMatch(line -> line.contains(OP) && line.contains("rejected")
                                && line.contains("circuit open")));
        long countdownBefore = remainingMs("countdown");
        until("the countdown counts down", d -> remainingMs("countdown") < countdownBefore);
        chromium.screenshot("02-outage-breaker-open");

        // Recovery: the outage ends, the recovery timeout passes, the trial call closes the breaker.
        assertThat(api.put("/internal/chaos", Map.of("outage_seconds", 0)).status()).isEqualTo(200);
        until("the breaker admits a trial", d -> "half-open".equals(attr("#badge-" + OP, "data-state")));
        assertThat(sentiment()).isEqualTo(200);
        until("the badge is closed again", d -> "closed".equals(attr("#badge-" + OP, "data-state")));
        until("the timeline lists the recovery", d -> timeline().stream()
                .anyMatch(line -> line.contains(OP) && line.contains("half-open → closed")));
        // Successful traffic (one call per DOM poll) until the failures have left the 4 s window.
        until("the rolling success rate recovers", d -> {
            sentiment();
            return "100.0".equals(value("window-success"));
        });
        assertThat(Double.parseDouble(attr("#row-" + OP + " [data-field='lifetime']", "data-success-rate")))
                .as("the lifetime rate still carries the outage").isLessThan(100.0);
        until("the header is healthy again", d -> "healthy".equals(attr("#health", "data-status")));
        chromium.screenshot("03-recovered");

        // A 429 with Retry-After 3 s: the call waits it out, and the dashboard shows the cooldown meanwhile.
        assertThat(api.put("/internal/chaos", Map.of("fail_next", 1, "status_mix", Map.of("429", 1),
                "retry_after_seconds", 3)).status()).isEqualTo(200);
        CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(this::sentiment);
        until("the cooldown shows", d -> remainingMs("cooldown") > 0);
        assertThat(field("cooldown").getText()).matches("cooldown \\d+\\.\\d s");
        assertThat(text("#health")).isEqualToIgnoringCase("cooling down");
        until("the timeline lists the rate limit", d -> timeline().stream()
                .anyMatch(line -> line.contains(OP) && line.contains("provider rate limit, Retry-After 3.0 s")));
        chromium.screenshot("04-rate-limit-cooldown");
        assertThat(waiting.get(20, TimeUnit.SECONDS)).isEqualTo(200);
        until("the cooldown is over", d -> !field("cooldown").isDisplayed());

        // summarize fails over to the fallback model: the primary model's card (a route target) shows its last error.
        assertThat(api.put("/internal/chaos?model=simulated-gpt", Map.of("fail_next", 1, "status_mix",
                Map.of("503", 1))).status()).isEqualTo(200);
        assertThat(api.post("/v1/text/process", Map.of("operation", "summarize", "text", "The primary model fails."))
                .json().path("metadata").path("model").asString()).isEqualTo("simulated-gpt-mini");
        until("the primary model's card shows its last error", d -> d.findElements(By.id("row-target:simulated-gpt"))
                .stream().anyMatch(card -> card.findElement(By.cssSelector("[data-field='target']")).getText()
                        .startsWith("no quota · last error: ServiceUnavailableException: AI provider answered HTTP 503")));
        chromium.screenshot("05-route-target");

        // Phone, tablet and desktop widths: nothing sticks out or is clipped.
        for (int width : new int[] {360, 760, 1280}) {
            chromium.viewport(width, 900);
            until("nothing overflows at " + width + " px", d -> overflowing().isEmpty());
            chromium.screenshot("06-width-" + width);
        }
        chromium.viewport(360, 900);
        assertThat(overflowing()).isEmpty();

        // The server stops answering: never green, figures greyed out.
        context.getWebServer().stop();
        until("the header says unreachable", d -> "unreachable".equals(attr("#health", "data-status")));
        assertThat(attr("body", "data-fresh")).isEqualTo("false");
        assertThat(text("#updated")).contains("last data");
        chromium.screenshot("07-unreachable");
    }

    private int sentiment() {
        return api.post("/v1/text/process", Map.of("operation", "sentiment", "text", "The outage is terrible.")).status();
    }

    private void until(String what, Function<WebDriver, Boolean> condition) {
        new WebDriverWait(driver, DEADLINE, Duration.ofMillis(100)).withMessage(() -> what + "; the page shows: "
                + driver.findElement(By.cssSelector("header")).getText() + " | "
                + driver.findElements(By.cssSelector("#row-" + OP)).stream().map(WebElement::getText).toList()
                + " | data: " + api.get("/internal/dashboard/data").body()).until(condition);
    }

    private String attr(String css, String attribute) {
        List<WebElement> found = driver.findElements(By.cssSelector(css));
        return found.isEmpty() ? null : found.get(0).getAttribute(attribute);
    }

    private String text(String css) {
        return driver.findElement(By.cssSelector(css)).getText();
    }

    private WebElement field(String name) {
        return driver.findElement(By.cssSelector("#row-" + OP + " [data-field='" + name + "']"));
    }

    private String value(String name) {
        List<WebElement> found = driver.findElements(By.cssSelector("#row-" + OP + " [data-field='" + name + "']"));
        return found.isEmpty() ? null : found.get(0).getAttribute("data-value");
    }

    private double rolling() {
        String value = value("window-success");
        return value == null || value.isEmpty() ? 100 : Double.parseDouble(value);
    }

    private long remainingMs(String name) {
        List<WebElement> found = driver.findElements(By.cssSelector("#row-" + OP + " [data-field='" + name + "']"));
        String value = found.isEmpty() ? null : found.get(0).getAttribute("data-remaining-ms");
        return value == null ? -1 : Long.parseLong(value);
    }

    private List<String> timeline() {
        return driver.findElements(By.cssSelector("#timeline li")).stream().map(WebElement::getText).toList();
    }

    /** Every visible element that reaches past the viewport's sides, or clips its content sideways. */
    @SuppressWarnings("unchecked")
    private List<String> overflowing() {
        return (List<String>) ((JavascriptExecutor) driver).executeScript("""
                var width = document.documentElement.clientWidth, bad = [];
                function name(e) { return e.tagName.toLowerCase() + (e.id ? '#' + e.id : '')
                    + (e.className && e.className.baseVal === undefined ? '.' + e.className : ''); }
                if (document.documentElement.scrollWidth > width) {
                  bad.push('the page scrolls sideways: ' + document.documentElement.scrollWidth + ' > ' + width);
                }
                document.querySelectorAll('body *').forEach(function (e) {
                  var r = e.getBoundingClientRect();
                  if (r.width === 0 || r.height === 0) { return; }
                  if (r.left < -0.5 || r.right > width + 0.5) {
                    bad.push(name(e) + ' spans ' + Math.round(r.left) + '..' + Math.round(r.right) + ' of ' + width);
                  }
                  var style = getComputedStyle(e);
                  if ((style.overflowX === 'hidden' || style.overflowX === 'clip') && e.scrollWidth > e.clientWidth + 1) {
                    bad.push(name(e) + ' clips ' + e.scrollWidth + ' px into ' + e.clientWidth);
                  }
                });
                return bad;
                """);
    }
}
