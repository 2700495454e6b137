package dev.billing.gateway.ui;

import dev.billing.events.access.Role;
import dev.billing.gateway.auth.AccessTokens;
import dev.billing.gateway.ui.PortalLinks.Opened;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.multipart.MultipartHttpServletRequest;
import org.springframework.web.util.WebUtils;
import tools.jackson.databind.JsonNode;

/**
 * Disputes in the customer portal ({@code /p/{token}/...}, the signed link as for {@link PortalPages}): on each open
 * invoice "dispute this invoice" with its 8-day objection window (TTK 21/2), the form (reason, the whole invoice or a
 * part amount, or some lines, a message, up to 5 files), and the dispute's page: the thread (never an internal
 * note: dispute-service leaves them out of portal views), a reply with files and "send me a copy of the invoice",
 * withdrawing, the attachments, and the outcome. Every call to dispute-service carries a portal token for the link's
 * customer alone; an invoice's link reaches that invoice's disputes only. The service's refusals are shown on the page
 * (its problem's detail); a foreign, tampered or expired link is the invalid page and posts nothing.
 */
@Controller
class PortalDisputePages {
    static final List<String> REASONS = List.of("AMOUNT", "PRICE", "TERMS", "QUANTITY", "DAMAGED", "RETURNED", "NOT_RECEIVED", "OTHER");
    /** The most invoices of one portal page whose objection windows are asked for. */
    private static final int WINDOWS = 20;
    private final PortalLinks links;
    private final AccessTokens tokens;
    private final ServiceCalls services;
    private final MessageSource messages;

    PortalDisputePages(PortalLinks links, AccessTokens tokens, ServiceCalls services, MessageSource messages) {
        this.links = links;
        this.tokens = tokens;
        this.services = services;
        this.messages = messages;
    }

    /**
     * The portal's invoice list gets, per invoice, its objection window and whether a dispute of it is open
     * ({@code windows}), and the customer's disputes ({@code disputes}); a failing dispute-service leaves the rest as it is.
     */
    static void onPortal(ServiceCalls services, String bearer, Opened opened, Map<String, List<JsonNode>> byCurrency, Model model) {
        Map<String, JsonNode> windows = new LinkedHashMap<>();
        byCurrency.values().stream().flatMap(List::stream).limit(WINDOWS).forEach(invoice -> {
            String id = invoice.path("invoiceId").asString();
            ServiceCalls.Answer window = services.get(bearer, "dispute", "/api/portal/disputes/invoices/" + id);
            if (window.ok()) {
                windows.put(id, window.body());
            }
        });
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("invoiceId", opened.invoiceId());
        ServiceCalls.Answer disputes = services.get(bearer, "dispute", "/api/portal/disputes", query);
        // an invoice with a dispute that is not over: its page instead of a new dispute
        Map<String, String> openDisputes = new LinkedHashMap<>();
        windows.forEach((id, window) -> openDispute(window).ifPresent(dispute -> openDisputes.put(id, dispute)));
        model.addAttribute("windows", windows).addAttribute("openDisputes", openDisputes)
                .addAttribute("disputes", disputes.ok() ? disputes.body().path("items") : List.of());
    }

    /** Whether the invoice has a dispute that is not over. */
    static boolean disputed(JsonNode window) {
        return openDispute(window).isPresent();
    }

    /** The id of the invoice's dispute that is not over, if it has one. */
    static Optional<String> openDispute(JsonNode window) {
        for (JsonNode dispute : window.path("disputes")) {
            String status = dispute.path("status").asString();
            if (status.equals("OPEN") || status.equals("UNDER_REVIEW")) {
                return Optional.of(dispute.path("id").asString());
            }
        }
        return Optional.empty();
    }

    @GetMapping("/p/{token}/invoices/{invoiceId}/dispute")
    String form(@PathVariable String token, @PathVariable UUID invoiceId, Model model, HttpServletResponse response) {
        Optional<Opened> opened = links.open(token).filter(o -> o.reaches(invoiceId.toString()));
        if (opened.isEmpty()) {
            return PortalLinks.invalid(response);
        }
        return formPage(token, opened.get(), invoiceId, Map.of(), null, model, response);
    }

