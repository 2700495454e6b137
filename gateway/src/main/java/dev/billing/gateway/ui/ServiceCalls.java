package dev.billing.gateway.ui;

import dev.billing.gateway.auth.AccessTokens;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import dev.billing.gateway.staff.StaffPrincipal;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpEntity;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;
import org.springframework.web.util.UriComponentsBuilder;
import org.springframework.web.client.RestClientException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The UI's calls to the services' APIs, made as the signed-in staff member: each call carries a token with
 * their name and roles, so every service applies the same permissions as to any other caller. The calls go through
 * the services' circuit breakers ({@code ServiceBreakers}); a failing service leaves its part of the page with a message.
 */
@Component
class ServiceCalls {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final RestClient http;
    private final AccessTokens tokens;
    private final Map<String, String> services;

    ServiceCalls(RestClient.Builder http, AccessTokens tokens,
                 @Value("${BILLING_SERVICE_URL:http://localhost:8081}") String billing,
                 @Value("${INVOICE_SERVICE_URL:http://localhost:8082}") String invoice,
                 @Value("${REMINDER_SERVICE_URL:http://localhost:8083}") String reminder,
                 @Value("${PAYMENT_SERVICE_URL:http://localhost:8084}") String payment,
                 @Value("${NOTIFICATION_SERVICE_URL:http://localhost:8085}") String notification,
                 @Value("${DISPUTE_SERVICE_URL:http://localhost:8086}") String dispute,
                 @Value("${REPORTING_SERVICE_URL:http://localhost:8087}") String reporting) {
        // the client the gateway's routes use too (spring.http.clients: connect and read timeouts)
        this.http = http.build();
        this.tokens = tokens;
        this.services = Map.of("billing", billing, "invoice", invoice, "reminder", reminder, "payment", payment,
                "notification", notification, "dispute", dispute, "reporting", reporting);
    }

    /** A service's answer: its status, the JSON body (a problem+json on refusal), and the total of a paged list. */
    record Answer(int status, JsonNode body, long total) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        /** The service's message for a refusal: its problem's detail. */
        String problem() {
            return body.path("detail").asString("The service answered " + status);
        }

