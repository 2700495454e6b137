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
 * The collection task inbox: open tasks that are mine, the team's, due by today or overdue (reminder-service decides
 * what today is, by its clock), each with what happened and what to do; take one, comment, complete.
 */
@Controller
class TaskPages {
    static final List<String> VIEWS = List.of("mine", "team", "due-today", "overdue");
    private final ServiceCalls services;

    TaskPages(ServiceCalls services) {
        this.services = services;
    }

    @GetMapping("/tasks")
    String tasks(@AuthenticationPrincipal StaffPrincipal user, @RequestParam(defaultValue = "team") String view, Model model) {
        String shown = VIEWS.contains(view) ? view : "team";
        Map<String, Object> query = new LinkedHashMap<>();
        query.put("status", "OPEN");
        query.put("size", 200);
        switch (shown) {
            case "mine" -> query.put("assignee", user.getUsername());
            case "due-today" -> query.put("due", "TODAY");
            case "overdue" -> query.put("due", "OVERDUE");
            default -> { }
        }
        ServiceCalls.Answer tasks = services.get(user, "reminder", "/api/reminders/tasks", query);
        model.addAttribute("view", shown).addAttribute("views", VIEWS)
                .addAttribute("tasks", tasks.ok() ? tasks.body() : List.of())
                .addAttribute("error", tasks.ok() ? null : tasks.problem())
                .addAttribute("mayWork", user.has(Role.ADMIN) || user.has(Role.COLLECTOR));
        return "tasks";
    }

    @PostMapping("/tasks/{id}/take")
    String take(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID id, @RequestParam(defaultValue = "team") String view,
                RedirectAttributes redirect) {
        ServiceCalls.Answer answer = services.post(user, "reminder", "/api/reminders/tasks/" + id + "/assign",
                Map.of("assignee", user.getUsername()));
        return Refusal.outcome(answer, redirect, "task-" + id, "tasks.taken", Map.of(), Set.of(), inbox(view));
    }

    @PostMapping("/tasks/{id}/comments")
    String comment(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID id, @RequestParam Map<String, String> form,
                   RedirectAttributes redirect) {
        ServiceCalls.Answer answer = services.post(user, "reminder", "/api/reminders/tasks/" + id + "/comments",
                Map.of("text", form.getOrDefault("text", "")));
        return Refusal.outcome(answer, redirect, "task-" + id, "tasks.commented", form, Set.of("text"),
                inbox(form.getOrDefault("view", "team")));
    }

    @PostMapping("/tasks/{id}/complete")
    String complete(@AuthenticationPrincipal StaffPrincipal user, @PathVariable UUID id, @RequestParam Map<String, String> form,
                    RedirectAttributes redirect) {
        ServiceCalls.Answer answer = services.post(user, "reminder", "/api/reminders/tasks/" + id + "/complete",
                        Map.of("resolution", form.getOrDefault("resolution", "")));
        return Refusal.outcome(answer, redirect, "task-" + id, "tasks.completed", form, Set.of("resolution"),
                inbox(form.getOrDefault("view", "team")));
    }

    private static String inbox(String view) {
        return "/tasks?view=" + (VIEWS.contains(view) ? view : "team");
    }
}
