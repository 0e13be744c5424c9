package dev.airesilience.server.security;

import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A request's API key: unauthenticated as presented, or an authenticated API client. The authenticated form keeps
 * no key, so nothing downstream (logs, health details, error bodies) can echo it.
 */
final class ApiKeyAuthentication extends AbstractAuthenticationToken {

    private static final long serialVersionUID = 1L;

    static final String CLIENT = "api-key-client";

    private final String presentedKey;

    private ApiKeyAuthentication(String presentedKey, boolean authenticated) {
        super(authenticated ? List.of(new SimpleGrantedAuthority("API_CLIENT")) : List.of());
        this.presentedKey = presentedKey;
        setAuthenticated(authenticated);
    }

    static ApiKeyAuthentication presented(String key) {
        return new ApiKeyAuthentication(key, false);
    }

    static ApiKeyAuthentication client() {
        return new ApiKeyAuthentication(null, true);
    }

    @Override
    public Object getCredentials() {
        return presentedKey;
    }

    @Override
    public Object getPrincipal() {
        return CLIENT;
    }

    @Override
    public String toString() {
        return "ApiKeyAuthentication[" + (isAuthenticated() ? "authenticated" : "presented") + "]";
    }
}
