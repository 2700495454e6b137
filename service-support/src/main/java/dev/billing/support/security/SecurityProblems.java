package dev.billing.support.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import tools.jackson.databind.json.JsonMapper;

/**
 * A refused request gets problem+json like every other error: 401 when the token is missing, expired, or
 * not the gateway's (with the standard {@code WWW-Authenticate: Bearer ...} header), 403 when its roles do
 * not allow the call.
 */
public final class SecurityProblems implements AuthenticationEntryPoint, AccessDeniedHandler {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final BearerTokenAuthenticationEntryPoint bearerEntryPoint = new BearerTokenAuthenticationEntryPoint();
    private final BearerTokenAccessDeniedHandler bearerDenied = new BearerTokenAccessDeniedHandler();

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e) throws IOException {
        bearerEntryPoint.commence(request, response, e);
        write(request, response, HttpStatus.UNAUTHORIZED, "Unauthorized", request.getHeader("Authorization") == null
                ? "This endpoint needs an access token: Authorization: Bearer <token> (POST /oauth2/token at the gateway)"
                : "The access token is invalid or has expired; get a new one (POST /oauth2/token at the gateway)");
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e) throws IOException {
        bearerDenied.handle(request, response, e);
        write(request, response, HttpStatus.FORBIDDEN, "Forbidden",
                "Your roles do not allow " + request.getMethod() + " " + request.getRequestURI());
    }

    /** The same fields as the services' other problem+json answers (Spring's ProblemDetail as MVC writes it). */
    private static void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String title,
                              String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("instance", request.getRequestURI());
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.getWriter().write(JSON.writeValueAsString(problem));
    }
}
