package dev.billing.dispute.dispute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billing.support.web.ApiProblem;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.http.HttpStatus;

class DisputeStatusTest {

    @Test
    void staffTakingAnOpenDisputePutsItUnderReviewAndAnOutcomeResolvesIt() {
        DisputeStatus status = DisputeStatus.OPEN.afterStaffTookIt();
        assertThat(status).isEqualTo(DisputeStatus.UNDER_REVIEW);
        assertThat(status.afterStaffTookIt()).isEqualTo(DisputeStatus.UNDER_REVIEW);
        assertThat(status.afterResolution()).isEqualTo(DisputeStatus.RESOLVED);
        assertThat(DisputeStatus.OPEN.afterResolution()).isEqualTo(DisputeStatus.RESOLVED);
    }

    @Test
    void theCustomerMayWithdrawAnOpenOrReviewedDispute() {
        assertThat(DisputeStatus.OPEN.afterWithdrawal()).isEqualTo(DisputeStatus.WITHDRAWN);
        assertThat(DisputeStatus.UNDER_REVIEW.afterWithdrawal()).isEqualTo(DisputeStatus.WITHDRAWN);
    }

    @ParameterizedTest
    @EnumSource(value = DisputeStatus.class, names = {"RESOLVED", "WITHDRAWN"})
    void everyActOnAResolvedOrWithdrawnDisputeIsAConflictNamingStatus(DisputeStatus ended) {
        assertThat(ended.active()).isFalse();
        for (ThrowingCallable act : new ThrowingCallable[] {ended::requireActive, ended::afterStaffTookIt, ended::afterResolution,
                ended::afterWithdrawal}) {
            assertThatThrownBy(act).isInstanceOfSatisfying(ApiProblem.class, problem -> {
                assertThat(problem.status()).isEqualTo(HttpStatus.CONFLICT);
                assertThat(problem.field()).isEqualTo("status");
                assertThat(problem.getMessage()).contains(ended.name());
            });
        }
    }

    @ParameterizedTest
    @EnumSource(value = DisputeStatus.class, names = {"OPEN", "UNDER_REVIEW"})
    void anActiveDisputeIsOpenToEveryAct(DisputeStatus active) {
        assertThat(active.active()).isTrue();
        assertThatCode(active::requireActive).doesNotThrowAnyException();
    }

    @Test
    void anEndedDisputeCannotBeReopenedByAssignmentNorResolvedTwice() {
        assertThatThrownBy(DisputeStatus.RESOLVED::afterStaffTookIt).isInstanceOf(ApiProblem.class);
        assertThatThrownBy(DisputeStatus.RESOLVED::afterResolution).isInstanceOf(ApiProblem.class);
        assertThatThrownBy(DisputeStatus.WITHDRAWN::afterWithdrawal).isInstanceOf(ApiProblem.class);
    }
}
