package dev.billing.support.time;

import dev.billing.support.web.ApiProblem;
import java.time.Instant;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET/PUT /api/test-clock}: read or move the platform time. Refused (403) unless the {@code test-clock} profile is active. */
@RestController
@RequestMapping("/api/test-clock")
public class TestClockController {
    private final TestClock testClock;

    public TestClockController(TestClock testClock) {
        this.testClock = testClock;
    }

    public record MoveRequest(Instant now) {
    }

    @GetMapping
    public Map<String, Object> now() {
        refuseUnlessEnabled();
        return Map.of("now", testClock.now(), "offsetMillis", testClock.offsetMillis());
    }

    @PutMapping
    public Map<String, Object> move(@RequestBody MoveRequest request) {
        refuseUnlessEnabled();
        if (request == null || request.now() == null) {
            throw ApiProblem.badRequest("now", "must be an ISO-8601 instant, e.g. 2027-01-01T00:00:00Z");
        }
        if (request.now().isAfter(Instant.now().plus(java.time.Duration.ofDays(36_500)))) {
            throw ApiProblem.badRequest("now", "must be within 100 years from today");
        }
        if (request.now().isBefore(testClock.now()) && !testClock.isLastMove(request.now())) {
            throw ApiProblem.conflict("now", "the test clock only moves forward; platform time is " + testClock.now());
        }
        testClock.moveTo(request.now());
        return now();
    }

    private void refuseUnlessEnabled() {
        if (!testClock.enabled()) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "Test clock disabled", null,
                    "The test clock exists only with the Spring profile '" + TestClock.PROFILE + "'");
        }
    }
}
