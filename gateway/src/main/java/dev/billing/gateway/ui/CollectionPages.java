package dev.billing.gateway.ui;

import dev.billing.events.access.Role;
import dev.billing.gateway.staff.StaffPrincipal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
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
 * Dunning policies in the staff UI: the list, and a policy's form with its steps as rows (offset, channels, template,
 * tone, task), the repeats, business days and quiet hours; while it is edited, htmx fetches the plan a sample invoice
 * would get ({@code POST /api/reminders/policies/preview}). Saving makes a new version (invoices issued from then on get it).
 */
@Controller
class CollectionPages {
    /** Step rows the form offers beyond the policy's own, for new steps; a row left empty is no step. */
    static final int EMPTY_ROWS = 2;
    static final List<String> CHANNELS = List.of("EMAIL", "SMS", "WHATSAPP");
    static final List<String> TONES = List.of("FRIENDLY", "FIRM", "FINAL");
    private final ServiceCalls services;
    private final Clock clock;

    CollectionPages(ServiceCalls services, Clock gatewayClock) {
        this.services = services;
        this.clock = gatewayClock;
    }

    @GetMapping("/collections/policies")
    String policies(@AuthenticationPrincipal StaffPrincipal user, Model model) {
        ServiceCalls.Answer policies = services.get(user, "reminder", "/api/reminders/policies", Map.of());
        model.addAttribute("policies", policies.ok() ? policies.body() : List.of())
                .addAttribute("error", policies.ok() ? null : policies.problem())
                .addAttribute("mayEdit", mayEdit(user));
        return "policies";
    }

    @GetMapping("/collections/policies/new")
    String newPolicy(@AuthenticationPrincipal StaffPrincipal user, Model model) {
        return form(model, user, null, null);
    }

    @GetMapping("/collections/policies/{id}")
    String policy(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID id, Model model) {
        ServiceCalls.Answer policy = services.get(user, "reminder", "/api/reminders/policies/" + id, Map.of());
        if (!policy.ok()) {
            model.addAttribute("error", policy.problem());
        }
        return form(model, user, id, policy.ok() ? policy.body() : null);
    }

    @PostMapping("/collections/policies")
    String create(@AuthenticationPrincipal StaffPrincipal user, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        ServiceCalls.Answer answer = services.post(user, "reminder", "/api/reminders/policies", request(form));
        String next = answer.ok() ? "/collections/policies/" + answer.body().path("id").asString() : "/collections/policies/new";
        return Refusal.outcome(answer, redirect, "policy", "policies.saved", form, fields(form), next);
    }

    @PostMapping("/collections/policies/{id}")
    String save(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID id, @RequestParam Map<String, String> form,
                RedirectAttributes redirect) {
        ServiceCalls.Answer answer = services.put(user, "reminder", "/api/reminders/policies/" + id, request(form));
        return Refusal.outcome(answer, redirect, "policy", "policies.saved", form, fields(form), "/collections/policies/" + id);
    }

    /** The plan a sample invoice due on {@code sampleDueDate} would get from the policy as typed: a fragment of the form. */
    @PostMapping("/collections/policies/preview")
    String preview(@AuthenticationPrincipal StaffPrincipal user, @RequestParam Map<String, String> form, Model model) {
        LocalDate due = sampleDueDate(form.get("sampleDueDate"));
        ServiceCalls.Answer answer = services.post(user, "reminder", "/api/reminders/policies/preview",
                Map.of("policy", request(form), "dueDate", due.toString()));
        model.addAttribute("plan", answer.ok() ? answer.body() : null).addAttribute("sampleDue", due)
                .addAttribute("previewError", answer.ok() ? null : (answer.field() == null ? "" : answer.field() + ": ") + answer.problem());
        return "policy :: preview";
    }

