package dev.billing.gateway.ui;

import dev.billing.events.access.Role;
import dev.billing.gateway.staff.StaffPrincipal;
import dev.billing.gateway.staff.StaffUser;
import dev.billing.gateway.staff.StaffUsers;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import tools.jackson.databind.JsonNode;

/**
 * The staff's disputes: the inbox ({@code /disputes}: unassigned, mine, SLA due, all) with each dispute's age, its
 * first-response timer and late objections; and the dispute's page: the thread with the internal notes marked, a reply
 * or internal note with files, assigning, the invoice beside it with its objection window, and the outcome: REJECTED
 * with the reasons, a CREDIT_NOTE for an amount or lines, or a REISSUE with corrected lines, previewed by invoice-service
 * before it is proposed; a pending proposal is approved or declined by an accountant (four-eyes: its proposer gets no
 * buttons, and dispute-service refuses the proposer, and its message is shown). Calls go as the signed-in user
 * ({@link ServiceCalls}).
 */
@Controller
class DisputePages {
    static final List<String> VIEWS = List.of("unassigned", "mine", "sla-due", "all");
    static final List<String> OUTCOMES = List.of("REJECTED", "CREDIT_NOTE", "REISSUE");
    private static final int PAGE_SIZE = 50;
    private static final Set<String> MESSAGE_FIELDS = Set.of("body", "files");
    private static final Set<String> PROPOSAL_FIELDS = Set.of("outcome", "amount", "lines", "correctedLines", "resolution");
    private final ServiceCalls services;
    private final StaffUsers users;
    private final Clock clock;
    private final MessageSource messages;

    DisputePages(ServiceCalls services, StaffUsers users, Clock gatewayClock, MessageSource messages) {
        this.services = services;
        this.users = users;
        this.clock = gatewayClock;
        this.messages = messages;
    }

    /** A dispute of the inbox with its age and, until the first response, the hours left to it (negative: overdue). */
    record Row(JsonNode dispute, long ageHours, Long hoursToRespond) {
    }

    @GetMapping("/disputes")
    String inbox(@AuthenticationPrincipal StaffPrincipal user, @RequestParam(defaultValue = "unassigned") String view,
                 @RequestParam(defaultValue = "0") int page, Model model) {
        String shown = VIEWS.contains(view) ? view : "unassigned";
        ServiceCalls.Answer answer = services.get(user, "dispute", "/api/disputes",
                Map.of("view", shown, "page", Math.max(page, 0), "size", PAGE_SIZE));
        List<Row> rows = new ArrayList<>();
        if (answer.ok()) {
            answer.body().path("items").forEach(d -> rows.add(row(d)));
        }
        model.addAttribute("view", shown).addAttribute("views", VIEWS).addAttribute("rows", rows)
                .addAttribute("page", Math.max(page, 0)).addAttribute("total", answer.ok() ? answer.body().path("total").asLong() : 0)
                .addAttribute("pageSize", PAGE_SIZE)
                .addAttribute("error", answer.ok() ? null : answer.problem());
        return "disputes";
    }

    Row row(JsonNode dispute) {
        Instant now = clock.instant();
        Instant opened = instant(dispute.path("openedAt").asString(null));
        Instant respondBy = instant(dispute.path("respondBy").asString(null));
        boolean waiting = dispute.path("firstResponseAt").isNull() || dispute.path("firstResponseAt").isMissingNode();
        String status = dispute.path("status").asString();
        boolean active = status.equals("OPEN") || status.equals("UNDER_REVIEW");
        return new Row(dispute, opened == null ? 0 : Math.max(0, Duration.between(opened, now).toHours()),
                waiting && active && respondBy != null ? Duration.between(now, respondBy).toHours() : null);
    }

    @GetMapping("/disputes/{id}")
    String dispute(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID id, Model model) {
        return page(user, id, model);
    }

