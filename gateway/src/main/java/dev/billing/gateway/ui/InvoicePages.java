package dev.billing.gateway.ui;

import dev.billing.events.access.Role;
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

/**
 * The staff UI's dashboard and invoice pages: the saved filters as tabs, search, paging, sorting, CSV export,
 * and an invoice with its lines, taxes, history, documents and attachments, and the actions the user's roles allow
 * (issue a draft, credit note, storno; uploads go from the page straight to the API route, see attachments.js).
 */
@Controller
class InvoicePages {
    /** The saved filters of invoice-service, in tab order, and the drafts (status TO_BE_ISSUED) after them. */
    static final List<String> TABS = List.of("issued", "overdue-unpaid", "paid-last-7-days", "storno", "drafts");
    private static final int PAGE_SIZE = 20;
    private final ServiceCalls services;

    InvoicePages(ServiceCalls services) {
        this.services = services;
    }

    @GetMapping("/")
    String dashboard(@AuthenticationPrincipal StaffPrincipal user, Model model) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String tab : TABS) {
            Map<String, Object> query = new LinkedHashMap<>(selection(tab));
            query.put("size", 1);
            ServiceCalls.Answer answer = services.get(user, "invoice", "/api/invoices", query);
            counts.put(tab, answer.ok() ? answer.total() : null);
        }
        ServiceCalls.Answer summary = services.get(user, "invoice", "/api/invoices/summary", Map.of());
        // the staff panel: what the team has to hear about (opened collection tasks)
        ServiceCalls.Answer team = services.get(user, "notification", "/api/notifications/staff", Map.of("limit", 10));
        model.addAttribute("team", team.ok() ? team.body() : null)
                .addAttribute("teamError", team.ok() ? null : team.problem());
        model.addAttribute("counts", counts)
                .addAttribute("summary", summary.ok() ? summary.body() : null)
                .addAttribute("summaryError", summary.ok() ? null : summary.problem());
        return "dashboard";
    }

    @GetMapping("/invoices")
    String invoices(@AuthenticationPrincipal StaffPrincipal user, @RequestParam(defaultValue = "issued") String tab,
                    @RequestParam(required = false) String q, @RequestParam(defaultValue = "-issueDate") String sort,
                    @RequestParam(defaultValue = "0") int page, Model model) {
        String filter = TABS.contains(tab) ? tab : "issued";
        Map<String, Object> query = new LinkedHashMap<>(selection(filter));
        query.put("sort", sort);
        query.put("page", Math.max(page, 0));
        query.put("size", PAGE_SIZE);
        // free search: the start of a number (a series prefix and a dash: INV-2027, STR-) or part of a customer's name
        if (q != null && !q.isBlank()) {
            query.put(q.strip().matches("(?i)[a-z]{1,10}-[0-9-]*") ? "number" : "customerName", q.strip());
        }
        ServiceCalls.Answer answer = services.get(user, "invoice", "/api/invoices", query);
        model.addAttribute("tab", filter).addAttribute("tabs", TABS).addAttribute("q", q).addAttribute("sort", sort)
                .addAttribute("page", Math.max(page, 0)).addAttribute("pageSize", PAGE_SIZE)
                .addAttribute("invoices", answer.ok() ? answer.body() : List.of())
                .addAttribute("total", answer.ok() ? answer.total() : 0)
                .addAttribute("error", answer.ok() ? null : answer.problem());
        return "invoices";
    }

    /** A tab's invoices: a saved filter of invoice-service, or the drafts by their status. */
    static Map<String, String> selection(String tab) {
        return tab.equals("drafts") ? Map.of("status", "TO_BE_ISSUED") : Map.of("filter", tab);
    }

    @GetMapping("/invoices/{id}")
    String invoice(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID id, Model model) {
        ServiceCalls.Answer answer = services.get(user, "invoice", "/api/invoices/" + id, Map.of());
        if (!answer.ok()) {
            model.addAttribute("error", answer.problem());
            return "invoice";
        }
        String status = answer.body().path("status").asString();
        boolean accountant = user.has(Role.ADMIN) || user.has(Role.ACCOUNTANT);
        boolean open = status.equals("ISSUED") || status.equals("PARTIALLY_PAID");
        ServiceCalls.Answer history = services.get(user, "invoice", "/api/invoices/" + id + "/history", Map.of());
        ServiceCalls.Answer attachments = services.get(user, "invoice", "/api/invoices/" + id + "/attachments", Map.of());
        ServiceCalls.Answer reminders = services.get(user, "reminder", "/api/reminders", Map.of("invoiceId", id));
        ServiceCalls.Answer plans = services.get(user, "reminder", "/api/reminders/payment-plans", Map.of("invoiceId", id));
        ServiceCalls.Answer payments = services.get(user, "payment", "/api/payments", Map.of("invoiceId", id));
        // the disputes of the invoice and its objection window (TTK 21/2); an invoice dispute-service does not know is a 404
        ServiceCalls.Answer disputes = services.get(user, "dispute", "/api/disputes/invoices/" + id, Map.of());
        model.addAttribute("disputeWindow", disputes.ok() ? disputes.body() : null)
                .addAttribute("disputesError", disputes.ok() || disputes.status() == 404 ? null : disputes.problem());
        model.addAttribute("invoice", answer.body())
                .addAttribute("payments", payments.ok() ? payments.body() : List.of())
                .addAttribute("paymentsError", payments.ok() ? null : payments.problem())
                .addAttribute("methods", dev.billing.events.payment.PaymentMethods.ALL)
                .addAttribute("mayRecordPayment", (accountant || user.has(Role.COLLECTOR)) && open)
                .addAttribute("history", history.ok() ? history.body() : List.of())
                .addAttribute("historyError", history.ok() ? null : history.problem())
                .addAttribute("attachments", attachments.ok() ? attachments.body() : List.of())
                .addAttribute("mayIssue", accountant && status.equals("TO_BE_ISSUED"))
                .addAttribute("mayCredit", accountant && open)
                .addAttribute("mayAttach", accountant)
                .addAttribute("reminders", reminders.ok() ? reminders.body() : null)
                .addAttribute("remindersError", reminders.ok() || reminders.status() == 404 ? null : reminders.problem())
                .addAttribute("mayCollect", accountant || user.has(Role.COLLECTOR))
                .addAttribute("paymentPlans", plans.ok() ? plans.body() : List.of())
                .addAttribute("mayStorno", accountant && open);
        return "invoice";
    }

    @PostMapping("/invoices/{id}/issue")
    String issue(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID id, RedirectAttributes redirect) {
        ServiceCalls.Answer answer = services.post(user, "invoice", "/api/invoices/" + id + "/issue", Map.of());
        if (answer.ok()) {
            redirect.addFlashAttribute("notice", "invoice.issued");
        } else {
            Refusal.keep(redirect, "issue", answer, Map.of(), Set.of());
        }
        return "redirect:/invoices/" + id;
    }

    @PostMapping("/invoices/{id}/reminders/pause")
    String pauseReminders(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID id, @RequestParam Map<String, String> form,
                          RedirectAttributes redirect) {
        ServiceCalls.Answer answer = services.post(user, "reminder", "/api/reminders/invoices/" + id + "/pause",
                Map.of("reason", form.getOrDefault("reason", "")));
        return Refusal.outcome(answer, redirect, "pause", "reminders.paused", form, Set.of("reason"), "/invoices/" + id);
    }

    @PostMapping("/invoices/{id}/reminders/resume")
    String resumeReminders(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID id, RedirectAttributes redirect) {
        ServiceCalls.Answer answer = services.post(user, "reminder", "/api/reminders/invoices/" + id + "/resume", Map.of());
        return Refusal.outcome(answer, redirect, "pause", "reminders.resumed", Map.of(), Set.of(), "/invoices/" + id);
    }

    @PostMapping("/invoices/{id}/reminders/promise")
    String promise(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID id, @RequestParam Map<String, String> form,
                   RedirectAttributes redirect) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("invoiceId", id.toString());
        body.put("promisedOn", form.get("promisedOn"));
        if (form.get("amount") != null && !form.get("amount").isBlank()) {
            body.put("amount", form.get("amount").strip());
        }
        ServiceCalls.Answer answer = services.post(user, "reminder", "/api/reminders/promises", body);
        return Refusal.outcome(answer, redirect, "promise", "reminders.promised", form, Set.of("promisedOn", "amount"), "/invoices/" + id);
    }

    /** A payment plan: the open amount in instalments ({@code POST /api/reminders/payment-plans}). */
    @PostMapping("/invoices/{id}/payment-plans")
    String paymentPlan(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID id, @RequestParam Map<String, String> form,
                       RedirectAttributes redirect) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("invoiceId", id.toString());
        String count = form.getOrDefault("instalments", "").strip();
        body.put("instalments", count.matches("\\d{1,3}") ? Integer.parseInt(count) : count.isEmpty() ? null : count);
        body.put("frequency", form.get("frequency"));
        body.put("firstDueOn", form.get("firstDueOn") == null || form.get("firstDueOn").isBlank() ? null : form.get("firstDueOn"));
        ServiceCalls.Answer answer = services.post(user, "reminder", "/api/reminders/payment-plans", body);
        return Refusal.outcome(answer, redirect, "plan", "plans.made", form, Set.of("instalments", "frequency", "firstDueOn"),
                "/invoices/" + id);
    }

    /** A payment staff received for this invoice ({@code POST /api/payments}); the invoice's currency and customer come with it. */
    @PostMapping("/invoices/{id}/payments")
    String recordPayment(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID id, @RequestParam Map<String, String> form,
                         RedirectAttributes redirect) {
        ServiceCalls.Answer invoice = services.get(user, "invoice", "/api/invoices/" + id, Map.of());
        if (!invoice.ok()) {
            return Refusal.outcome(invoice, redirect, "payment", "payments.recorded", form, Set.of(), "/invoices/" + id);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customerId", invoice.body().path("customerId").asString());
        body.put("invoiceId", id.toString());
        body.put("amount", form.getOrDefault("amount", "").strip());
        body.put("currency", invoice.body().path("currency").asString());
        body.put("method", form.get("method"));
        body.put("reference", form.getOrDefault("reference", "").strip());
        body.put("receivedOn", form.get("receivedOn") == null || form.get("receivedOn").isBlank() ? null : form.get("receivedOn"));
        ServiceCalls.Answer answer = services.post(user, "payment", "/api/payments", body);
        return Refusal.outcome(answer, redirect, "payment", "payments.recorded", form, Set.of("amount", "method", "reference", "receivedOn"),
                "/invoices/" + id);
    }

    @PostMapping("/invoices/{id}/payment-plans/{planId}/cancel")
    String cancelPaymentPlan(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID id, @PathVariable UUID planId,
                             RedirectAttributes redirect) {
        ServiceCalls.Answer answer = services.post(user, "reminder", "/api/reminders/payment-plans/" + planId + "/cancel", Map.of());
        return Refusal.outcome(answer, redirect, "plan", "plans.cancelled", Map.of(), Set.of(), "/invoices/" + id);
    }

    @PostMapping("/invoices/{id}/credit-notes")
    String credit(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID id, @RequestParam Map<String, String> form,
                  RedirectAttributes redirect) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("amount", form.getOrDefault("amount", "").strip());
        body.put("reason", form.getOrDefault("reason", "").strip());
        ServiceCalls.Answer answer = services.post(user, "invoice", "/api/invoices/" + id + "/credit-notes", body);
        if (answer.ok()) {
            redirect.addFlashAttribute("notice", "credit.done");
        } else {
            Refusal.keep(redirect, "credit", answer, form, Set.of("amount", "reason"));
        }
        return "redirect:/invoices/" + id;
    }

    @PostMapping("/invoices/{id}/storno")
    String storno(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID id, @RequestParam(required = false) String reason,
                  RedirectAttributes redirect) {
        ServiceCalls.Answer answer = services.post(user, "invoice", "/api/invoices/" + id + "/cancel", Map.of("reason", reason == null ? "" : reason));
        if (answer.ok()) {
            redirect.addFlashAttribute("notice", "storno.done");
        } else {
            redirect.addFlashAttribute("stornoError", answer.problem()).addFlashAttribute("stornoReason", reason);
        }
        return "redirect:/invoices/" + id;
    }
}
