package dev.airesilience.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApiKeysTest {

    @Test
    void acceptsThePrimaryAndEveryAdditionalKeyTrimmed() {
        ApiKeys keys = new ApiKeys("primary", " second , third ,, ");

        assertThat(keys.count()).isEqualTo(3);
        assertThat(keys.matches("primary")).isTrue();
        assertThat(keys.matches("second")).isTrue();
        assertThat(keys.matches("third")).isTrue();
    }

    @Test
    void rejectsPrefixesExtensionsCaseChangesAndNothing() {
        ApiKeys keys = new ApiKeys("primary", null);

        assertThat(keys.matches("primar")).isFalse();
        assertThat(keys.matches("primary2")).isFalse();
        assertThat(keys.matches("PRIMARY")).isFalse();
        assertThat(keys.matches("")).isFalse();
        assertThat(keys.matches(null)).isFalse();
    }

    @Test
    void withNoKeysConfiguredItIsEmptyAndMatchesNothing() {
        ApiKeys keys = new ApiKeys(null, " , ");

        assertThat(keys.isEmpty()).isTrue();
        assertThat(keys.matches("")).isFalse();
    }

    @Test
    void itsTextNeverShowsAKey() {
        assertThat(new ApiKeys("secret-value", "other-secret")).hasToString("ApiKeys[2 configured]");
    }

    @Test
    void onlyLoopbackAddressesCountAsLocal() {
        assertThat(LoopbackOnly.isLoopback("127.0.0.1")).isTrue();
        assertThat(LoopbackOnly.isLoopback("0:0:0:0:0:0:0:1")).isTrue();
        assertThat(LoopbackOnly.isLoopback("10.1.2.3")).isFalse();
        assertThat(LoopbackOnly.isLoopback(null)).isFalse();
    }
}
