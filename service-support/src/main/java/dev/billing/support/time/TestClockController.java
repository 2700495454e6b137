package dev.billing.support.time;

import dev.billing.support.web.ApiProblem;
import java.time.Instant;
import java.util.Map;
import org.springframework.core.env.Environment;
import org.springframework.core.env.Profiles;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET/PUT /api/test-clock}: read or move the platform time. Refused in the production profile. */
@RestController
@RequestMapping("/api/test-clock")
public class TestClockController {
    private final TestClock testClock;
    private final Environment environment;

    public TestClockController(TestClock testClock, Environment environment) {
        this.testClock = testClock;
        this.environment = environment;
    }

    public record MoveRequest(Instant now) {
    }

    @GetMapping
    public Map<String, Object> now() {
        refuseInProduction();
        return Map.of("now", testClock.now(), "offsetMillis", testClock.offsetMillis());
    }

    @PutMapping
    public Map<String, Object> move(@RequestBody MoveRequest request) {
        refuseInProduction();
        if (request == null || request.now() == null) {
            throw ApiProblem.badRequest("now", "must be an ISO-8601 instant, e.g. 2027-01-01T00:00:00Z");
        }
        if (request.now().isAfter(Instant.now().plus(java.time.Duration.ofDays(36_500)))) {
            throw ApiProblem.badRequest("now", "must be within 100 years from today");
        }
        if (request.now().isBefore(testClock.now())) {
            throw ApiProblem.conflict("now", "the test clock only moves forward; platform time is " + testClock.now());
        }
        testClock.moveTo(request.now());
        return now();
    }

    private void refuseInProduction() {
        if (environment.acceptsProfiles(Profiles.of("production"))) {
            throw new ApiProblem(HttpStatus.FORBIDDEN, "Test clock disabled", null,
                    "The test clock is not available in production");
        }
    }
}
