package dev.billing.gateway.links;

import dev.billing.events.access.DocumentLinks;
import dev.billing.events.access.Role;
import dev.billing.gateway.auth.AccessTokens;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

/**
 * {@code GET /d/{token}}: a customer's signed link ({@link DocumentLinks}) opens that one document without a
 * login. The gateway checks the signature and expiry, then fetches the document from its service with a
 * short-lived token of its own (VIEWER). A link that is tampered with, signed with an unknown key or
 * expired is a 404: it says nothing about whether the document exists.
 */
@RestController
class DocumentLinkController {
    private final DocumentLinks links;
    private final AccessTokens tokens;
    private final RestClient invoiceService;
    private final Clock clock;

    DocumentLinkController(@Value("${LINK_SIGNING_KEYS:" + DocumentLinks.LOCAL_ONLY_KEY + "}") String keys, AccessTokens tokens,
                           RestClient.Builder http, @Value("${INVOICE_SERVICE_URL:http://localhost:8082}") String invoiceServiceUrl,
                           Clock gatewayClock) {
        this.clock = gatewayClock;
        this.links = DocumentLinks.withKeys(keys);
        this.tokens = tokens;
        this.invoiceService = http.baseUrl(invoiceServiceUrl).build();
    }

    @GetMapping("/d/{token}")
    ResponseEntity<?> open(@PathVariable String token) {
        // a payment link opens the portal (/p/), not a document
        return links.open(token, clock.instant()).filter(document -> !document.kind().payment())
                .<ResponseEntity<?>>map(document -> invoiceService.get().uri(document.kind().path(), document.id())
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.issue("gateway-document-links", "document link", Role.VIEWER))
                        .exchange((request, response) -> {
                            if (response.getStatusCode().is2xxSuccessful()) {
                                return ResponseEntity.ok()
                                        .header(HttpHeaders.CONTENT_TYPE, response.getHeaders().getFirst(HttpHeaders.CONTENT_TYPE))
                                        .header(HttpHeaders.CONTENT_DISPOSITION, response.getHeaders().getFirst(HttpHeaders.CONTENT_DISPOSITION))
                                        .header(HttpHeaders.CACHE_CONTROL, "private, no-store")
                                        .body(response.bodyTo(byte[].class));
                            }
                            if (response.getStatusCode().value() == 404) {
                                return notFound();
                            }
                            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_GATEWAY,
                                    "The document cannot be fetched right now (" + response.getStatusCode().value() + "); try again later");
                            problem.setTitle("Bad gateway");
                            return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(problem);
                        }))
                .orElseGet(DocumentLinkController::notFound);
    }

    private static ResponseEntity<?> notFound() {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "This link is invalid or has expired");
        problem.setTitle("Not found");
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
    }
}
