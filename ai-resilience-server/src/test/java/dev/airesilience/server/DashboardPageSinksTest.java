package dev.airesilience.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, the unit-level half of {@link DashboardEscapingBrowserTest}: the dashboard script builds its DOM with
 * {@code createElement} and {@code textContent} only, never HTML from strings, so no user-supplied value (operation
 * name, error message, chaos status) is ever parsed as markup or script. Checks the page's script for every HTML
 * and code sink, and that server values reach the page only through {@code textContent} or attributes that
 * cannot run code.
 */
class DashboardPageSinksTest {

    private static String script() throws IOException {
        try (InputStream in = DashboardPageSinksTest.class.getResourceAsStream("/static/dashboard/dashboard.js")) {
            assertThat(in).as("static/dashboard/dashboard.js on the classpath").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void thePageScriptUsesNoHtmlOrCodeSink() throws IOException {
        String script = script();

        for (String sink : List.of("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                "new Function", "createContextualFragment", "DOMParser", "srcdoc", "javascript:", ".html(")) {
            assertThat(script).as("the dashboard script must not use " + sink).doesNotContain(sink);
        }
        assertThat(script).as("no setTimeout/setInterval with a string").doesNotContainPattern("set(Timeout|Interval)\\(\\s*[\"']");
    }

    @Test
    void attributesSetFromDataAreNeverEventHandlersOrUrls() throws IOException {
        Matcher setAttribute = Pattern.compile("setAttribute\\(\\s*\"([^\"]+)\"").matcher(script());
        while (setAttribute.find()) {
            String attribute = setAttribute.group(1).toLowerCase(java.util.Locale.ROOT);
            assertThat(attribute).as("attribute set by the script").doesNotStartWith("on")
                    .isNotIn("href", "src", "action", "formaction", "style", "srcdoc", "xlink:href");
        }
    }

    @Test
    void operationNamesReachTheDomOnlyAsText() throws IOException {
        String script = script();

        assertThat(script).contains("nameCell.textContent = name;");
        assertThat(script).doesNotContainPattern("\\.(innerText|innerHTML)\\s*=");
    }
}
