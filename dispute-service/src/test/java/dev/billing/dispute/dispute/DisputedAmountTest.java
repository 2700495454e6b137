package dev.billing.dispute.dispute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billing.events.dispute.DisputedLine;
import dev.billing.support.web.ApiProblem;
import java.math.BigDecimal;
import java.util.List;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpStatus;

class DisputedAmountTest {
    /** 3 x 100.00 and 1.5 x 466.6667 net (300.00 and 700.00), 20 % tax: 1200.00 gross, all open. */
    private static final InvoiceFacts INVOICE = new InvoiceFacts("TRY", new BigDecimal("1200.00"),
            List.of(new InvoiceFacts.Line(new BigDecimal("3"), new BigDecimal("300.00"), new BigDecimal("20")),
                    new InvoiceFacts.Line(new BigDecimal("1.5"), new BigDecimal("700.00"), new BigDecimal("20"))));

    private static void refused(ThrowableAssert.ThrowingCallable call, HttpStatus status, String field) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ApiProblem.class, problem -> {
            assertThat(problem.status()).isEqualTo(status);
            assertThat(problem.field()).isEqualTo(field);
        });
    }

    @Test
    void withoutAmountOrLinesTheWholeOpenAmountIsInQuestion() {
        assertThat(DisputedAmount.of(null, null, INVOICE, true)).isEqualTo(new DisputedAmount(new BigDecimal("1200.00"), null));
    }

    @Test
    void aPartOfTheOpenAmountAndExactlyTheOpenAmountAreAccepted() {
        assertThat(DisputedAmount.of("300.50", null, INVOICE, true).amount()).isEqualByComparingTo("300.50");
        assertThat(DisputedAmount.of("1200.00", null, INVOICE, true).amount()).isEqualByComparingTo("1200.00");
    }

    @Test
    void moreThanTheOpenAmountIsUnprocessableNamingAmount() {
        refused(() -> DisputedAmount.of("1200.01", null, INVOICE, true), HttpStatus.UNPROCESSABLE_CONTENT, "amount");
    }

    @Test
    void zeroNegativeMalformedOrTooPreciseAmountsAreBadRequests() {
        refused(() -> DisputedAmount.of("0", null, INVOICE, true), HttpStatus.BAD_REQUEST, "amount");
        refused(() -> DisputedAmount.of("-5", null, INVOICE, true), HttpStatus.BAD_REQUEST, "amount");
        refused(() -> DisputedAmount.of("1e3", null, INVOICE, true), HttpStatus.BAD_REQUEST, "amount");
        refused(() -> DisputedAmount.of("10.005", null, INVOICE, true), HttpStatus.BAD_REQUEST, "amount");
    }

    @Test
    void linesByPositionUpToTheirQuantity() {
        DisputedAmount lines = DisputedAmount.of(null, List.of(new DisputedAmount.LineRequest(0, "3"),
                new DisputedAmount.LineRequest(1, "0.5")), INVOICE, true);
        assertThat(lines.amount()).isNull();
        assertThat(lines.lines()).containsExactly(new DisputedLine(0, new BigDecimal("3")), new DisputedLine(1, new BigDecimal("0.5")));
    }

    @Test
    void aLineQuantityAboveTheLinesOrAnUnknownOrRepeatedLineIsRefusedNamingIt() {
        refused(() -> DisputedAmount.of(null, List.of(new DisputedAmount.LineRequest(1, "1.6")), INVOICE, true),
                HttpStatus.UNPROCESSABLE_CONTENT, "lines[0].quantity");
        refused(() -> DisputedAmount.of(null, List.of(new DisputedAmount.LineRequest(2, "1")), INVOICE, true),
                HttpStatus.UNPROCESSABLE_CONTENT, "lines[0].line");
        refused(() -> DisputedAmount.of(null, List.of(new DisputedAmount.LineRequest(-1, "1")), INVOICE, true),
                HttpStatus.UNPROCESSABLE_CONTENT, "lines[0].line");
        refused(() -> DisputedAmount.of(null, List.of(new DisputedAmount.LineRequest(0, "1"), new DisputedAmount.LineRequest(0, "1")),
                INVOICE, true), HttpStatus.BAD_REQUEST, "lines[1].line");
        refused(() -> DisputedAmount.of(null, List.of(new DisputedAmount.LineRequest(0, "0")), INVOICE, true),
                HttpStatus.BAD_REQUEST, "lines[0].quantity");
    }

    @Test
    void anAmountAndLinesTogetherAreRefusedAndACreditNeedsOneOfThem() {
        refused(() -> DisputedAmount.of("10", List.of(new DisputedAmount.LineRequest(0, "1")), INVOICE, true),
                HttpStatus.BAD_REQUEST, "amount");
        refused(() -> DisputedAmount.of(null, null, INVOICE, false), HttpStatus.BAD_REQUEST, "amount");
    }

    @Test
    void aCreditNoteProposalFollowsTheSameRulesAndAReissueNeedsCorrectedLines() {
        refused(() -> Proposal.of("CREDIT_NOTE", "1300", null, null, "ok", INVOICE), HttpStatus.UNPROCESSABLE_CONTENT, "amount");
        refused(() -> Proposal.of("REISSUE", null, null, null, "ok", INVOICE), HttpStatus.BAD_REQUEST, "correctedLines");
        refused(() -> Proposal.of("REJECTED", null, null, null, " ", INVOICE), HttpStatus.BAD_REQUEST, "resolution");
        refused(() -> Proposal.of("REFUND", null, null, null, "ok", INVOICE), HttpStatus.BAD_REQUEST, "outcome");
        Proposal reissue = Proposal.of("REISSUE", null, null, List.of(new Proposal.CorrectedLineRequest("Kampanya", "1", "800.00", "20")),
                "Corrected price", INVOICE);
        assertThat(reissue.correctedLines()).hasSize(1);
        assertThat(reissue.outcome().needsApproval()).isTrue();
        assertThat(Proposal.of("REJECTED", null, null, null, "The delivery was signed.", INVOICE).outcome().needsApproval()).isFalse();
    }

    @Test
    void anApprovalIsRefusedWhenTheOpenAmountFellBelowTheCreditMeanwhile() {
        Proposal credit = Proposal.of("CREDIT_NOTE", "500.00", null, null, "Part credited", INVOICE);
        credit.stillFits(INVOICE);
        refused(() -> credit.stillFits(new InvoiceFacts("TRY", new BigDecimal("400.00"), INVOICE.lines())),
                HttpStatus.UNPROCESSABLE_CONTENT, "amount");
    }

    @Test
    void aLineNamedWithoutAQuantityIsTheWholeLineWhenOpeningAndInACreditNoteByLines() {
        DisputedAmount opened = DisputedAmount.of(null, List.of(new DisputedAmount.LineRequest(1, null),
                new DisputedAmount.LineRequest(0, "  ")), INVOICE, true);
        assertThat(opened.lines()).containsExactly(new DisputedLine(1, new BigDecimal("1.5")), new DisputedLine(0, new BigDecimal("3")));

        Proposal credit = Proposal.of("CREDIT_NOTE", null, List.of(new DisputedAmount.LineRequest(1, null)), null, "Printing credited", INVOICE);
        assertThat(credit.amount()).isNull();
        assertThat(credit.lines()).containsExactly(new DisputedLine(1, new BigDecimal("1.5")));
        refused(() -> DisputedAmount.of(null, List.of(new DisputedAmount.LineRequest(null, null)), INVOICE, true),
                HttpStatus.BAD_REQUEST, "lines[0].line");
    }

    @Test
    void theGrossOfCreditedLinesIsTheirNetInProportionPerRateWithTaxRoundedAsOnTheInvoice() {
        assertThat(INVOICE.grossOf(java.util.Map.of(0, new BigDecimal("3"), 1, new BigDecimal("1.5")))).isEqualByComparingTo("1200.00");
        assertThat(INVOICE.grossOf(java.util.Map.of(0, BigDecimal.ONE))).isEqualByComparingTo("120.00");
        // 0.5 of 700.00 net is 233.333…: 233.33 net, 46.67 tax
        assertThat(INVOICE.grossOf(java.util.Map.of(1, new BigDecimal("0.5")))).isEqualByComparingTo("280.00");
        InvoiceFacts mixed = new InvoiceFacts("TRY", new BigDecimal("118.00"), List.of(
                new InvoiceFacts.Line(BigDecimal.ONE, new BigDecimal("50.00"), new BigDecimal("20")),
                new InvoiceFacts.Line(BigDecimal.ONE, new BigDecimal("50.00"), new BigDecimal("10.00"))));
        assertThat(mixed.grossOf(java.util.Map.of(0, BigDecimal.ONE, 1, BigDecimal.ONE))).isEqualByComparingTo("115.00");
    }

    @Test
    void aCreditByLinesWhoseGrossIsMoreThanWhatIsOpenIsRefusedNamingLinesWhenProposedAndWhenApproved() {
        InvoiceFacts partlyPaid = new InvoiceFacts("TRY", new BigDecimal("500.00"), INVOICE.lines());
        refused(() -> Proposal.of("CREDIT_NOTE", null, List.of(new DisputedAmount.LineRequest(1, "1")), null, "ok", partlyPaid),
                HttpStatus.UNPROCESSABLE_CONTENT, "lines");
        Proposal exactlyOpen = Proposal.of("CREDIT_NOTE", null, List.of(new DisputedAmount.LineRequest(0, null),
                new DisputedAmount.LineRequest(1, "0.5")), null, "ok", new InvoiceFacts("TRY", new BigDecimal("640.00"), INVOICE.lines()));
        assertThat(exactlyOpen.lines()).hasSize(2);

        Proposal credit = Proposal.of("CREDIT_NOTE", null, List.of(new DisputedAmount.LineRequest(1, null)), null, "ok", INVOICE);
        credit.stillFits(INVOICE);
        credit.stillFits(new InvoiceFacts("TRY", new BigDecimal("840.00"), INVOICE.lines()));
        refused(() -> credit.stillFits(partlyPaid), HttpStatus.UNPROCESSABLE_CONTENT, "lines");
    }
}