    private String formPage(String token, Opened opened, UUID invoiceId, Map<String, String> typed, String error, Model model,
                            HttpServletResponse response) {
        ServiceCalls.Answer window = services.get(tokens.issueForCustomer(opened.customerId()), "dispute",
                "/api/portal/disputes/invoices/" + invoiceId);
        if (window.status() == 404) {
            return PortalLinks.invalid(response);
        }
        // the invoice's lines, to dispute some of them: the window's answer (for this customer's token) shows it is theirs
        ServiceCalls.Answer invoice = window.ok() ? invoice(invoiceId) : null;
        String status = window.ok() ? window.body().path("status").asString() : "";
        model.addAttribute("token", token).addAttribute("invoiceId", invoiceId.toString())
                .addAttribute("window", window.ok() ? window.body() : null)
                .addAttribute("lines", invoice != null && invoice.ok() ? invoice.body().path("lines") : List.of())
                // dispute-service names the invoices it knows OPEN (or ISSUED, PARTIALLY_PAID); a settled one is PAID or CANCELLED
                .addAttribute("mayDispute", window.ok() && !List.of("PAID", "CANCELLED", "UNSEEN", "TO_BE_ISSUED", "").contains(status)
                        && !disputed(window.body()))
                .addAttribute("reasons", REASONS).addAttribute("typed", typed)
                .addAttribute("error", window.ok() ? error : window.problem());
        return "portal-dispute-new";
    }

    @PostMapping("/p/{token}/disputes")
    String open(@PathVariable String token, @RequestParam Map<String, String> form, HttpServletRequest request, Model model,
                HttpServletResponse response) {
        String invoice = form.getOrDefault("invoiceId", "");
        Optional<Opened> opened = links.open(token).filter(o -> o.reaches(invoice));
        UUID invoiceId = uuid(invoice);
        if (opened.isEmpty() || invoiceId == null) {
            return PortalLinks.invalid(response);
        }
        if (request.getAttribute(DisputeUploads.REFUSED) != null) {
            return formPage(token, opened.get(), invoiceId, form, text((String) request.getAttribute(DisputeUploads.REFUSED)), model, response);
        }
        boolean byLines = "LINES".equals(form.get("scope"));
        if (byLines && ticked(form).isEmpty()) {
            return formPage(token, opened.get(), invoiceId, form, text("portal.disputeNoLines"), model, response);
        }
        // the page runs no script, so ticking a line does not choose "some lines": say so rather than drop the lines
        if (!byLines && !ticked(form).isEmpty()) {
            return formPage(token, opened.get(), invoiceId, form, text("portal.disputeLinesNeedScope"), model, response);
        }
        Map<String, Object> dispute = opening(invoiceId, form);
        List<MultipartFile> files = files(request);
        String bearer = tokens.issueForCustomer(opened.get().customerId());
        ServiceCalls.Answer answer = files.isEmpty() ? services.post(bearer, "dispute", "/api/portal/disputes", dispute)
                : services.postWithFiles(bearer, "dispute", "/api/portal/disputes", "dispute", dispute, files);
        if (!answer.ok()) {
            return formPage(token, opened.get(), invoiceId, form, answer.problem(), model, response);
        }
        return "redirect:/p/" + token + "/disputes/" + answer.body().path("id").asString();
    }

    /** The invoice as invoice-service has it (its lines), asked as the gateway's portal: the caller knows it is the link's. */
    private ServiceCalls.Answer invoice(UUID invoiceId) {
        return services.get(tokens.issue("gateway-portal-disputes", "portal disputes", Role.VIEWER), "invoice", "/api/invoices/" + invoiceId);
    }

