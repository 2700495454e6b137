package dev.billing.gateway.ui;

import dev.billing.gateway.staff.StaffPrincipal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The customer page's subscription actions: change (with the proration preview, fetched by htmx as the user
 * types), pause, resume, end, and a one-off charge. Each goes to billing-service as the signed-in user and
 * returns to the customer page with the outcome.
 */
@Controller
class SubscriptionPages {
    private static final Set<String> CHANGE_FIELDS = Set.of("description", "quantity", "unitPrice", "effectiveDate");
    private static final Set<String> CHARGE_FIELDS = Set.of("description", "quantity", "unitPrice", "currency", "taxRate");
    private final ServiceCalls services;

    SubscriptionPages(ServiceCalls services) {
        this.services = services;
    }

    @PostMapping("/customers/{customerId}/subscriptions/{id}/change")
    String change(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID customerId, @PathVariable UUID id,
                  @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        ServiceCalls.Answer answer = services.post(user, "billing", "/api/subscriptions/" + id + "/change", change(form));
        return Refusal.outcome(answer, redirect, "change-" + id, "subscriptions.changed", form, CHANGE_FIELDS,
                "/customers/" + customerId);
    }

    /** The preview of the change as typed so far: a fragment of the customer page, swapped in by htmx. */
    @PostMapping("/customers/{customerId}/subscriptions/{id}/preview")
    String preview(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID id, @RequestParam Map<String, String> form,
                   Model model) {
        ServiceCalls.Answer answer = services.post(user, "billing", "/api/subscriptions/" + id + "/change/preview", change(form));
        model.addAttribute("preview", answer.ok() ? answer.body() : null)
                .addAttribute("previewError", answer.ok() ? null
                        : (answer.field() == null ? "" : answer.field() + ": ") + answer.problem());
        return "customer :: preview";
    }

    @PostMapping("/customers/{customerId}/subscriptions/{id}/pause")
    String pause(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID customerId, @PathVariable UUID id,
                 @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        ServiceCalls.Answer answer = services.post(user, "billing", "/api/subscriptions/" + id + "/pause", dated(form));
        return Refusal.outcome(answer, redirect, "state-" + id, "subscriptions.paused", form, Set.of("date"), "/customers/" + customerId);
    }

    @PostMapping("/customers/{customerId}/subscriptions/{id}/resume")
    String resume(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID customerId, @PathVariable UUID id,
                  @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        ServiceCalls.Answer answer = services.post(user, "billing", "/api/subscriptions/" + id + "/resume", dated(form));
        return Refusal.outcome(answer, redirect, "state-" + id, "subscriptions.resumed", form, Set.of("date"),
                "/customers/" + customerId);
    }

    @PostMapping("/customers/{customerId}/subscriptions/{id}/end")
    String end(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID customerId, @PathVariable UUID id,
               @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        Map<String, Object> body = dated(form);
        body.put("mode", form.getOrDefault("mode", "AT_PERIOD_END"));
        ServiceCalls.Answer answer = services.post(user, "billing", "/api/subscriptions/" + id + "/end", body);
        return Refusal.outcome(answer, redirect, "state-" + id, "subscriptions.ended", form, Set.of("date", "mode"),
                "/customers/" + customerId);
    }

    @PostMapping("/customers/{customerId}/charges")
    String charge(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID customerId,
                  @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (String field : CHARGE_FIELDS) {
            putTyped(body, form, field);
        }
        body.put("invoiceNow", form.containsKey("invoiceNow"));
        ServiceCalls.Answer answer = services.post(user, "billing", "/api/customers/" + customerId + "/charges", body);
        return Refusal.outcome(answer, redirect, "charge", "charges.added", form, CHARGE_FIELDS, "/customers/" + customerId);
    }

    /** What the change form names; a field left empty stays as it is. */
    private static Map<String, Object> change(Map<String, String> form) {
        Map<String, Object> body = new LinkedHashMap<>();
        for (String field : CHANGE_FIELDS) {
            putTyped(body, form, field);
        }
        return body;
    }

    private static Map<String, Object> dated(Map<String, String> form) {
        Map<String, Object> body = new LinkedHashMap<>();
        putTyped(body, form, "date");
        return body;
    }

    private static void putTyped(Map<String, Object> body, Map<String, String> form, String field) {
        String value = form.get(field);
        if (value != null && !value.isBlank()) {
            body.put(field, value.strip());
        }
    }
}
