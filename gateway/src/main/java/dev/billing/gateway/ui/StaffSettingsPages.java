package dev.billing.gateway.ui;

import dev.billing.gateway.staff.ManagingStaff;
import dev.billing.gateway.staff.StaffProblem;
import dev.billing.gateway.staff.StaffUsers;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Settings, ADMIN only: staff users and their roles (create, disable or enable, reset a password). */
@Controller
class StaffSettingsPages {
    private final ManagingStaff staff;
    private final StaffUsers users;
    private final java.time.Clock clock;

    StaffSettingsPages(ManagingStaff staff, StaffUsers users, java.time.Clock gatewayClock) {
        this.staff = staff;
        this.users = users;
        this.clock = gatewayClock;
    }

    @GetMapping("/settings/users")
    String users(Model model) {
        model.addAttribute("users", users.page(0, 200)).addAttribute("allRoles", List.of(dev.billing.events.access.Role.values()))
                .addAttribute("now", clock.instant());
        return "users";
    }

    @PostMapping("/settings/users")
    String create(@RequestParam(required = false) String username, @RequestParam(required = false) String displayName,
                  @RequestParam(required = false) String password, @RequestParam(required = false) List<String> roles,
                  RedirectAttributes redirect) {
        try {
            staff.create(new ManagingStaff.NewUser(username, displayName, password, roles));
            redirect.addFlashAttribute("notice", "users.created");
        } catch (StaffProblem problem) {
            redirect.addFlashAttribute("formError", problem.getMessage()).addFlashAttribute("formField", problem.field())
                    .addFlashAttribute("formUsername", username).addFlashAttribute("formDisplayName", displayName);
        }
        return "redirect:/settings/users";
    }

    @PostMapping("/settings/users/{username}/enabled")
    String enable(@PathVariable String username, @RequestParam boolean enabled, RedirectAttributes redirect) {
        try {
            staff.change(username, new ManagingStaff.Change(null, null, enabled));
            redirect.addFlashAttribute("notice", enabled ? "users.enabled" : "users.disabled");
        } catch (StaffProblem problem) {
            redirect.addFlashAttribute("formError", problem.getMessage());
        }
        return "redirect:/settings/users";
    }

    @PostMapping("/settings/users/{username}/password")
    String resetPassword(@PathVariable String username, @RequestParam(required = false) String password, RedirectAttributes redirect) {
        try {
            staff.resetPassword(username, password);
            redirect.addFlashAttribute("notice", "users.passwordReset");
        } catch (StaffProblem problem) {
            redirect.addFlashAttribute("formError", username + ": " + problem.getMessage()).addFlashAttribute("formField", problem.field());
        }
        return "redirect:/settings/users";
    }
}
