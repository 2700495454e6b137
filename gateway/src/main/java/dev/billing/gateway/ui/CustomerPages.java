package dev.billing.gateway.ui;

import dev.billing.events.access.Role;
import dev.billing.events.billing.DueRule;
import dev.billing.gateway.staff.StaffPrincipal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.JsonNode;

/**
 * Customers: a list with search, a new account, and the customer page with contact data and terms (editable),
 * balance and credit, payment delay, subscriptions (sell one; {@link SubscriptionPages} for the rest), invoices,
 * payments with their refunds (refund one), saved cards (masked) and automatic charges, the activity log and notes. Each form shows the service's message next to the field it names ({@link Refusal}).
 */
@Controller
class CustomerPages {
    private static final int PAGE_SIZE = 50;
    private static final Set<String> ACCOUNT_FIELDS = Set.of("name", "email", "phone", "language", "timeZone",
            "paymentTermDays", "terms.dueRule", "terms.paymentMethods");
    private static final Set<String> SELL_FIELDS = Set.of("description", "unitPrice", "quantity", "currency", "taxRate",
            "interval", "startDate");
    private final ServiceCalls services;

    CustomerPages(ServiceCalls services) {
        this.services = services;
    }

    @GetMapping("/customers")
    String customers(@AuthenticationPrincipal StaffPrincipal user, @RequestParam(required = false) String q,
                     @RequestParam(defaultValue = "0") int page, Model model) {
        ServiceCalls.Answer answer = services.get(user, "billing", "/api/customers",
                Map.of("q", q == null ? "" : q, "limit", PAGE_SIZE + 1, "offset", Math.max(page, 0) * PAGE_SIZE));
        List<Object> rows = new java.util.ArrayList<>();
        if (answer.ok()) {
            answer.body().forEach(rows::add);
        }
        model.addAttribute("q", q).addAttribute("page", Math.max(page, 0))
                .addAttribute("customers", rows.subList(0, Math.min(rows.size(), PAGE_SIZE)))
                .addAttribute("hasMore", rows.size() > PAGE_SIZE)
                .addAttribute("mayRegister", user.has(Role.ADMIN) || user.has(Role.ACCOUNTANT) || user.has(Role.COLLECTOR))
                .addAttribute("error", answer.ok() ? null : answer.problem());
        return "customers";
    }

    @PostMapping("/customers")
    String register(@AuthenticationPrincipal StaffPrincipal user, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        ServiceCalls.Answer answer = services.post(user, "billing", "/api/customers", account(form));
        if (answer.ok()) {
            return "redirect:/customers/" + answer.body().path("id").asString();
        }
        Refusal.keep(redirect, "register", answer, form, ACCOUNT_FIELDS);
        return "redirect:/customers";
    }

    /** Changes the contact data and terms; the terms the form leaves empty stay as they are. */
    @PostMapping("/customers/{id}")
    String edit(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID id, @RequestParam Map<String, String> form,
                RedirectAttributes redirect) {
        ServiceCalls.Answer answer = services.put(user, "billing", "/api/customers/" + id, account(form));
        if (answer.ok()) {
            redirect.addFlashAttribute("notice", "customer.saved");
        } else {
            Refusal.keep(redirect, "edit", answer, form, ACCOUNT_FIELDS);
        }
        return "redirect:/customers/" + id;
    }