    private String form(Model model, StaffPrincipal user, UUID id, JsonNode policy) {
        List<Map<String, Object>> rows = new ArrayList<>();
        if (policy != null) {
            for (JsonNode step : policy.path("steps")) {
                Set<String> channels = new LinkedHashSet<>();
                step.path("channels").forEach(c -> channels.add(c.asString()));
                rows.add(row(step.path("offsetDays").asString(), channels, step.path("template").asString(), step.path("tone").asString(),
                        step.path("escalate").asBoolean()));
            }
        }
        for (int i = 0; i < EMPTY_ROWS; i++) {
            rows.add(row("", Set.of(), "", "FRIENDLY", false));
        }
        model.addAttribute("policyId", id).addAttribute("policy", policy).addAttribute("rows", rows)
                .addAttribute("channels", CHANNELS).addAttribute("tones", TONES).addAttribute("mayEdit", mayEdit(user))
                .addAttribute("sampleDue", LocalDate.now(clock).plusDays(14));
        return "policy";
    }

    private static Map<String, Object> row(String offset, Set<String> channels, String template, String tone, boolean escalate) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("offsetDays", offset);
        row.put("channels", channels);
        row.put("template", template);
        row.put("tone", tone);
        row.put("escalate", escalate);
        return row;
    }

    /**
     * The form as the policy API takes it. Step rows are {@code steps[i].offsetDays}, {@code steps[i].template},
     * {@code steps[i].tone}, {@code steps[i].escalate} and {@code steps[i].channel.EMAIL} (a checkbox per channel); a row
     * with neither offset nor template is left out (the empty rows at the end are there for new steps).
     */
    static Map<String, Object> request(Map<String, String> form) {
        Map<String, Object> policy = new LinkedHashMap<>();
        policy.put("name", form.getOrDefault("name", ""));
        policy.put("repeatEveryDays", number(form.get("repeatEveryDays")));
        policy.put("repeatMaxTimes", number(form.get("repeatMaxTimes")));
        policy.put("businessDaysOnly", form.containsKey("businessDaysOnly"));
        policy.put("sendFrom", blankToNull(form.get("sendFrom")));
        policy.put("sendUntil", blankToNull(form.get("sendUntil")));
        List<Map<String, Object>> steps = new ArrayList<>();
        for (int i = 0; form.containsKey("steps[" + i + "].offsetDays") || form.containsKey("steps[" + i + "].template"); i++) {
            String at = "steps[" + i + "].";
            String offset = form.getOrDefault(at + "offsetDays", "").strip();
            String template = form.getOrDefault(at + "template", "").strip();
            if (offset.isEmpty() && template.isEmpty()) {
                continue;
            }
            Map<String, Object> step = new LinkedHashMap<>();
            step.put("offsetDays", number(offset));
            step.put("channels", CHANNELS.stream().filter(c -> form.containsKey(at + "channel." + c)).toList());
            step.put("template", template);
            step.put("tone", form.getOrDefault(at + "tone", "FRIENDLY"));
            step.put("escalate", form.containsKey(at + "escalate"));
            steps.add(step);
        }
        policy.put("steps", steps);
        return policy;
    }

    /** The fields a refusal may name: the form's own, and each step row's as the service names them. */
    private static Set<String> fields(Map<String, String> form) {
        Set<String> fields = new LinkedHashSet<>(List.of("name", "repeatEveryDays", "repeatMaxTimes", "sendFrom", "sendUntil", "steps"));
        for (int i = 0; i < 30; i++) {
            for (String field : List.of("offsetDays", "channels", "template", "tone")) {
                fields.add("steps[" + i + "]." + field);
            }
        }
        return fields;
    }

    /** A whole number as a number; anything else as typed, for the service to refuse by name. */
    private static Object number(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            return text.strip();
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }

    private LocalDate sampleDueDate(String text) {
        try {
            return text == null || text.isBlank() ? LocalDate.now(clock).plusDays(14) : LocalDate.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            return LocalDate.now(clock).plusDays(14);
        }
    }

    private static boolean mayEdit(StaffPrincipal user) {
        return user.has(Role.ADMIN) || user.has(Role.COLLECTOR);
    }
}
