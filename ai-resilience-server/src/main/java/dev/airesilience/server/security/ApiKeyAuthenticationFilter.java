package dev.airesilience.server.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.security.web.authentication.AuthenticationConverter;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Authenticates a request that carries an API key. A wrong key leaves the request anonymous (marked, so the 401
 * can say "invalid" rather than "missing"): routes that need no key, such as health, still answer it. Runs on
 * every dispatch, async ones included, because nothing is kept between them (stateless).
 */
final class ApiKeyAuthenticationFilter extends OncePerRequestFilter {

    /** Request attribute set when a key was presented and refused. */
    static final String REFUSED_KEY = ApiKeyAuthenticationFilter.class.getName() + ".refused";

    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();
    private final AuthenticationConverter converter;
    private final AuthenticationManager manager;

    ApiKeyAuthenticationFilter(AuthenticationConverter converter, AuthenticationManager manager) {
        this.converter = converter;
        this.manager = manager;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication presented = converter.convert(request);
        if (presented != null) {
            try {
                SecurityContext context = contexts.createEmptyContext();
                context.setAuthentication(manager.authenticate(presented));
                contexts.setContext(context);
            } catch (AuthenticationException refused) {
                request.setAttribute(REFUSED_KEY, Boolean.TRUE);
            }
        }
        chain.doFilter(request, response);
    }

    @Override
    protected boolean shouldNotFilterAsyncDispatch() {
        return false;
    }

    @Override
    protected boolean shouldNotFilterErrorDispatch() {
        return false;
    }
}