    private static Map<String, Object> account(Map<String, String> form) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", form.get("name"));
        body.put("email", form.get("email"));
        body.put("phone", blankToNull(form.get("phone")));
        body.put("language", form.get("language"));
        body.put("timeZone", form.get("timeZone"));
        body.put("paymentTermDays", number(form.get("paymentTermDays")));
        Map<String, Object> terms = new LinkedHashMap<>();
        if (blankToNull(form.get("terms.dueRule")) != null) {
            terms.put("dueRule", form.get("terms.dueRule").strip());
        }
        String methods = blankToNull(form.get("terms.paymentMethods"));
        if (methods != null) {
            terms.put("paymentMethods", java.util.Arrays.stream(methods.split("[,\\s]+")).filter(m -> !m.isBlank()).toList());
        }
        if (!terms.isEmpty()) {
            body.put("terms", terms);
        }
        return body;
    }

    @GetMapping("/customers/{id}")
    String customer(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID id, Model model) {
        ServiceCalls.Answer customer = services.get(user, "billing", "/api/customers/" + id, Map.of());
        if (!customer.ok()) {
            model.addAttribute("error", customer.problem());
            return "customer";
        }
        ServiceCalls.Answer subscriptions = services.get(user, "billing", "/api/subscriptions", Map.of("customerId", id));
        ServiceCalls.Answer invoices = services.get(user, "invoice", "/api/invoices", Map.of("customerId", id, "sort", "-issueDate", "size", 50));
        ServiceCalls.Answer balance = services.get(user, "invoice", "/api/customers/" + id + "/balance", Map.of());
        // the newest 50 entries of the activity log (its total tells which page holds them)
        ServiceCalls.Answer count = services.get(user, "reporting", "/api/activity", Map.of("customerId", id, "size", 1));
        long lastPage = count.ok() ? Math.max(0, (count.total() - 1) / 50) : 0;
        ServiceCalls.Answer activity = services.get(user, "reporting", "/api/activity", Map.of("customerId", id, "size", 50, "page", lastPage));
        ServiceCalls.Answer messages = services.get(user, "notification", "/api/notifications/history", Map.of("customerId", id, "size", 30));
        ServiceCalls.Answer profile = services.get(user, "reminder", "/api/reminders/customers/" + id + "/profile", Map.of());
        ServiceCalls.Answer payments = services.get(user, "payment", "/api/payments", Map.of("customerId", id, "size", 50));
        ServiceCalls.Answer cards = services.get(user, "payment", "/api/payments/saved-cards", Map.of("customerId", id));
        ServiceCalls.Answer charges = services.get(user, "payment", "/api/payments/automatic-charges", Map.of("customerId", id));
        ServiceCalls.Answer disputes = services.get(user, "dispute", "/api/disputes", Map.of("customerId", id, "view", "all", "size", 50));
        model.addAttribute("disputes", disputes.ok() ? disputes.body().path("items") : List.of())
                .addAttribute("disputesError", disputes.ok() ? null : disputes.problem());
        model.addAttribute("customer", customer.body())
                .addAttribute("payments", payments.ok() ? payments.body() : List.of())
                .addAttribute("paymentsError", payments.ok() ? null : payments.problem())
                .addAttribute("savedCards", cards.ok() ? cards.body() : List.of())
                .addAttribute("automaticCharges", charges.ok() ? charges.body() : List.of())
                .addAttribute("mayRefund", user.has(Role.ADMIN) || user.has(Role.ACCOUNTANT))
                .addAttribute("subscriptions", subscriptions.ok() ? subscriptions.body() : List.of())
                .addAttribute("invoices", invoices.ok() ? invoices.body() : List.of())
                .addAttribute("balance", balance.ok() ? balance.body() : null)
                .addAttribute("activity", activity.ok() ? activity.body() : List.of())
                .addAttribute("activityError", activity.ok() ? null : activity.problem())
                .addAttribute("messages", messages.ok() ? messages.body() : List.of())
                .addAttribute("profile", profile.ok() ? profile.body() : null)
                .addAttribute("messagesError", messages.ok() ? null : messages.problem())
                .addAttribute("maySell", user.has(Role.ADMIN) || user.has(Role.ACCOUNTANT))
                .addAttribute("mayEdit", user.has(Role.ADMIN) || user.has(Role.ACCOUNTANT) || user.has(Role.COLLECTOR))
                .addAttribute("dueRules", DueRule.values())
                .addAttribute("paymentMethods", texts(customer.body().path("terms").path("paymentMethods")))
                .addAttribute("mayNote", user.has(Role.ADMIN) || user.has(Role.ACCOUNTANT) || user.has(Role.COLLECTOR));
        return "customer";
    }

    /** Gives back part or all of a payment ({@code POST /api/payments/{id}/refunds}; a card payment through its provider). */
    @PostMapping("/customers/{id}/payments/{paymentId}/refunds")
    String refund(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID id, @PathVariable UUID paymentId,
                  @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("amount", form.getOrDefault("amount", "").strip());
        body.put("reason", form.getOrDefault("reason", "").strip());
        ServiceCalls.Answer answer = services.post(user, "payment", "/api/payments/" + paymentId + "/refunds", body);
        return Refusal.outcome(answer, redirect, "refund-" + paymentId, "payments.refunded", form, Set.of("amount", "reason"),
                "/customers/" + id);
    }

    @PostMapping("/customers/{id}/subscriptions")
    String sell(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID id, @RequestParam Map<String, String> form,
                RedirectAttributes redirect) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customerId", id.toString());
        body.put("description", form.get("description"));
        body.put("unitPrice", form.get("unitPrice"));
        body.put("quantity", blankToNull(form.get("quantity")));
        body.put("currency", form.get("currency"));
        body.put("taxRate", form.get("taxRate"));
        body.put("interval", form.get("interval"));
        body.put("startDate", form.get("startDate"));
        body.values().removeIf(java.util.Objects::isNull);
        ServiceCalls.Answer answer = services.post(user, "billing", "/api/subscriptions", body);
        if (answer.ok()) {
            redirect.addFlashAttribute("notice", "subscriptions.sold");
        } else {
            Refusal.keep(redirect, "sell", answer, form, SELL_FIELDS);
        }
        return "redirect:/customers/" + id;
    }

    /** A note, or a call with its outcome ({@code outcome} given: a call). */
    @PostMapping("/customers/{id}/notes")
    String note(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID id, @RequestParam(required = false) String text,
                @RequestParam(required = false) String outcome, RedirectAttributes redirect) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customerId", id.toString());
        body.put("type", outcome == null || outcome.isBlank() ? "NOTE" : "CALL");
        body.put("text", text);
        if (outcome != null && !outcome.isBlank()) {
            body.put("outcome", outcome);
        }
        ServiceCalls.Answer answer = services.post(user, "notification", "/api/notifications/history", body);
        if (answer.ok()) {
            redirect.addFlashAttribute("notice", "notes.added");
        } else {
            redirect.addFlashAttribute("noteError", answer.problem()).addFlashAttribute("noteText", text);
        }
        return "redirect:/customers/" + id;
    }

    private static String texts(JsonNode list) {
        List<String> texts = new java.util.ArrayList<>();
        list.forEach(item -> texts.add(item.asString()));
        return String.join(", ", texts);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** A whole number as typed, or the text itself, so that the service names the field if it is not one. */
    private static Object number(String value) {
        try {
            return value == null || value.isBlank() ? null : Integer.valueOf(value.strip());
        } catch (NumberFormatException notANumber) {
            return value;
        }
    }
}