    private String page(StaffPrincipal user, UUID id, Model model) {
        ServiceCalls.Answer dispute = services.get(user, "dispute", "/api/disputes/" + id, Map.of());
        if (!dispute.ok()) {
            model.addAttribute("error", dispute.problem());
            return "dispute";
        }
        String invoiceId = dispute.body().path("invoiceId").asString();
        String status = dispute.body().path("status").asString();
        boolean active = status.equals("OPEN") || status.equals("UNDER_REVIEW");
        ServiceCalls.Answer invoice = services.get(user, "invoice", "/api/invoices/" + invoiceId, Map.of());
        ServiceCalls.Answer window = services.get(user, "dispute", "/api/disputes/invoices/" + invoiceId, Map.of());
        boolean works = user.has(Role.ADMIN) || user.has(Role.ACCOUNTANT) || user.has(Role.COLLECTOR);
        // a proposal waits while the dispute is not over (a resolved one keeps its proposal as the record)
        boolean pending = active && !dispute.body().path("proposal").isNull() && !dispute.body().path("proposal").isMissingNode();
        List<String> assignees = users.page(0, 500).stream().filter(StaffUser::enabled)
                .filter(u -> u.roles().contains(Role.ADMIN) || u.roles().contains(Role.ACCOUNTANT) || u.roles().contains(Role.COLLECTOR))
                .map(StaffUser::username).sorted().toList();
        model.addAttribute("dispute", dispute.body()).addAttribute("row", row(dispute.body()))
                .addAttribute("invoice", invoice.ok() ? invoice.body() : null)
                .addAttribute("invoiceError", invoice.ok() ? null : invoice.problem())
                .addAttribute("window", window.ok() ? window.body() : null)
                .addAttribute("active", active).addAttribute("pending", pending)
                .addAttribute("mayWork", works && active)
                .addAttribute("mayPropose", works && active && !pending)
                // four-eyes: the proposer gets no approve button; an accountant may still decline (withdraw) their own proposal
                .addAttribute("mayDecline", (user.has(Role.ADMIN) || user.has(Role.ACCOUNTANT)) && active && pending)
                .addAttribute("mayApprove", (user.has(Role.ADMIN) || user.has(Role.ACCOUNTANT)) && active && pending
                        && !user.getUsername().equals(dispute.body().path("proposal").path("proposedBy").asString(null)))
                .addAttribute("assignees", assignees).addAttribute("outcomes", OUTCOMES);
        if (!model.containsAttribute("proposalForm")) {
            model.addAttribute("proposalForm", Map.of());
        }
        return "dispute";
    }

    /** A reply to the customer or, ticked, an internal note, with files ({@link DisputeUploads} takes them). */
    @PostMapping("/disputes/{id}/messages")
    String reply(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID id, @RequestParam Map<String, String> form,
                 HttpServletRequest request, RedirectAttributes redirect) {
        if (request.getAttribute(DisputeUploads.REFUSED) != null) {
            String key = (String) request.getAttribute(DisputeUploads.REFUSED);
            Refusal.keep(redirect, "message", "files", messages.getMessage(key, null, key, LocaleContextHolder.getLocale()), form, MESSAGE_FIELDS);
            return "redirect:/disputes/" + id;
        }
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("body", form.getOrDefault("body", ""));
        message.put("internal", "true".equals(form.get("internal")));
        List<MultipartFile> files = PortalDisputePages.files(request);
        String path = "/api/disputes/" + id + "/messages";
        ServiceCalls.Answer answer = files.isEmpty() ? services.post(user, "dispute", path, message)
                : services.postWithFiles(user, "dispute", path, "message", message, files);
        return Refusal.outcome(answer, redirect, "message", "true".equals(form.get("internal")) ? "disputes.noted" : "disputes.replied", form, MESSAGE_FIELDS, "/disputes/" + id);
    }

    @PostMapping("/disputes/{id}/assign")
    String assign(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID id, @RequestParam(required = false) String assignee,
                  RedirectAttributes redirect) {
        String who = assignee == null || assignee.isBlank() ? user.getUsername() : assignee.strip();
        ServiceCalls.Answer answer = services.post(user, "dispute", "/api/disputes/" + id + "/assign", Map.of("assignee", who));
        return Refusal.outcome(answer, redirect, "assign", "disputes.assigned", Map.of(), Set.of(), "/disputes/" + id);
    }

    /**
     * The outcome form: {@code action=preview} asks invoice-service what the credit note or the corrected invoice would
     * be (nothing is written; a refusal there, a 404 too, is shown with its detail) and shows the page again with it; otherwise it is proposed.
     */
    @PostMapping("/disputes/{id}/proposal")
    String propose(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID id, @RequestParam Map<String, String> form,
                   Model model, RedirectAttributes redirect) {
        Map<String, Object> proposal = proposal(form);
        if ("preview".equals(form.get("action"))) {
            ServiceCalls.Answer dispute = services.get(user, "dispute", "/api/disputes/" + id, Map.of());
            if (dispute.ok()) {
                String invoiceId = dispute.body().path("invoiceId").asString();
                String outcome = form.getOrDefault("outcome", "");
                ServiceCalls.Answer preview = switch (outcome) {
                    case "CREDIT_NOTE" -> services.post(user, "invoice", "/api/invoices/" + invoiceId + "/credit-notes/preview",
                            creditNote(proposal));
                    case "REISSUE" -> services.post(user, "invoice", "/api/invoices/" + invoiceId + "/reissue-preview",
                            Map.of("lines", proposal.getOrDefault("correctedLines", List.of())));
                    default -> null;
                };
                if (preview != null && preview.ok()) {
                    model.addAttribute("preview", preview.body()).addAttribute("previewOutcome", outcome);
                } else if (preview != null) {
                    model.addAttribute("previewError", preview.problem());
                }
            }
            model.addAttribute("proposalForm", form);
            return page(user, id, model);
        }
        ServiceCalls.Answer answer = services.post(user, "dispute", "/api/disputes/" + id + "/proposal", proposal);
        return Refusal.outcome(answer, redirect, "proposal", "REJECTED".equals(form.get("outcome")) ? "disputes.rejected" : "disputes.proposed",
                form, PROPOSAL_FIELDS, "/disputes/" + id);
    }