    /** The positions (0-based, as invoice- and dispute-service count them) of the lines ticked on the form, in order. */
    static List<Integer> ticked(Map<String, String> form) {
        List<Integer> lines = new ArrayList<>();
        form.forEach((name, value) -> {
            if (name.matches("line\\.\\d{1,4}") && !value.isBlank()) {
                lines.add(Integer.parseInt(name.substring(5)));
            }
        });
        lines.sort(null);
        return lines;
    }

    /**
     * The dispute as the form gives it, by its scope: {@code WHOLE} the whole invoice (neither amount nor lines),
     * {@code PART} the amount, {@code LINES} (or no scope) the lines ticked, each for the quantity typed or, without one,
     * the whole line (dispute-service reads a line without quantity so). dispute-service refuses an amount and lines together.
     */
    static Map<String, Object> opening(UUID invoiceId, Map<String, String> form) {
        Map<String, Object> dispute = new LinkedHashMap<>();
        dispute.put("invoiceId", invoiceId.toString());
        dispute.put("reason", form.getOrDefault("reason", ""));
        String scope = form.getOrDefault("scope", "");
        if (scope.equals("PART")) {
            dispute.put("amount", form.getOrDefault("amount", "").strip());
        } else if (!scope.equals("WHOLE")) {
            List<Map<String, Object>> lines = new ArrayList<>();
            for (int line : ticked(form)) {
                Map<String, Object> disputed = new LinkedHashMap<>();
                disputed.put("line", line);
                String quantity = form.getOrDefault("quantity." + line, "").strip();
                if (!quantity.isEmpty()) {
                    disputed.put("quantity", quantity);
                }
                lines.add(disputed);
            }
            if (!lines.isEmpty()) {
                dispute.put("lines", lines);
            }
        }
        dispute.put("message", form.getOrDefault("message", ""));
        return dispute;
    }

    @GetMapping("/p/{token}/disputes/{id}")
    String dispute(@PathVariable String token, @PathVariable UUID id, @RequestParam(required = false) String sent, Model model,
                   HttpServletResponse response) {
        Optional<Opened> opened = links.open(token);
        return opened.isEmpty() ? PortalLinks.invalid(response)
                : page(token, opened.get(), id, Map.of(), null, sent == null ? null : "disputes.sent", model, response);
    }

    private String page(String token, Opened opened, UUID id, Map<String, String> typed, String error, String notice, Model model,
                        HttpServletResponse response) {
        ServiceCalls.Answer dispute = services.get(tokens.issueForCustomer(opened.customerId()), "dispute", "/api/portal/disputes/" + id);
        if (dispute.status() == 404 || (dispute.ok() && !opened.reaches(dispute.body().path("invoiceId").asString()))) {
            return PortalLinks.invalid(response);
        }
        String status = dispute.ok() ? dispute.body().path("status").asString() : "";
        model.addAttribute("token", token).addAttribute("dispute", dispute.ok() ? dispute.body() : null)
                .addAttribute("active", status.equals("OPEN") || status.equals("UNDER_REVIEW"))
                .addAttribute("typed", typed).addAttribute("notice", notice)
                .addAttribute("error", dispute.ok() ? error : dispute.problem());
        return "portal-dispute";
    }

