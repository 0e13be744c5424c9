package dev.airesilience.server.security;

import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.core.Authentication;

/** Checks a presented key against {@link ApiKeys} in constant time. Being a bean, it also keeps Boot's default user away. */
final class ApiKeyAuthenticationProvider implements AuthenticationProvider {

    private final ApiKeys keys;

    ApiKeyAuthenticationProvider(ApiKeys keys) {
        this.keys = keys;
    }

    @Override
    public Authentication authenticate(Authentication presented) {
        if (!keys.matches((String) presented.getCredentials())) {
            throw new BadCredentialsException("Invalid API key");
        }
        return ApiKeyAuthentication.client();
    }

    @Override
    public boolean supports(Class<?> type) {
        return ApiKeyAuthentication.class.isAssignableFrom(type);
    }
}
