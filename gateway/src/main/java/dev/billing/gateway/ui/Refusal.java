package dev.billing.gateway.ui;

import dev.billing.gateway.GatewayProblem;
import java.io.Serializable;
import java.util.Map;
import java.util.Set;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * A form the service refused, kept for the page the user is sent back to: the service's message goes next to
 * the field its problem names when the form has that field, above the form otherwise, and the form shows
 * again what was typed.
 */
public record Refusal(String form, String field, String message, Map<String, String> values) implements Serializable {

    /**
     * The outcome of a form the page sent on to a service: on success {@code notice} for the next page, on refusal
     * the refusal ({@link #keep}); either way the browser goes to {@code next}.
     */
    static String outcome(ServiceCalls.Answer answer, RedirectAttributes redirect, String form, String notice,
                          Map<String, String> typed, Set<String> fields, String next) {
        if (answer.ok()) {
            redirect.addFlashAttribute("notice", notice);
        } else {
            keep(redirect, form, answer, typed, fields);
        }
        return "redirect:" + next;
    }

    /** Keeps a service's refusal of {@code form} (whose inputs are {@code fields}) for the next page as {@code refused}. */
    static void keep(RedirectAttributes redirect, String form, ServiceCalls.Answer answer, Map<String, String> typed,
                     Set<String> fields) {
        keep(redirect, form, answer.field(), answer.problem(), typed, fields);
    }

    /** The same for the gateway's own refusals (staff users, machine clients). */
    static void keep(RedirectAttributes redirect, String form, GatewayProblem problem, Map<String, String> typed,
                     Set<String> fields) {
        keep(redirect, form, problem.field(), problem.getMessage(), typed, fields);
    }

    /** The same for a refusal the page itself makes (the gateway's own upload limits). */
    static void keep(RedirectAttributes redirect, String form, String field, String message, Map<String, String> typed,
                             Set<String> fields) {
        boolean besideField = field != null && fields.contains(field);
        Map<String, String> values = new java.util.HashMap<>(typed);
        values.remove("_csrf");
        redirect.addFlashAttribute("refused", new Refusal(form, besideField ? field : null,
                besideField || field == null ? message : field + ": " + message, Map.copyOf(values)));
    }

    /** Whether the message belongs next to this field of this form. */
    public boolean at(String form, String field) {
        return this.form.equals(form) && field.equals(this.field);
    }

    /** Whether the message belongs above this form (it names no field of it). */
    public boolean above(String form) {
        return this.form.equals(form) && field == null;
    }

    /** What was typed into the field, if this form was refused. */
    public String value(String form, String field) {
        return this.form.equals(form) ? values.get(field) : null;
    }
}
