package dev.billing.gateway.ui;

import dev.billing.events.access.DocumentLinks;
import dev.billing.events.access.Role;
import dev.billing.gateway.auth.AccessTokens;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;

/**
 * The portal's signed links ({@code /p/{token}}, {@link DocumentLinks} of kind {@code INVOICE_PAYMENT} or
 * {@code ACCOUNT_PAYMENT}): whose they are and which invoice they name. Shared by the portal's pages.
 */
@Component
class PortalLinks {
    private final DocumentLinks links;
    private final AccessTokens tokens;
    private final ServiceCalls services;
    private final Clock clock;

    PortalLinks(@Value("${LINK_SIGNING_KEYS:" + DocumentLinks.LOCAL_ONLY_KEY + "}") String keys, AccessTokens tokens, ServiceCalls services,
                Clock gatewayClock) {
        this.links = DocumentLinks.withKeys(keys);
        this.tokens = tokens;
        this.services = services;
        this.clock = gatewayClock;
    }

    /** What a link is for: whose it is, and which invoice it names (null: all of theirs). */
    record Opened(UUID customerId, UUID invoiceId) {
        /** Whether this link reaches that invoice: an invoice's link reaches that invoice only. */
        boolean reaches(String invoice) {
            return invoiceId == null || invoiceId.toString().equals(invoice);
        }
    }

    /** The link's customer and invoice; empty when the link is not a valid payment link (or its invoice is unknown). */
    Optional<Opened> open(String token) {
        Optional<DocumentLinks.Document> link = links.open(token, clock.instant()).filter(document -> document.kind().payment());
        if (link.isEmpty()) {
            return Optional.empty();
        }
        if (link.get().kind() == DocumentLinks.Kind.ACCOUNT_PAYMENT) {
            return Optional.of(new Opened(link.get().id(), null));
        }
        // an invoice's link: whose invoice it is, asked with the gateway's own token
        ServiceCalls.Answer invoice = services.get(tokens.issue("gateway-payment-links", "payment link", Role.VIEWER), "payment",
                "/api/payments/invoices/" + link.get().id());
        if (invoice.status() == 404) {
            return Optional.empty();
        }
        if (!invoice.ok()) {
            throw new ResponseStatusException(HttpStatus.SERVICE_UNAVAILABLE, invoice.problem());
        }
        return Optional.of(new Opened(UUID.fromString(invoice.body().path("customerId").asString()), link.get().id()));
    }

    /** A tampered, foreign or expired link, said without telling more: 404. */
    static String invalid(HttpServletResponse response) {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        return "portal-invalid";
    }
}
