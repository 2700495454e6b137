package dev.billing.dispute.dispute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billing.support.web.ApiProblem;
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
    @EnumSource(DisputeStatus.Act.class)
    void everyActOnAResolvedOrWithdrawnDisputeIsAConflictNamingStatus(DisputeStatus.Act act) {
        for (DisputeStatus ended : new DisputeStatus[] {DisputeStatus.RESOLVED, DisputeStatus.WITHDRAWN}) {
            assertThat(ended.allows(act)).isFalse();
            assertThatThrownBy(() -> ended.require(act)).isInstanceOfSatisfying(ApiProblem.class, problem -> {
                assertThat(problem.status()).isEqualTo(HttpStatus.CONFLICT);
                assertThat(problem.field()).isEqualTo("status");
            });
        }
        assertThat(DisputeStatus.OPEN.allows(act)).isTrue();
        assertThat(DisputeStatus.UNDER_REVIEW.allows(act)).isTrue();
    }

    @Test
    void anEndedDisputeCannotBeReopenedByAssignmentNorResolvedTwice() {
        assertThatThrownBy(DisputeStatus.RESOLVED::afterStaffTookIt).isInstanceOf(ApiProblem.class);
        assertThatThrownBy(DisputeStatus.RESOLVED::afterResolution).isInstanceOf(ApiProblem.class);
        assertThatThrownBy(DisputeStatus.WITHDRAWN::afterWithdrawal).isInstanceOf(ApiProblem.class);
    }
}
