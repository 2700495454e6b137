package dev.billing.notification.template;

import dev.billing.support.events.Actor;
import dev.billing.support.web.ApiProblem;
import dev.billing.support.web.RequestValues;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/notifications/templates}: the message templates per code, language and channel. {@code PUT} stores a new
 * version (a new code of a known kind makes a new template: a dunning policy can then name it); {@code preview}
 * renders a text with sample values. A placeholder the kind does not know is a 422 naming it.
 */
@RestController
class TemplateController {
    private static final Set<String> LANGUAGES = Set.of("tr", "en", "hu");
    private static final Set<String> CHANNELS = Set.of("EMAIL", "PANEL", "SMS", "WHATSAPP", "STAFF");
    private static final int MAX_BODY = 10_000;
    private final Templates templates;
    private final Clock clock;

    TemplateController(Templates templates, Clock clock) {
        this.templates = templates;
        this.clock = clock;
    }

    record TemplateText(String subject, String body) {
    }

    record Preview(String subject, String body, Map<String, String> sample) {
    }

    @GetMapping("/api/notifications/templates")
    List<Templates.Template> list() {
        return templates.all();
    }

    @GetMapping("/api/notifications/templates/{code}/{language}/{channel}")
    Templates.Template get(@PathVariable String code, @PathVariable String language, @PathVariable String channel,
                           @RequestParam(required = false) Integer version) {
        return templates.exactly(code, language, channel, version)
                .orElseThrow(() -> ApiProblem.notFound("Template", code + "/" + language + "/" + channel + (version == null ? "" : " version " + version)));
    }

    @PutMapping("/api/notifications/templates/{code}/{language}/{channel}")
    @Transactional
    Templates.Template save(@PathVariable String code, @PathVariable String language, @PathVariable String channel,
                            @RequestBody TemplateText text) {
        checked(code, language, channel, text);
        return templates.save(code, language, channel, text.subject().strip(), text.body().strip(), Actor.current().id(), clock.instant());
    }

    @PostMapping("/api/notifications/templates/{code}/{language}/{channel}/preview")
    Preview preview(@PathVariable String code, @PathVariable String language, @PathVariable String channel, @RequestBody TemplateText text) {
        Map<String, String> sample = checked(code, language, channel, text);
        return new Preview(MessageText.fill(text.subject(), sample), MessageText.fill(text.body(), sample), sample);
    }

    /** The sample values of the template's kind, once every part of the request is fine. */
    private static Map<String, String> checked(String code, String language, String channel, TemplateText text) {
        if (!code.matches("[a-z0-9][a-z0-9-]{0,63}")) {
            throw ApiProblem.badRequest("code", "must be a template code such as reminder-friendly");
        }
        Map<String, String> known = Placeholders.of(code);
        if (known.isEmpty()) {
            throw ApiProblem.badRequest("code", "must be one of " + new java.util.TreeSet<>(Placeholders.BY_CODE.keySet()) + " or start with reminder-: those are the messages sent");
        }
        if (!LANGUAGES.contains(language)) {
            throw ApiProblem.badRequest("language", "must be one of tr, en, hu");
        }
        if (!CHANNELS.contains(channel)) {
            throw ApiProblem.badRequest("channel", "must be one of " + CHANNELS);
        }
        if (text.subject() == null || text.subject().isBlank() || text.subject().length() > 300) {
            throw ApiProblem.badRequest("subject", "must be 1-300 characters");
        }
        RequestValues.singleLine("subject", text.subject());
        if (channel.equals("WHATSAPP") && !text.subject().strip().matches("[a-z0-9_]{1,512}")) {
            throw ApiProblem.badRequest("subject", "must be the name of a template WhatsApp approved (lower-case letters, digits and _);"
                    + " each line of the body is one of its parameters");
        }
        if (text.body() == null || text.body().isBlank() || text.body().length() > MAX_BODY) {
            throw ApiProblem.badRequest("body", "must be 1-" + MAX_BODY + " characters");
        }
        RequestValues.multiLine("body", text.body());
        for (String field : List.of("subject", "body")) {
            List<String> unknown = Placeholders.unknown(field.equals("subject") ? text.subject() : text.body(), known.keySet());
            if (!unknown.isEmpty()) {
                throw ApiProblem.unprocessable(field, "unknown placeholder {" + unknown.get(0) + "}; this template knows "
                        + known.keySet().stream().sorted().map(k -> "{" + k + "}").toList());
            }
        }
        return known;
    }
}
