package dev.billing.gateway.ui;

import dev.billing.events.access.DocumentLinks;
import dev.billing.events.access.Role;
import dev.billing.gateway.auth.AccessTokens;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.server.ResponseStatusException;
import tools.jackson.databind.JsonNode;

/**
 * The customer portal, {@code /p/{token}}: a payment link ({@link DocumentLinks}, kind {@code INVOICE_PAYMENT} or
 * {@code ACCOUNT_PAYMENT}) opens, without a login, what the customer has to pay: that one invoice, or all their open
 * invoices, per currency, with a button that starts the payment at the provider. Every call to payment-service is made
 * with a portal token for that customer alone (role CUSTOMER), so the portal can show nothing of anyone else; a
 * tampered, foreign or expired link is a 404 that says nothing more.
 */
@Controller
class PortalPages {
    private final DocumentLinks links;
    private final AccessTokens tokens;
    private final ServiceCalls services;
    private final Clock clock;
    private final String publicBaseUrl;

    PortalPages(@Value("${LINK_SIGNING_KEYS:" + DocumentLinks.LOCAL_ONLY_KEY + "}") String keys, AccessTokens tokens, ServiceCalls services,
                Clock gatewayClock, @Value("${PUBLIC_BASE_URL:http://localhost:8080}") String publicBaseUrl) {
        this.links = DocumentLinks.withKeys(keys);
        this.tokens = tokens;
        this.services = services;
        this.clock = gatewayClock;
        this.publicBaseUrl = publicBaseUrl;
    }

    /** What a link is for: whose it is, and which invoice it names (null: all of theirs). */
    private record Opened(UUID customerId, UUID invoiceId) {
    }

    @GetMapping("/p/{token}")
    String portal(@PathVariable String token, Model model, HttpServletResponse response) {
        Optional<Opened> opened = open(token);
        return opened.isEmpty() ? invalid(response) : page(token, opened.get(), model, null);
    }

    @PostMapping("/p/{token}/pay")
    String pay(@PathVariable String token, @RequestParam String currency, Model model, HttpServletRequest request,
               HttpServletResponse response) {
        Optional<Opened> link = open(token);
        if (link.isEmpty()) {
            return invalid(response);
        }
        Opened opened = link.get();
        Map<String, Object> checkout = new LinkedHashMap<>();
        checkout.put("currency", currency);
        checkout.put("invoiceIds", opened.invoiceId() == null ? List.of() : List.of(opened.invoiceId()));
        checkout.put("returnUrl", publicBaseUrl + "/p/" + token + "/done");
        // providers ask for the paying browser's address (fraud checks)
        checkout.put("customerIp", request.getRemoteAddr());
        ServiceCalls.Answer started = services.post(tokens.issueForCustomer(opened.customerId()), "payment", "/api/portal/checkouts", checkout);
        if (!started.ok()) {
            return page(token, opened, model, started.problem());
        }
        return "redirect:" + started.body().path("redirectUrl").asString();
    }

    @GetMapping("/p/{token}/done")
    String done(@PathVariable String token, @RequestParam UUID checkout, Model model, HttpServletResponse response) {
        Optional<Opened> opened = open(token);
        if (opened.isEmpty()) {
            return invalid(response);
        }
        ServiceCalls.Answer answer = services.get(tokens.issueForCustomer(opened.get().customerId()), "payment",
                "/api/portal/checkouts/" + checkout);
        if (answer.status() == 404) {
            return invalid(response);
        }
        model.addAttribute("token", token).addAttribute("checkout", answer.ok() ? answer.body() : null)
                .addAttribute("error", answer.ok() ? null : answer.problem());
        return "portal-done";
    }

    private String page(String token, Opened opened, Model model, String error) {
        ServiceCalls.Answer open = services.get(tokens.issueForCustomer(opened.customerId()), "payment", "/api/portal/invoices");
        Map<String, List<JsonNode>> byCurrency = new LinkedHashMap<>();
        if (open.ok()) {
            for (JsonNode invoice : open.body()) {
                if (opened.invoiceId() == null || opened.invoiceId().toString().equals(invoice.path("invoiceId").asString())) {
                    byCurrency.computeIfAbsent(invoice.path("currency").asString(), c -> new ArrayList<>()).add(invoice);
                }
            }
        }
        Map<String, java.math.BigDecimal> totals = new LinkedHashMap<>();
        byCurrency.forEach((currency, invoices) -> totals.put(currency, invoices.stream()
                .map(i -> new java.math.BigDecimal(i.path("openAmount").asString())).reduce(java.math.BigDecimal.ZERO, java.math.BigDecimal::add)));
        model.addAttribute("token", token).addAttribute("byCurrency", byCurrency).addAttribute("totals", totals)
                .addAttribute("single", opened.invoiceId() != null)
                .addAttribute("error", open.ok() ? error : open.problem());
        return "portal";
    }

    /** The link's customer and invoice; empty when the link is not a valid payment link (or its invoice is unknown). */
    private Optional<Opened> open(String token) {
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
    private static String invalid(HttpServletResponse response) {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        return "portal-invalid";
    }
}
