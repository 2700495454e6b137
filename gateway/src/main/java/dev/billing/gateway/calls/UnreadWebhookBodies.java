package dev.billing.gateway.calls;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Collections;
import java.util.Enumeration;
import java.util.Map;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The providers' webhooks ({@code /webhooks/*}) reach the service byte for byte. A route builds the forwarded URL from
 * the request's parameters, and for a form post (Twilio's callbacks) the servlet container counts the body's fields
 * among them: reading them would move the form into the query string and forward an empty body. So the body is read
 * first, as it came, and the request shows only its query string's parameters.
 */
@Configuration(proxyBeanMethods = false)
class UnreadWebhookBodies {
    /** The largest webhook body forwarded. */
    static final int MAX_BODY = 64 * 1024;

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> webhookBodiesAsTheyCame() {
        FilterRegistrationBean<OncePerRequestFilter> registration = new FilterRegistrationBean<>(new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                // a public path: a report is a few KB, and nothing larger is read into memory
                byte[] body = request.getInputStream().readNBytes(MAX_BODY + 1);
                if (body.length > MAX_BODY) {
                    response.sendError(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "a webhook's body is at most " + MAX_BODY + " bytes");
                    return;
                }
                chain.doFilter(new BodyAsItCame(request, body), response);
            }
        });
        registration.addUrlPatterns("/webhooks/*");
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    private static final class BodyAsItCame extends HttpServletRequestWrapper {
        private final byte[] body;
        private final Map<String, String[]> queryParameters;

        BodyAsItCame(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
            this.queryParameters = Collections.unmodifiableMap(UriComponentsBuilder.newInstance().query(request.getQueryString()).build()
                    .getQueryParams().entrySet().stream().collect(java.util.stream.Collectors.toMap(Map.Entry::getKey,
                            e -> e.getValue().stream().map(v -> v == null ? "" : java.net.URLDecoder.decode(v, java.nio.charset.StandardCharsets.UTF_8))
                                    .toArray(String[]::new))));
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("the body is already read");
                }

                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }
            };
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }

        @Override
        public String getParameter(String name) {
            String[] values = queryParameters.get(name);
            return values == null || values.length == 0 ? null : values[0];
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            return queryParameters;
        }

        @Override
        public Enumeration<String> getParameterNames() {
            return Collections.enumeration(queryParameters.keySet());
        }

        @Override
        public String[] getParameterValues(String name) {
            return queryParameters.get(name);
        }
    }
}
