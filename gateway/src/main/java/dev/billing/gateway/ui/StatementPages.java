package dev.billing.gateway.ui;

import dev.billing.gateway.staff.StaffPrincipal;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * A customer's statement of account for staff ({@code /customers/{id}/statement}), the same tables the customer sees in
 * the portal, each invoice and storno linking to its invoice page; and as a PDF in the staff member's language.
 */
@Controller
class StatementPages {
    private final ServiceCalls services;

    StatementPages(ServiceCalls services) {
        this.services = services;
    }

    @GetMapping("/customers/{id}/statement")
    String statement(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID id, @RequestParam(required = false) String from,
                     @RequestParam(required = false) String to, Model model) {
        Map<String, String> period = StatementQuery.period(from, to);
        ServiceCalls.Answer statement = services.get(user, "invoice", "/api/customers/" + id + "/statement", period);
        Map<String, String> documents = new LinkedHashMap<>();
        if (statement.ok()) {
            statement.body().path("currencies").forEach(currency -> currency.path("entries").forEach(entry -> {
                String invoiceId = entry.path("invoiceId").asString(null);
                if (invoiceId != null) {
                    documents.put(entry.path("kind").asString() + "/" + invoiceId, "/invoices/" + invoiceId);
                }
            }));
        }
        model.addAttribute("id", id).addAttribute("from", StatementQuery.shown(statement, "from", from))
                .addAttribute("to", StatementQuery.shown(statement, "to", to))
                .addAttribute("statement", statement.ok() ? statement.body() : null).addAttribute("documents", documents)
                .addAttribute("error", statement.ok() ? null : statement.problem());
        return "statement";
    }

    @GetMapping("/customers/{id}/statement.pdf")
    ResponseEntity<byte[]> statementPdf(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID id,
                                        @RequestParam(required = false) String from, @RequestParam(required = false) String to,
                                        Locale locale) {
        Map<String, String> query = new LinkedHashMap<>(StatementQuery.period(from, to));
        query.put("lang", locale.getLanguage());
        ServiceCalls.Document pdf = services.document(user, "invoice", "/api/customers/" + id + "/statement", query, MediaType.APPLICATION_PDF);
        if (!pdf.ok()) {
            return ResponseEntity.status(pdf.status() == 400 || pdf.status() == 404 ? pdf.status() : 502).build();
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF).header(HttpHeaders.CONTENT_DISPOSITION, pdf.disposition())
                .header(HttpHeaders.CACHE_CONTROL, "private, no-store").body(pdf.content());
    }
}