    @PostMapping("/p/{token}/disputes/{id}/messages")
    String reply(@PathVariable String token, @PathVariable UUID id, @RequestParam Map<String, String> form, HttpServletRequest request,
                 Model model, HttpServletResponse response) {
        Optional<Opened> opened = reachable(token, id);
        if (opened.isEmpty()) {
            return PortalLinks.invalid(response);
        }
        if (request.getAttribute(DisputeUploads.REFUSED) != null) {
            return page(token, opened.get(), id, form, text((String) request.getAttribute(DisputeUploads.REFUSED)), null, model, response);
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("body", form.getOrDefault("body", ""));
        message.put("requestInvoiceCopy", "true".equals(form.get("requestInvoiceCopy")));
        List<MultipartFile> files = files(request);
        String bearer = tokens.issueForCustomer(opened.get().customerId());
        String path = "/api/portal/disputes/" + id + "/messages";
        ServiceCalls.Answer answer = files.isEmpty() ? services.post(bearer, "dispute", path, message)
                : services.postWithFiles(bearer, "dispute", path, "message", message, files);
        if (!answer.ok()) {
            return page(token, opened.get(), id, form, answer.problem(), null, model, response);
        }
        return "redirect:/p/" + token + "/disputes/" + id + "?sent";
    }

    @PostMapping("/p/{token}/disputes/{id}/withdraw")
    String withdraw(@PathVariable String token, @PathVariable UUID id, @RequestParam(required = false) String reason, Model model,
                    HttpServletResponse response) {
        Optional<Opened> opened = reachable(token, id);
        if (opened.isEmpty()) {
            return PortalLinks.invalid(response);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        if (reason != null && !reason.isBlank()) {
            body.put("reason", reason.strip());
        }
        ServiceCalls.Answer answer = services.post(tokens.issueForCustomer(opened.get().customerId()), "dispute",
                "/api/portal/disputes/" + id + "/withdraw", body);
        if (!answer.ok()) {
            return page(token, opened.get(), id, Map.of(), answer.problem(), null, model, response);
        }
        return "redirect:/p/" + token + "/disputes/" + id;
    }

    @GetMapping("/p/{token}/disputes/{id}/attachments/{attachmentId}")
    ResponseEntity<byte[]> attachment(@PathVariable String token, @PathVariable UUID id, @PathVariable UUID attachmentId) {
        Optional<Opened> opened = reachable(token, id);
        if (opened.isEmpty()) {
            return ResponseEntity.notFound().build();
        }
        ServiceCalls.Document file = services.document(tokens.issueForCustomer(opened.get().customerId()), "dispute",
                "/api/portal/disputes/" + id + "/attachments/" + attachmentId, Map.of(), MediaType.ALL);
        return download(file);
    }

    /** An attachment as the service sent it, always as a download (never shown in the page's origin as HTML). */
    static ResponseEntity<byte[]> download(ServiceCalls.Document file) {
        if (!file.ok()) {
            return ResponseEntity.status(file.status() == 404 || file.status() == 403 ? 404 : 502).build();
        }
        return ResponseEntity.ok().contentType(MediaType.parseMediaType(file.contentType() == null ? "application/octet-stream" : file.contentType()))
                .header(HttpHeaders.CONTENT_DISPOSITION, file.disposition() != null && file.disposition().startsWith("attachment")
                        ? file.disposition() : "attachment")
                .header(HttpHeaders.CACHE_CONTROL, "private, no-store").body(file.content());
    }

    /** The link, when the dispute is its customer's (and, for an invoice's link, that invoice's). */
    private Optional<Opened> reachable(String token, UUID id) {
        Optional<Opened> opened = links.open(token);
        if (opened.isEmpty()) {
            return opened;
        }
        if (opened.get().invoiceId() == null) {
            // the service answers only this customer's disputes: another's is its 404
            return opened;
        }
        ServiceCalls.Answer dispute = services.get(tokens.issueForCustomer(opened.get().customerId()), "dispute", "/api/portal/disputes/" + id);
        return dispute.ok() && opened.get().reaches(dispute.body().path("invoiceId").asString()) ? opened : Optional.empty();
    }

    /** The form's files (none when the form came without). */
    static List<MultipartFile> files(HttpServletRequest request) {
        MultipartHttpServletRequest multipart = WebUtils.getNativeRequest(request, MultipartHttpServletRequest.class);
        return multipart == null ? List.of() : multipart.getFiles("files").stream().filter(f -> !f.isEmpty()).toList();
    }

    private String text(String key) {
        Locale locale = org.springframework.context.i18n.LocaleContextHolder.getLocale();
        return messages.getMessage(key, null, key, locale);
    }

    private static UUID uuid(String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException notOne) {
            return null;
        }
    }
}