        /** The field a refusal names, if any. */
        String field() {
            return body.path("field").asString(null);
        }
    }

    Answer get(StaffPrincipal user, String service, String path, Map<String, ?> query) {
        return call(tokens.issue(user), HttpMethod.GET, service, path, query, null);
    }

    Answer post(StaffPrincipal user, String service, String path, Object body) {
        return call(tokens.issue(user), HttpMethod.POST, service, path, Map.of(), body);
    }

    Answer put(StaffPrincipal user, String service, String path, Object body) {
        return call(tokens.issue(user), HttpMethod.PUT, service, path, Map.of(), body);
    }

    /** A file sent as the body as it is (a bank statement), not as JSON. */
    Answer postFile(StaffPrincipal user, String service, String path, MediaType type, byte[] content) {
        return call(tokens.issue(user), HttpMethod.POST, service, path, Map.of(), new FileBody(type, content));
    }

    private record FileBody(MediaType type, byte[] content) {
    }

    /**
     * A form with files, as multipart/form-data: the part {@code jsonPart} holds {@code json} (application/json), and
     * each file is a part {@code files} with its name and type (dispute-service's messages and disputes).
     */
    Answer postWithFiles(String bearer, String service, String path, String jsonPart, Object json, List<MultipartFile> files) {
        MultiValueMap<String, Object> parts = new LinkedMultiValueMap<>();
        HttpHeaders jsonType = new HttpHeaders();
        jsonType.setContentType(MediaType.APPLICATION_JSON);
        parts.add(jsonPart, new HttpEntity<>(JSON.writeValueAsString(json), jsonType));
        for (MultipartFile file : files) {
            HttpHeaders fileType = new HttpHeaders();
            fileType.setContentType(MediaType.parseMediaType(file.getContentType() == null ? "application/octet-stream" : file.getContentType()));
            fileType.setContentDispositionFormData("files", file.getOriginalFilename());
            parts.add("files", new HttpEntity<>(file.getResource(), fileType));
        }
        return call(bearer, HttpMethod.POST, service, path, Map.of(), new Parts(parts));
    }

    Answer postWithFiles(StaffPrincipal user, String service, String path, String jsonPart, Object json, List<MultipartFile> files) {
        return postWithFiles(tokens.issue(user), service, path, jsonPart, json, files);
    }

    private record Parts(MultiValueMap<String, Object> parts) {
    }

    /** A call with a token of another kind: the portal's, for one customer, or the gateway's own. */
    Answer get(String bearer, String service, String path) {
        return call(bearer, HttpMethod.GET, service, path, Map.of(), null);
    }

    Answer get(String bearer, String service, String path, Map<String, ?> query) {
        return call(bearer, HttpMethod.GET, service, path, query, null);
    }

    Answer delete(String bearer, String service, String path) {
        return call(bearer, HttpMethod.DELETE, service, path, Map.of(), null);
    }

    Answer delete(StaffPrincipal user, String service, String path) {
        return call(tokens.issue(user), HttpMethod.DELETE, service, path, Map.of(), null);
    }

    Document document(StaffPrincipal user, String service, String path, Map<String, ?> query, MediaType accept) {
        return document(tokens.issue(user), service, path, query, accept);
    }

    /** A document as the service sent it (a PDF), or its refusal's status with no content. */
    record Document(int status, String contentType, String disposition, byte[] content) {
        boolean ok() {
            return status == 200;
        }
    }

    /** Fetches a document ({@code accept}: its type), through the service's circuit breaker like every other call. */
    Document document(String bearer, String service, String path, Map<String, ?> query, MediaType accept) {
        try {
            return http.get().uri(target(service, path, query)).header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer).accept(accept)
                    .exchange((req, response) -> response.getStatusCode().value() == 200
                            ? new Document(200, response.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE),
                            response.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION), response.getBody().readAllBytes())
                            : new Document(response.getStatusCode().value(), null, null, new byte[0]));
        } catch (CallNotPermittedException | RestClientException unavailable) {
            return new Document(503, null, null, new byte[0]);
        }
    }

    Answer post(String bearer, String service, String path, Object body) {
        return call(bearer, HttpMethod.POST, service, path, Map.of(), body);
    }

    private URI target(String service, String path, Map<String, ?> query) {
        // the values are template variables, so that encode() escapes everything in them ({, }, +, &, ...)
        UriComponentsBuilder uri = UriComponentsBuilder.fromUriString(services.get(service) + path);
        Map<String, Object> values = new java.util.HashMap<>();
        query.forEach((name, value) -> {
            if (value != null && !String.valueOf(value).isBlank()) {
                uri.queryParam(name, "{" + name + "}");
                values.put(name, value);
            }
        });
        return uri.encode().buildAndExpand(values).toUri();
    }

    private Answer call(String bearer, HttpMethod method, String service, String path, Map<String, ?> query, Object body) {
        RestClient.RequestBodySpec request = http.method(method).uri(target(service, path, query))
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer)
                .accept(MediaType.APPLICATION_JSON, MediaType.APPLICATION_PROBLEM_JSON);
        if (body instanceof Parts form) {
            request.contentType(MediaType.MULTIPART_FORM_DATA).body(form.parts());
        } else if (body instanceof FileBody file) {
            request.contentType(file.type()).body(file.content());
        } else if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(JSON.writeValueAsString(body));
        }
        try {
            return request.exchange((req, response) -> {
                String text = new String(response.getBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                JsonNode json = text.isBlank() ? JSON.nullNode() : JSON.readTree(text);
                String total = response.getHeaders().getFirst("X-Total-Count");
                return new Answer(response.getStatusCode().value(), json,
                        total != null && total.matches("\\d{1,18}") ? Long.parseLong(total) : json.size());
            });
        } catch (CallNotPermittedException breakerOpen) {
            return new Answer(503, JSON.createObjectNode().put("detail", service + "-service has been failing; the gateway lets it "
                    + "recover for a few seconds before calling it again"), 0);
        } catch (RestClientException | JacksonException unreachableOrGarbled) {
            // the page still renders, with the service's part replaced by this message
            return new Answer(502, JSON.createObjectNode().put("detail", service + "-service cannot be reached right now; try again later"), 0);
        }
    }
}
