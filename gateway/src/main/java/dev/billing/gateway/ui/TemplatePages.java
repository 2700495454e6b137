package dev.billing.gateway.ui;

import dev.billing.gateway.staff.StaffPrincipal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The message templates in the staff UI (settings, ADMIN): every template by code, language and channel with its
 * version; one template's form, previewed from a sample invoice while it is typed (htmx, the service's
 * {@code /preview}); saving makes a new version, and an unknown placeholder is refused next to the field that has it.
 */
@Controller
class TemplatePages {
    private final ServiceCalls services;

    TemplatePages(ServiceCalls services) {
        this.services = services;
    }

    @GetMapping("/settings/templates")
    String templates(@AuthenticationPrincipal StaffPrincipal user, Model model) {
        ServiceCalls.Answer templates = services.get(user, "notification", "/api/notifications/templates", Map.of());
        model.addAttribute("templates", templates.ok() ? templates.body() : List.of())
                .addAttribute("error", templates.ok() ? null : templates.problem());
        return "message-templates";
    }

    @GetMapping("/settings/templates/{code}/{language}/{channel}")
    String template(@AuthenticationPrincipal StaffPrincipal user, @PathVariable String code, @PathVariable String language,
                    @PathVariable String channel, Model model) {
        ServiceCalls.Answer template = services.get(user, "notification", path(code, language, channel), Map.of());
        model.addAttribute("template", template.ok() ? template.body() : null)
                .addAttribute("error", template.ok() ? null : template.problem())
                .addAttribute("code", code).addAttribute("language", language).addAttribute("channel", channel);
        return "message-template";
    }

    @PostMapping("/settings/templates/{code}/{language}/{channel}")
    String save(@AuthenticationPrincipal StaffPrincipal user, @PathVariable String code, @PathVariable String language,
                @PathVariable String channel, @RequestParam Map<String, String> form, RedirectAttributes redirect) {
        ServiceCalls.Answer answer = services.put(user, "notification", path(code, language, channel), text(form));
        return Refusal.outcome(answer, redirect, "template", "templates.saved", form, Set.of("subject", "body"),
                "/settings/templates/" + code + "/" + language + "/" + channel);
    }

    /** The template as typed, filled with the sample invoice's values: a fragment of the form page. */
    @PostMapping("/settings/templates/{code}/{language}/{channel}/preview")
    String preview(@AuthenticationPrincipal StaffPrincipal user, @PathVariable String code, @PathVariable String language,
                   @PathVariable String channel, @RequestParam Map<String, String> form, Model model) {
        ServiceCalls.Answer answer = services.post(user, "notification", path(code, language, channel) + "/preview", text(form));
        model.addAttribute("preview", answer.ok() ? answer.body() : null)
                .addAttribute("previewError", answer.ok() ? null : (answer.field() == null ? "" : answer.field() + ": ") + answer.problem());
        return "message-template :: preview";
    }

    private static Map<String, String> text(Map<String, String> form) {
        return Map.of("subject", form.getOrDefault("subject", ""), "body", form.getOrDefault("body", ""));
    }

    private static String path(String code, String language, String channel) {
        return "/api/notifications/templates/" + code + "/" + language + "/" + channel;
    }
}
