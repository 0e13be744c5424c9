package dev.airesilience.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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
    void aBlankApiKeyIsRefusedRatherThanStartingWithoutKeys() {
        for (String blank : new String[] {"", " ", "   ", "\t", " \n "}) {
            assertThatIllegalArgumentException().isThrownBy(() -> new ApiKeys(blank, null))
                    .withMessage("API_KEY is set but blank: set a key of visible ASCII characters ('!' to '~'), "
                            + "or unset it to run without keys");
        }
    }

    @Test
    void aKeyWithCharactersAHeaderCannotCarryIsRefusedWithoutShowingIt() {
        assertThatIllegalArgumentException().isThrownBy(() -> new ApiKeys("schlüssel-Geheim-42", null))
                .withMessage("API_KEY must contain only visible ASCII characters ('!' to '~'), which clients can send "
                        + "in an HTTP header; it has 1 other character(s)");
        assertThatIllegalArgumentException().isThrownBy(() -> new ApiKeys("two words", null))
                .withMessageStartingWith("API_KEY must contain only visible ASCII").withMessageNotContaining("words");
        assertThatIllegalArgumentException().isThrownBy(() -> new ApiKeys("fine-key", "ok-key,,clé-secrète"))
                .withMessageStartingWith("ADDITIONAL_API_KEYS entry 3 must contain only visible ASCII characters")
                .withMessageEndingWith("it has 2 other character(s)").withMessageNotContaining("secr");
        assertThatIllegalArgumentException().isThrownBy(() -> new ApiKeys(null, "ok-key,bad\u0000key"))
                .withMessageStartingWith("ADDITIONAL_API_KEYS entry 2 must contain only visible ASCII");
    }

    @Test
    void emptyEntriesOfTheAdditionalKeysAreIgnored() {
        assertThat(new ApiKeys("primary", ",, ,second,").count()).isEqualTo(2);
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
