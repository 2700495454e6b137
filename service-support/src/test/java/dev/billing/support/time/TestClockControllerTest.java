package dev.billing.support.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billing.support.web.ApiProblem;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.mock.env.MockEnvironment;

class TestClockControllerTest {
    private final PlatformClock clock = new PlatformClock(Clock.systemUTC());
    private final TestClock testClock = new TestClock(clock, null, List::of, "/test", true);

    @Test
    void productionRefusesTheTestClock() {
        MockEnvironment production = new MockEnvironment();
        production.setActiveProfiles("production");
        TestClockController controller = new TestClockController(testClock, production);
        assertThatThrownBy(controller::now).isInstanceOfSatisfying(ApiProblem.class,
                p -> assertThat(p.status()).isEqualTo(HttpStatus.FORBIDDEN));
        assertThatThrownBy(() -> controller.move(new TestClockController.MoveRequest(Instant.now().plusSeconds(60))))
                .isInstanceOf(ApiProblem.class);
        assertThat(clock.offsetMillis()).isZero();
    }

    @Test
    void disabledTestClockIgnoresBroadcasts() {
        TestClock production = new TestClock(clock, null, List::of, "/test", false);
        org.springframework.messaging.Message<byte[]> moved = org.springframework.messaging.support.MessageBuilder
                .withPayload(("{\"now\":\"2099-01-01T00:00:00Z\",\"offsetMillis\":999999999}").getBytes())
                .setHeader("ce_id", "1").setHeader("ce_type", "platform.test-clock.moved.v1")
                .setHeader("ce_time", "2026-01-01T00:00:00Z").build();
        production.onMessage(moved);
        assertThat(clock.offsetMillis()).isZero();
    }

    @Test
    void outsideProductionItAnswersThePlatformTime() {
        TestClockController controller = new TestClockController(testClock, new MockEnvironment());
        assertThat(controller.now()).containsKeys("now", "offsetMillis");
    }
}
