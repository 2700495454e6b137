package dev.billing.gateway.ui;

import dev.billing.events.access.Role;
import dev.billing.gateway.staff.StaffPrincipal;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The staff UI's bank statements: upload a camt.053 or MT940 file, the imports newest first, and an import's lines with
 * the proposed invoices, to confirm (as that invoice's payment, another's, or a customer's credit) or ignore.
 */
@Controller
class BankStatementPages {
    private static final int PAGE_SIZE = 20;
    // payment-service's limit and a byte more, so that a larger file is refused there with its message
    private static final int MAX_UPLOAD = 5 * 1024 * 1024 + 1;
    private final ServiceCalls services;

    BankStatementPages(ServiceCalls services) {
        this.services = services;
    }

    @GetMapping("/bank-statements")
    String imports(@AuthenticationPrincipal StaffPrincipal user, @RequestParam(defaultValue = "0") int page, Model model) {
        ServiceCalls.Answer answer = services.get(user, "payment", "/api/payments/bank-statements",
                Map.of("page", Math.max(page, 0), "size", PAGE_SIZE));
        model.addAttribute("imports", answer.ok() ? answer.body() : List.of())
                .addAttribute("total", answer.ok() ? answer.total() : 0)
                .addAttribute("page", Math.max(page, 0)).addAttribute("pageSize", PAGE_SIZE)
                .addAttribute("error", answer.ok() ? null : answer.problem())
                .addAttribute("mayImport", mayDecide(user));
        return "bank-statements";
    }

    /**
     * The file as the page's script sent it (the gateway takes no multipart forms): XML as camt.053, anything else as
     * MT940 text. Answers payment-service's JSON, which the script turns into the import's page or the message.
     */
    @PostMapping("/bank-statements/upload")
    ResponseEntity<String> upload(@AuthenticationPrincipal StaffPrincipal user, HttpServletRequest request) throws IOException {
        byte[] file;
        try (InputStream in = request.getInputStream()) {
            file = in.readNBytes(MAX_UPLOAD);
        }
        ServiceCalls.Answer answer = services.postFile(user, "payment", "/api/payments/bank-statements",
                looksLikeXml(file) ? MediaType.APPLICATION_XML : MediaType.TEXT_PLAIN, file);
        return ResponseEntity.status(answer.status()).contentType(answer.ok() ? MediaType.APPLICATION_JSON : MediaType.APPLICATION_PROBLEM_JSON)
                .body(answer.body().toString());
    }

    @GetMapping("/bank-statements/{id}")
    String statement(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID id, Model model) {
        ServiceCalls.Answer answer = services.get(user, "payment", "/api/payments/bank-statements/" + id, Map.of());
        model.addAttribute("statement", answer.ok() ? answer.body() : null)
                .addAttribute("error", answer.ok() ? null : answer.problem())
                .addAttribute("mayDecide", mayDecide(user));
        return "bank-statement";
    }

    @PostMapping("/bank-statements/{id}/lines/{lineId}/confirm")
    String confirm(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID id, @PathVariable UUID lineId,
                   @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("invoiceId", blankToNull(form.get("invoiceId")));
        body.put("customerId", blankToNull(form.get("customerId")));
        ServiceCalls.Answer answer = services.post(user, "payment", "/api/payments/bank-statements/" + id + "/lines/" + lineId + "/confirm",
                body);
        return Refusal.outcome(answer, redirect, "line-" + lineId, "bankStatements.confirmed", form, Set.of("invoiceId", "customerId"),
                "/bank-statements/" + id);
    }

    @PostMapping("/bank-statements/{id}/lines/{lineId}/ignore")
    String ignore(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID id, @PathVariable UUID lineId,
                  RedirectAttributes redirect) {
        ServiceCalls.Answer answer = services.post(user, "payment", "/api/payments/bank-statements/" + id + "/lines/" + lineId + "/ignore",
                Map.of());
        return Refusal.outcome(answer, redirect, "line-" + lineId, "bankStatements.ignored", Map.of(), Set.of(), "/bank-statements/" + id);
    }

    private static boolean mayDecide(StaffPrincipal user) {
        return user.has(Role.ADMIN) || user.has(Role.ACCOUNTANT) || user.has(Role.COLLECTOR);
    }

    /** Whether the file starts, after a byte-order mark and white space, with "<". */
    private static boolean looksLikeXml(byte[] file) {
        int i = file.length >= 3 && (file[0] & 0xFF) == 0xEF && (file[1] & 0xFF) == 0xBB && (file[2] & 0xFF) == 0xBF ? 3 : 0;
        while (i < file.length && Character.isWhitespace(file[i])) {
            i++;
        }
        return i < file.length && file[i] == '<';
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