    /** The proposal as the form gives it: the outcome, its amount or lines (credit note) or corrected lines (re-issue). */
    static Map<String, Object> proposal(Map<String, String> form) {
        Map<String, Object> proposal = new LinkedHashMap<>();
        String outcome = form.getOrDefault("outcome", "");
        proposal.put("outcome", outcome);
        if (outcome.equals("CREDIT_NOTE")) {
            String amount = form.getOrDefault("amount", "").strip();
            if (!amount.isEmpty()) {
                proposal.put("amount", amount);
            }
            List<Map<String, Object>> lines = new ArrayList<>();
            form.forEach((name, value) -> {
                if (name.matches("credit\\.\\d{1,4}") && !value.isBlank()) {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("line", Integer.parseInt(name.substring(7)));
                    line.put("quantity", value.strip());
                    lines.add(line);
                }
            });
            lines.sort(java.util.Comparator.comparing(line -> (Integer) line.get("line")));
            if (!lines.isEmpty()) {
                proposal.put("lines", lines);
            }
        }
        if (outcome.equals("REISSUE")) {
            List<Map<String, Object>> corrected = new ArrayList<>();
            for (int row = 0; row < 50; row++) {
                String description = form.getOrDefault("corrected." + row + ".description", "").strip();
                if (description.isEmpty()) {
                    continue;
                }
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("description", description);
                line.put("quantity", form.getOrDefault("corrected." + row + ".quantity", "").strip());
                line.put("unitPrice", form.getOrDefault("corrected." + row + ".unitPrice", "").strip());
                line.put("taxRate", form.getOrDefault("corrected." + row + ".taxRate", "").strip());
                corrected.add(line);
            }
            proposal.put("correctedLines", corrected);
        }
        proposal.put("resolution", form.getOrDefault("resolution", ""));
        return proposal;
    }

    /** The credit note the proposal would issue, as invoice-service's credit-note body names it. */
    private static Map<String, Object> creditNote(Map<String, Object> proposal) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (proposal.containsKey("amount")) {
            body.put("amount", proposal.get("amount"));
        }
        if (proposal.containsKey("lines")) {
            body.put("lines", proposal.get("lines"));
        }
        body.put("reason", proposal.getOrDefault("resolution", ""));
        return body;
    }

    @PostMapping("/disputes/{id}/proposal/approve")
    String approve(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID id, RedirectAttributes redirect) {
        ServiceCalls.Answer answer = services.post(user, "dispute", "/api/disputes/" + id + "/proposal/approve", Map.of());
        return Refusal.outcome(answer, redirect, "approval", "disputes.approved", Map.of(), Set.of(), "/disputes/" + id);
    }

    @PostMapping("/disputes/{id}/proposal/decline")
    String decline(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID id, @RequestParam Map<String, String> form,
                   RedirectAttributes redirect) {
        ServiceCalls.Answer answer = services.post(user, "dispute", "/api/disputes/" + id + "/proposal/decline",
                Map.of("reason", form.getOrDefault("reason", "")));
        return Refusal.outcome(answer, redirect, "approval", "disputes.declined", form, Set.of("reason"), "/disputes/" + id);
    }

    @GetMapping("/disputes/{id}/attachments/{attachmentId}")
    ResponseEntity<byte[]> attachment(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID id, @PathVariable UUID attachmentId) {
        return PortalDisputePages.download(services.document(user, "dispute", "/api/disputes/" + id + "/attachments/" + attachmentId,
                Map.of(), MediaType.ALL));
    }

    private static Instant instant(String value) {
        try {
            return value == null ? null : Instant.parse(value);
        } catch (DateTimeParseException notAnInstant) {
            try {
                return java.time.OffsetDateTime.parse(value).toInstant();
            } catch (DateTimeParseException neither) {
                return null;
            }
        }
    }
}
