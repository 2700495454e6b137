package dev.billing.reporting.activity;

import dev.billing.support.web.ApiProblem;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /api/activity}: who did what and when, per customer, in the order it happened (paged with
 * {@code page}/{@code size}, the total in {@code X-Total-Count}). Each entry is one event: its type, who caused it
 * ({@code actor}: a staff member, a machine client or {@code system}), when, and what changed (the event's data).
 */
@RestController
class ActivityController {
    private static final int MAX_SIZE = 500;
    private final ActivityLog log;

    ActivityController(ActivityLog log) {
        this.log = log;
    }

    @GetMapping("/api/activity")
    List<ActivityLog.Entry> activity(@RequestParam(required = false) UUID customerId, @RequestParam(required = false) String actor,
                                     @RequestParam(required = false) Instant from, @RequestParam(required = false) Instant to,
                                     @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size,
                                     HttpServletResponse response) {
        if (page < 0) {
            throw ApiProblem.badRequest("page", "must not be negative");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw ApiProblem.badRequest("size", "must be between 1 and " + MAX_SIZE);
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw ApiProblem.badRequest("to", "must be after from");
        }
        ActivityLog.Query query = new ActivityLog.Query(customerId, actor == null || actor.isBlank() ? null : actor, from, to, page, size);
        response.setHeader("X-Total-Count", Long.toString(log.count(query)));
        return log.page(query);
    }
}
