package dev.billing.gateway.ui;

import dev.billing.events.access.Role;
import dev.billing.gateway.staff.StaffPrincipal;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
 * and an invoice with its lines, taxes, documents and the actions the user's roles allow (storno).
 */
@Controller
class InvoicePages {
    /** The saved filters of invoice-service, in tab order. */
    static final List<String> TABS = List.of("issued", "overdue-unpaid", "paid-last-7-days", "storno");
    private static final int PAGE_SIZE = 20;
    private final ServiceCalls services;

    InvoicePages(ServiceCalls services) {
        this.services = services;
    }

    @GetMapping("/")
    String dashboard(@AuthenticationPrincipal StaffPrincipal user, Model model) {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (String tab : TABS) {
            ServiceCalls.Answer answer = services.get(user, "invoice", "/api/invoices", Map.of("filter", tab, "size", 1));
            counts.put(tab, answer.ok() ? answer.total() : null);
        }
        ServiceCalls.Answer summary = services.get(user, "invoice", "/api/invoices/summary", Map.of());
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
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("filter", filter);
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

    @GetMapping("/invoices/{id}")
    String invoice(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID id, Model model) {
        ServiceCalls.Answer answer = services.get(user, "invoice", "/api/invoices/" + id, Map.of());
        if (!answer.ok()) {
            model.addAttribute("error", answer.problem());
            return "invoice";
        }
        String status = answer.body().path("status").asString();
        model.addAttribute("invoice", answer.body())
                .addAttribute("mayStorno", (user.has(Role.ADMIN) || user.has(Role.ACCOUNTANT))
                        && (status.equals("ISSUED") || status.equals("PARTIALLY_PAID")));
        return "invoice";
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
