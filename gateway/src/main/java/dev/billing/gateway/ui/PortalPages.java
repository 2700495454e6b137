package dev.billing.gateway.ui;

import dev.billing.events.access.DocumentLinks;
import dev.billing.gateway.auth.AccessTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import dev.billing.gateway.ui.PortalLinks.Opened;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import tools.jackson.databind.JsonNode;

/**
 * The customer portal, {@code /p/{token}}: a payment link ({@link DocumentLinks}, kind {@code INVOICE_PAYMENT} or
 * {@code ACCOUNT_PAYMENT}) opens, without a login, what the customer has to pay: that one invoice, or all their open
 * invoices, per currency, with a button that starts the payment at the provider (optionally saving the card for
 * automatic payments, which the customer can stop here); and their statement of account for a period, with the PDFs of
 * its invoices and stornos, and as a PDF itself. Every call to a service is made with a portal token for that customer
 * alone (role CUSTOMER), so the portal can show nothing of anyone else; a tampered, foreign or expired link is a 404
 * that says nothing more. The pages speak tr, en and hu ({@code ?lang=}, as the staff UI).
 */
@Controller
class PortalPages {
    private final DocumentLinks links;
    private final AccessTokens tokens;
    private final ServiceCalls services;
    private final Clock clock;
    private final String publicBaseUrl;
    private final PortalLinks portalLinks;

    PortalPages(PortalLinks portalLinks, @Value("${LINK_SIGNING_KEYS:" + DocumentLinks.LOCAL_ONLY_KEY + "}") String keys, AccessTokens tokens, ServiceCalls services,
                Clock gatewayClock, @Value("${PUBLIC_BASE_URL:http://localhost:8080}") String publicBaseUrl) {
        this.links = DocumentLinks.withKeys(keys);
        this.tokens = tokens;
        this.services = services;
        this.clock = gatewayClock;
        this.publicBaseUrl = publicBaseUrl;
        this.portalLinks = portalLinks;
    }

    @GetMapping("/p/{token}")
    String portal(@PathVariable String token, Model model, HttpServletResponse response) {
        Optional<Opened> opened = open(token);
        return opened.isEmpty() ? invalid(response) : page(token, opened.get(), model, null);
    }

    @PostMapping("/p/{token}/pay")
    String pay(@PathVariable String token, @RequestParam String currency, @RequestParam(defaultValue = "false") boolean saveCard,
               Model model, HttpServletRequest request, HttpServletResponse response) {
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
        checkout.put("saveCard", saveCard);
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

    /** The customer stops automatic payments: the saved card is not charged again. */
    @PostMapping("/p/{token}/saved-cards/{cardId}/remove")
    String removeCard(@PathVariable String token, @PathVariable UUID cardId, Model model, HttpServletResponse response) {
        Optional<Opened> opened = open(token);
        if (opened.isEmpty()) {
            return invalid(response);
        }
        ServiceCalls.Answer removed = services.delete(tokens.issueForCustomer(opened.get().customerId()), "payment",
                "/api/portal/saved-cards/" + cardId);
        return removed.ok() ? "redirect:/p/" + token : page(token, opened.get(), model, removed.problem());
    }

    /** The statement of account for {@code from} to {@code to} (by default from the year's first day to today). */
    @GetMapping("/p/{token}/statement")
    String statement(@PathVariable String token, @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                     Model model, HttpServletResponse response) {
        Optional<Opened> opened = open(token);
        if (opened.isEmpty()) {
            return invalid(response);
        }
        Map<String, String> period = StatementQuery.period(from, to);
        ServiceCalls.Answer statement = services.get(tokens.issueForCustomer(opened.get().customerId()), "invoice", "/api/portal/statement",
                period);
        // each invoice and storno on it opens its PDF by a signed document link, as the emails do
        Map<String, String> documents = new LinkedHashMap<>();
        Instant expires = clock.instant().plus(Duration.ofDays(1));
        if (statement.ok()) {
            statement.body().path("currencies").forEach(currency -> currency.path("entries").forEach(entry -> {
                String kind = entry.path("kind").asString();
                String invoiceId = entry.path("invoiceId").asString(null);
                if (invoiceId != null && (kind.equals("INVOICE") || kind.equals("STORNO"))) {
                    documents.put(kind + "/" + invoiceId, "/d/" + links.token(kind.equals("INVOICE") ? DocumentLinks.Kind.INVOICE_PDF
                            : DocumentLinks.Kind.STORNO_PDF, UUID.fromString(invoiceId), expires));
                }
            }));
        }
        model.addAttribute("token", token).addAttribute("from", StatementQuery.shown(statement, "from", from))
                .addAttribute("to", StatementQuery.shown(statement, "to", to))
                .addAttribute("statement", statement.ok() ? statement.body() : null).addAttribute("documents", documents)
                .addAttribute("error", statement.ok() ? null : statement.problem());
        return "portal-statement";
    }

    @GetMapping("/p/{token}/statement.pdf")
    ResponseEntity<byte[]> statementPdf(@PathVariable String token, @RequestParam(required = false) String from,
                                        @RequestParam(required = false) String to, Locale locale) {
        Optional<Opened> opened = open(token);
        if (opened.isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        Map<String, String> query = new LinkedHashMap<>(StatementQuery.period(from, to));
        query.put("lang", locale.getLanguage());
        ServiceCalls.Document pdf = services.document(tokens.issueForCustomer(opened.get().customerId()), "invoice", "/api/portal/statement",
                query, MediaType.APPLICATION_PDF);
        if (!pdf.ok()) {
            return ResponseEntity.status(pdf.status() == 400 ? 400 : pdf.status() == 404 ? 404 : 502).build();
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF).header(HttpHeaders.CONTENT_DISPOSITION, pdf.disposition())
                .header(HttpHeaders.CACHE_CONTROL, "private, no-store").body(pdf.content());
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
        ServiceCalls.Answer cards = services.get(tokens.issueForCustomer(opened.customerId()), "payment", "/api/portal/saved-cards");
        PortalDisputePages.onPortal(services, tokens.issueForCustomer(opened.customerId()), opened, byCurrency, model);
        model.addAttribute("token", token).addAttribute("byCurrency", byCurrency).addAttribute("totals", totals)
                .addAttribute("single", opened.invoiceId() != null)
                .addAttribute("savingOffered", cards.ok() && cards.body().path("savingOffered").asBoolean())
                .addAttribute("card", cards.ok() && !cards.body().path("cards").isEmpty() ? cards.body().path("cards").get(0) : null)
                .addAttribute("error", open.ok() ? error : open.problem());
        return "portal";
    }

    private Optional<Opened> open(String token) {
        return portalLinks.open(token);
    }

    /** A tampered, foreign or expired link, said without telling more: 404. */
    private static String invalid(HttpServletResponse response) {
        response.setStatus(HttpStatus.NOT_FOUND.value());
        return "portal-invalid";
    }
}
