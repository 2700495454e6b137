package dev.billing.reminder.task;

import dev.billing.support.events.Actor;
import dev.billing.support.web.ApiProblem;
import dev.billing.support.web.RequestValues;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/reminders/tasks}: the collection tasks, by assignee, status, customer and due date ({@code dueBy}, or
 * {@code due=TODAY|OVERDUE} by the service's clock), paged with {@code X-Total-Count}; assign, comment, complete.
 */
@RestController
public class TaskController {
    private final CollectionTasks tasks;
    private final Clock clock;

    TaskController(CollectionTasks tasks, Clock clock) {
        this.tasks = tasks;
        this.clock = clock;
    }

    public record AssignRequest(@NotBlank @Size(max = 64) String assignee) {
    }

    public record CommentRequest(@NotBlank @Size(max = 4000) String text) {
    }

    public record CompleteRequest(@NotBlank @Size(max = 1000) String resolution) {
    }

    @GetMapping("/api/reminders/tasks")
    public List<CollectionTasks.Task> list(@RequestParam(required = false) String assignee, @RequestParam(required = false) String status,
                                           @RequestParam(required = false) UUID customerId, @RequestParam(required = false) LocalDate dueBy,
                                           @RequestParam(required = false) String due,
                                           @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
                                           HttpServletResponse response) {
        if (size < 1 || size > 500) {
            throw ApiProblem.badRequest("size", "must be between 1 and 500");
        }
        if (page < 0) {
            throw ApiProblem.badRequest("page", "must be 0 or more");
        }
        String state = status == null || status.isBlank() ? null : status.strip().toUpperCase(Locale.ROOT);
        if (state != null && !List.of(CollectionTasks.OPEN, CollectionTasks.DONE, CollectionTasks.CLOSED).contains(state)) {
            throw ApiProblem.badRequest("status", "must be OPEN, DONE or CLOSED");
        }
        // due=TODAY: due by today, OVERDUE: due before today (today in UTC at platform time)
        LocalDate today = clock.instant().atOffset(ZoneOffset.UTC).toLocalDate();
        LocalDate by = dueBy;
        if (due != null && !due.isBlank()) {
            switch (due.strip().toUpperCase(Locale.ROOT)) {
                case "TODAY" -> by = today;
                case "OVERDUE" -> by = today.minusDays(1);
                default -> throw ApiProblem.badRequest("due", "must be TODAY or OVERDUE");
            }
        }
        CollectionTasks.Filter filter = new CollectionTasks.Filter(assignee == null || assignee.isBlank() ? null : assignee.strip(),
                state, customerId, by);
        response.setHeader("X-Total-Count", Long.toString(tasks.count(filter)));
        return tasks.list(filter, page, size);
    }

    @GetMapping("/api/reminders/tasks/{id}")
    public CollectionTasks.Task get(@PathVariable UUID id) {
        return tasks.find(id).orElseThrow(() -> ApiProblem.notFound("Task", id));
    }

    @PostMapping("/api/reminders/tasks/{id}/assign")
    @Transactional
    public CollectionTasks.Task assign(@PathVariable UUID id, @Valid @RequestBody AssignRequest request) {
        if (!tasks.assign(id, RequestValues.singleLine("assignee", request.assignee()).strip())) {
            throw ApiProblem.notFound("Task", id);
        }
        return get(id);
    }

    @PostMapping("/api/reminders/tasks/{id}/comments")
    @Transactional
    public CollectionTasks.Task comment(@PathVariable UUID id, @Valid @RequestBody CommentRequest request) {
        get(id);
        tasks.comment(id, Actor.current().name(), request.text().strip(), clock.instant());
        return get(id);
    }

    @PostMapping("/api/reminders/tasks/{id}/complete")
    @Transactional
    public CollectionTasks.Task complete(@PathVariable UUID id, @Valid @RequestBody CompleteRequest request) {
        CollectionTasks.Task task = get(id);
        if (!tasks.complete(id, RequestValues.singleLine("resolution", request.resolution()).strip(), clock.instant())) {
            throw ApiProblem.conflict("status", "the task is " + task.status() + " already");
        }
        return get(id);
    }
}
