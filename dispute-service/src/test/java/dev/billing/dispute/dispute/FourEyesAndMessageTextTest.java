package dev.billing.dispute.dispute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billing.events.access.Role;
import dev.billing.support.web.ApiProblem;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class FourEyesAndMessageTextTest {

    @Test
    void anAccountantOrAdminWhoDidNotProposeItApproves() {
        assertThatCode(() -> FourEyes.check("ayse", "mehmet", Set.of(Role.ACCOUNTANT))).doesNotThrowAnyException();
        assertThatCode(() -> FourEyes.check("ayse", "admin", Set.of(Role.ADMIN))).doesNotThrowAnyException();
    }

    @Test
    void theProposerCannotApproveTheirOwnProposalEvenAsAccountant() {
        assertThatThrownBy(() -> FourEyes.check("mehmet", "mehmet", Set.of(Role.ACCOUNTANT, Role.ADMIN)))
                .isInstanceOfSatisfying(ApiProblem.class, p -> {
                    assertThat(p.status()).isEqualTo(HttpStatus.FORBIDDEN);
                    assertThat(p.field()).isEqualTo("approvedBy");
                });
    }

    @Test
    void aCollectorOrViewerCannotApprove() {
        assertThatThrownBy(() -> FourEyes.check("ayse", "can", Set.of(Role.COLLECTOR)))
                .isInstanceOfSatisfying(ApiProblem.class, p -> assertThat(p.field()).isEqualTo("approvedBy"));
        assertThatThrownBy(() -> FourEyes.check("ayse", "can", Set.of(Role.VIEWER))).isInstanceOf(ApiProblem.class);
    }

    @Test
    void aMessageIsRequiredAtMostTenThousandCharactersAndScriptIsKeptAsText() {
        assertThatThrownBy(() -> MessageText.of("message", "  \n ")).isInstanceOfSatisfying(ApiProblem.class,
                p -> assertThat(p.field()).isEqualTo("message"));
        assertThatThrownBy(() -> MessageText.of("body", "x".repeat(10_001))).isInstanceOfSatisfying(ApiProblem.class,
                p -> assertThat(p.field()).isEqualTo("body"));
        assertThat(MessageText.of("body", "x".repeat(10_000))).hasSize(10_000);
        assertThat(MessageText.of("body", "<script>alert(1)</script>\nthanks")).isEqualTo("<script>alert(1)</script>\nthanks");
        assertThatThrownBy(() -> MessageText.of("body", "bell\u0007")).isInstanceOf(ApiProblem.class);
    }
}
