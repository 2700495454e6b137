package dev.billing.support.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billing.support.web.ApiProblem;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;
import org.springframework.messaging.Message;
import org.springframework.messaging.support.MessageBuilder;

class TestClockControllerTest {
    private final PlatformClock clock = new PlatformClock(Clock.systemUTC());

    private static Message<byte[]> moved(long offsetMillis, String source) {
        return MessageBuilder.withPayload(("{\"now\":\"2099-01-01T00:00:00Z\",\"offsetMillis\":" + offsetMillis + "}").getBytes())
                .setHeader("ce_id", "1").setHeader("ce_type", "platform.test-clock.moved.v1").setHeader("ce_source", source)
                .setHeader("ce_time", "2026-01-01T00:00:00Z").build();
    }

    @Test
    void anOffTestClockRefusesTheEndpointAndIgnoresBroadcasts() {
        TestClock off = new TestClock(clock, null, List::of, "/test", false);
        TestClockController controller = new TestClockController(off);

        assertThatThrownBy(controller::now).isInstanceOfSatisfying(ApiProblem.class,
                p -> assertThat(p.status()).isEqualTo(HttpStatus.FORBIDDEN));
        assertThatThrownBy(() -> controller.move(new TestClockController.MoveRequest(Instant.now().plusSeconds(60))))
                .isInstanceOf(ApiProblem.class);
        off.onMessage(moved(999_999_999L, "/other"));
        assertThat(clock.offsetMillis()).isZero();
    }

    @Test
    void aRepeatedMoveFromAnotherServiceRunsTheDueWorkAgainButTheOwnEchoDoesNot() {
        List<Instant> runs = new ArrayList<>();
        TestClock on = new TestClock(clock, null, () -> List.of(runs::add), "/billing-service", true);

        on.onMessage(moved(60_000, "/invoice-service"));
        on.onMessage(moved(60_000, "/invoice-service"));
        on.onMessage(moved(60_000, "/billing-service"));
        on.onMessage(moved(30_000, "/invoice-service"));

        assertThat(runs).hasSize(2);
        assertThat(clock.offsetMillis()).isEqualTo(60_000);
    }

    @Test
    void anOnTestClockAnswersThePlatformTime() {
        TestClockController controller = new TestClockController(new TestClock(clock, null, List::of, "/test", true));
        assertThat(controller.now()).containsKeys("now", "offsetMillis");
    }
}
