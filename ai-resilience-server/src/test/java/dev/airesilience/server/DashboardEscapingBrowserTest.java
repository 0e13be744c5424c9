package dev.airesilience.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.airesilience.AIServiceResilience;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * Issue 13: operation names are user-supplied strings, and the dashboard shows them. Debian's headless Chromium
 * loads the dashboard while the orchestrator knows operations named like markup and script; in the DOM each name
 * is text — its card, chart legends and latency picker show it verbatim, no element or handler of it exists,
 * nothing of it ran. Skipped only when /usr/bin/chromium is absent.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(FastResilience.class)
class DashboardEscapingBrowserTest {

    static final List<String> HOSTILE_NAMES = List.of(
            "<script>window.__pwned='script'</script>",
            "<img src=x onerror=\"window.__pwned='img'\">",
            "\"><svg onload=\"window.__pwned='svg'\"></svg>",
            "');window.__pwned='quote';//",
            "<b id=\"injected\">bold</b>&amp;");

    @LocalServerPort
    int port;

    @Autowired
    AIServiceResilience resilience;

    Chromium chromium;
    WebDriver driver;

    @BeforeEach
    void startBrowser() throws IOException {
        chromium = Chromium.start(1400, 900);
        driver = chromium.driver();
    }

    @AfterEach
    void stopBrowser() throws IOException {
        if (chromium != null) {
            chromium.close();
        }
    }

    @Test
    void hostileOperationNamesAreShownAsTextAndNeverRun() throws Exception {
        for (String name : HOSTILE_NAMES) {
            resilience.<String>withOperationResilience(name).call(() -> "ok");
        }

        driver.get("http://127.0.0.1:" + port + "/dashboard");
        JavascriptExecutor js = (JavascriptExecutor) driver;
        new WebDriverWait(driver, Duration.ofSeconds(10)).until(d -> nameCells().size() >= 5 + HOSTILE_NAMES.size());

        List<String> shown = new ArrayList<>();
        nameCells().forEach(cell -> shown.add(cell.getText()));
        List<String> textContent = new ArrayList<>();
        nameCells().forEach(cell -> textContent.add(cell.getDomProperty("textContent")));
        for (String name : HOSTILE_NAMES) {
            assertThat(textContent).as("the row shows the name verbatim").contains(name);
            Object badge = js.executeScript("var b = document.getElementById('badge-' + arguments[0]);"
                    + " return b && b.getAttribute('data-operation');", name);
            assertThat(badge).as("the badge of " + name).isEqualTo(name);
        }
        assertThat(shown).contains("<b id=\"injected\">bold</b>&amp;");
        assertThat(js.executeScript("return typeof window.__pwned")).isEqualTo("undefined");
        assertThat(driver.findElements(By.cssSelector("#operations img, #operations script, #operations b, #injected")))
                .as("no element made of a name").isEmpty();
        assertThat(driver.findElements(By.cssSelector("#operations svg, #timeline img, #timeline script")))
                .as("no markup made of a name").isEmpty();
        // The whole page: cards, chart legends (uPlot sets labels as text), the latency picker, the timeline.
        Object handlers = js.executeScript("return Array.from(document.querySelectorAll('body *'))"
                + ".filter(function (e) { return Array.from(e.attributes).some(function (a) { return /^on/i.test(a.name); }); })"
                + ".length;");
        assertThat(handlers).as("no event-handler attribute").isEqualTo(0L);
    }

    private List<WebElement> nameCells() {
        return driver.findElements(By.cssSelector("#operations [data-field='name']"));
    }
}
