package dev.airesilience.server;

/**
 * The API key of the keyed test configuration several test classes declare word for word, so that Spring's test
 * context cache gives them one application context:
 * {@code @SpringBootTest(webEnvironment = RANDOM_PORT, properties = {"API_KEY=" + SharedContext.KEY,
 * "airesilience.server.attempt-timeout=2s"}) @Import(FastResilience.class)}.
 */
public final class SharedContext {

    public static final String KEY = "shared-context-key-9Hq4";

    private SharedContext() {}
}
