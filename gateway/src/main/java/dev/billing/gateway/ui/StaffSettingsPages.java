package dev.billing.gateway.ui;

import dev.billing.events.access.Role;
import dev.billing.gateway.GatewayProblem;
import dev.billing.gateway.auth.MachineClients;
import dev.billing.gateway.clients.ManagingMachineClients;
import dev.billing.gateway.clients.RegisteredMachineClients;
import dev.billing.gateway.staff.ManagingStaff;
import dev.billing.gateway.staff.StaffPrincipal;
import dev.billing.gateway.staff.StaffUsers;
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
 * Settings, ADMIN only: staff users (create, change roles, disable or enable, reset a password) and machine clients
 * (register, change roles, disable or enable, new secret; the secret is shown once).
 */
@Controller
class StaffSettingsPages {
    private final ManagingStaff staff;
    private final StaffUsers users;
    private final ManagingMachineClients managingClients;
    private final RegisteredMachineClients registeredClients;
    private final MachineClients configuredClients;
    private final java.time.Clock clock;

    StaffSettingsPages(ManagingStaff staff, StaffUsers users, ManagingMachineClients managingClients,
                       RegisteredMachineClients registeredClients, MachineClients configuredClients, java.time.Clock gatewayClock) {
        this.staff = staff;
        this.users = users;
        this.managingClients = managingClients;
        this.registeredClients = registeredClients;
        this.configuredClients = configuredClients;
        this.clock = gatewayClock;
    }

    @GetMapping("/settings/users")
    String users(Model model) {
        model.addAttribute("users", users.page(0, 200)).addAttribute("allRoles", List.of(Role.values()))
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
        } catch (GatewayProblem problem) {
            Refusal.keep(redirect, "user", problem, typed("username", username, "displayName", displayName),
                    Set.of("username", "displayName", "password", "roles"));
        }
        return "redirect:/settings/users";
    }

    @PostMapping("/settings/users/{username}/enabled")
    String enable(@PathVariable String username, @RequestParam boolean enabled, RedirectAttributes redirect) {
        try {
            staff.change(username, new ManagingStaff.Change(null, null, enabled));
            redirect.addFlashAttribute("notice", enabled ? "users.enabled" : "users.disabled");
        } catch (GatewayProblem problem) {
            redirect.addFlashAttribute("formError", problem.getMessage());
        }
        return "redirect:/settings/users";
    }

    @PostMapping("/settings/users/{username}/roles")
    String changeRoles(@PathVariable String username, @RequestParam(required = false) List<String> roles, RedirectAttributes redirect) {
        try {
            staff.change(username, new ManagingStaff.Change(null, roles == null ? List.of() : roles, null));
            redirect.addFlashAttribute("notice", "users.rolesChanged");
        } catch (GatewayProblem problem) {
            redirect.addFlashAttribute("formError", username + ": " + problem.getMessage()).addFlashAttribute("formField", problem.field());
        }
        return "redirect:/settings/users";
    }

    @PostMapping("/settings/users/{username}/password")
    String resetPassword(@PathVariable String username, @RequestParam(required = false) String password, RedirectAttributes redirect) {
        try {
            staff.resetPassword(username, password);
            redirect.addFlashAttribute("notice", "users.passwordReset");
        } catch (GatewayProblem problem) {
            redirect.addFlashAttribute("formError", username + ": " + problem.getMessage()).addFlashAttribute("formField", problem.field());
        }
        return "redirect:/settings/users";
    }

    @GetMapping("/settings/clients")
    String clients(Model model) {
        model.addAttribute("configured", configuredClients.all().entrySet().stream()
                        .map(c -> Map.entry(c.getKey(), c.getValue().roles().stream().map(Enum::name).sorted().toList())).toList())
                .addAttribute("clients", registeredClients.all()).addAttribute("allRoles", List.of(Role.values()));
        return "clients";
    }

    @PostMapping("/settings/clients")
    String registerClient(@AuthenticationPrincipal StaffPrincipal user, @RequestParam(required = false) String clientId,
                          @RequestParam(required = false) List<String> roles, RedirectAttributes redirect) {
        try {
            showSecret(redirect, managingClients.register(new ManagingMachineClients.NewClient(clientId, roles), user.getUsername()));
        } catch (GatewayProblem problem) {
            Refusal.keep(redirect, "client", problem, typed("clientId", clientId), Set.of("clientId", "roles"));
        }
        return "redirect:/settings/clients";
    }

    @PostMapping("/settings/clients/{clientId}/enabled")
    String enableClient(@PathVariable String clientId, @RequestParam boolean enabled, RedirectAttributes redirect) {
        return changeClient(clientId, new ManagingMachineClients.Change(null, enabled), enabled ? "clients.enabled" : "clients.disabled",
                redirect);
    }

    @PostMapping("/settings/clients/{clientId}/roles")
    String changeClientRoles(@PathVariable String clientId, @RequestParam(required = false) List<String> roles,
                             RedirectAttributes redirect) {
        return changeClient(clientId, new ManagingMachineClients.Change(roles == null ? List.of() : roles, null),
                "clients.rolesChanged", redirect);
    }

    private String changeClient(String clientId, ManagingMachineClients.Change change, String notice, RedirectAttributes redirect) {
        try {
            managingClients.change(clientId, change);
            redirect.addFlashAttribute("notice", notice);
        } catch (GatewayProblem problem) {
            redirect.addFlashAttribute("formError", clientId + ": " + problem.getMessage());
        }
        return "redirect:/settings/clients";
    }

    @PostMapping("/settings/clients/{clientId}/secret")
    String renewSecret(@PathVariable String clientId, RedirectAttributes redirect) {
        try {
            showSecret(redirect, managingClients.renewSecret(clientId));
        } catch (GatewayProblem problem) {
            redirect.addFlashAttribute("formError", clientId + ": " + problem.getMessage());
        }
        return "redirect:/settings/clients";
    }

    /** What was typed into a refused form (never its password): name, value, name, value... */
    private static Map<String, String> typed(String... namesAndValues) {
        Map<String, String> typed = new java.util.HashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            if (namesAndValues[i + 1] != null) {
                typed.put(namesAndValues[i], namesAndValues[i + 1]);
            }
        }
        return typed;
    }

    /** The new secret, on the next page only: it is not kept anywhere but as a hash. */
    private static void showSecret(RedirectAttributes redirect, ManagingMachineClients.WithSecret made) {
        redirect.addFlashAttribute("issuedClientId", made.client().clientId()).addFlashAttribute("issuedSecret", made.secret());
    }
}
