package dev.billing.gateway.ui;

import dev.billing.gateway.staff.StaffPrincipal;
import java.util.Map;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Settings, ADMIN only: the platform time when the test clock is on (billing-service answers 403 when it is off). */
@Controller
class TestClockPage {
    private final ServiceCalls services;

    TestClockPage(ServiceCalls services) {
        this.services = services;
    }

    @GetMapping("/settings/test-clock")
    String clock(@AuthenticationPrincipal StaffPrincipal user, Model model) {
        ServiceCalls.Answer answer = services.get(user, "billing", "/api/test-clock", Map.of());
        model.addAttribute("now", answer.ok() ? answer.body().path("now").asString() : null)
                .addAttribute("error", answer.ok() ? null : answer.problem());
        return "test-clock";
    }

    @PostMapping("/settings/test-clock")
    String move(@AuthenticationPrincipal StaffPrincipal user, @RequestParam(required = false) String now, RedirectAttributes redirect) {
        // a datetime-local field sends 2027-03-05T09:00; the clock takes an instant, read as UTC
        String instant = now != null && now.matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}") ? now + ":00Z" : now;
        ServiceCalls.Answer answer = services.put(user, "billing", "/api/test-clock", Map.of("now", instant == null ? "" : instant));
        if (answer.ok()) {
            redirect.addFlashAttribute("notice", "clock.moved");
        } else {
            redirect.addFlashAttribute("formError", answer.problem());
        }
        return "redirect:/settings/test-clock";
    }
}
