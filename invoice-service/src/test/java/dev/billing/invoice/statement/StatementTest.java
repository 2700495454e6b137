package dev.billing.invoice.statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.billing.invoice.statement.Statement.Entry;
import dev.billing.invoice.statement.Statement.Kind;
import dev.billing.support.web.ApiProblem;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The statement rule on fixed entries: the order of its lines, the running balance, debits and credits, the period. */
class StatementTest {
    private static final UUID INVOICE = UUID.fromString("00000000-0000-0000-0000-000000000001");

    private static Entry entry(String date, String at, Kind kind, String reference, String amount) {
        return new Entry(LocalDate.parse(date), Instant.parse(at), kind, reference, INVOICE, "INV-2027-000001", null,
                new BigDecimal(amount));
    }

    private static final List<Entry> MARCH = List.of(
            entry("2027-03-01", "2027-03-01T07:00:00Z", Kind.INVOICE, "INV-2027-000001", "1200.00"),
            entry("2027-03-05", "2027-03-05T09:00:00Z", Kind.PAYMENT, "pay-1", "500.00"),
            entry("2027-03-05", "2027-03-05T08:00:00Z", Kind.CREDIT_NOTE, "CRN-2027-000001", "100.00"),
            entry("2027-03-10", "2027-03-10T10:00:00Z", Kind.PAYMENT, "pay-2", "900.00"),
            entry("2027-03-12", "2027-03-12T10:00:00Z", Kind.REFUND, "refund-1", "150.00"),
            entry("2027-03-20", "2027-03-20T10:00:00Z", Kind.STORNO, "STR-2027-000001", "0.00"),
            entry("2027-03-25", "2027-03-25T10:00:00Z", Kind.CREDIT_PAYOUT, "credit-refund:1", "50.00"));

    @Test
    void eachEntryMovesTheBalanceFromTheOpeningBalanceToTheClosingOne() {
        Statement statement = Statement.of("TRY", new BigDecimal("300.00"), MARCH);

        assertThat(statement.lines()).extracting(l -> l.entry().reference()).containsExactly("INV-2027-000001",
                "CRN-2027-000001", "pay-1", "pay-2", "refund-1", "STR-2027-000001", "credit-refund:1");
        assertThat(statement.lines()).extracting(Statement.Line::balance).extracting(BigDecimal::toPlainString)
                .containsExactly("1500.00", "1400.00", "900.00", "0.00", "150.00", "150.00", "200.00");
        assertThat(statement.totalDebit()).isEqualTo(new BigDecimal("1400.00"));
        assertThat(statement.totalCredit()).isEqualTo(new BigDecimal("1500.00"));
        assertThat(statement.closingBalance()).isEqualTo(new BigDecimal("200.00"));
        assertThat(statement.openingBalance().add(statement.totalDebit()).subtract(statement.totalCredit()))
                .isEqualTo(statement.closingBalance());
    }

    @Test
    void invoicesRefundsAndPayoutsAreDebitsTheRestCredits() {
        Statement statement = Statement.of("TRY", new BigDecimal("0.00"), MARCH);

        for (Statement.Line line : statement.lines()) {
            boolean debit = List.of(Kind.INVOICE, Kind.REFUND, Kind.CREDIT_PAYOUT).contains(line.entry().kind());
            assertThat(debit ? line.debit() : line.credit()).as(line.entry().kind().name()).isEqualTo(line.entry().amount());
            assertThat(debit ? line.credit() : line.debit()).as(line.entry().kind().name()).isNull();
        }
    }

    @Test
    void theSameEntriesInAnyOrderGiveTheSameStatement() {
        Statement expected = Statement.of("TRY", new BigDecimal("0.00"), MARCH);
        Random random = new Random(20270301);
        for (int i = 0; i < 20; i++) {
            List<Entry> shuffled = new ArrayList<>(MARCH);
            Collections.shuffle(shuffled, random);
            assertThat(Statement.of("TRY", new BigDecimal("0.00"), shuffled)).isEqualTo(expected);
        }
    }

    @Test
    void entriesOfOneMomentAreOrderedByKindThenReference() {
        String at = "2027-03-01T10:00:00Z";
        Statement statement = Statement.of("EUR", new BigDecimal("0.00"), List.of(
                entry("2027-03-01", at, Kind.PAYMENT, "b", "1.00"),
                entry("2027-03-01", at, Kind.PAYMENT, "a", "1.00"),
                entry("2027-03-01", at, Kind.INVOICE, "INV-2027-000002", "1.00")));

        assertThat(statement.lines()).extracting(l -> l.entry().reference()).containsExactly("INV-2027-000002", "a", "b");
    }

    @Test
    void aPeriodWithoutEntriesKeepsTheOpeningBalanceAndTheCurrencysScale() {
        Statement statement = Statement.of("HUF", new BigDecimal("-250"), List.of());

        assertThat(statement.lines()).isEmpty();
        assertThat(statement.closingBalance().toPlainString()).isEqualTo("-250");
        assertThat(statement.totalDebit().toPlainString()).isEqualTo("0");
        assertThat(Statement.of("TRY", new BigDecimal("0.00"), List.of()).totalCredit().toPlainString()).isEqualTo("0.00");
    }

    @Test
    void aNegativeEntryIsRefused() {
        assertThatThrownBy(() -> Statement.of("TRY", new BigDecimal("0.00"),
                List.of(entry("2027-03-01", "2027-03-01T10:00:00Z", Kind.PAYMENT, "p", "-1.00"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void thePeriodIsOneToFiveYearsOfWholeDaysInTheCustomersZone() {
        StatementPeriod march = period("2027-03-01", "2027-03-31");
        ZoneId istanbul = ZoneId.of("Europe/Istanbul");
        assertThat(march.start(istanbul)).isEqualTo(Instant.parse("2027-02-28T21:00:00Z"));
        assertThat(march.end(istanbul)).isEqualTo(Instant.parse("2027-03-31T21:00:00Z"));
        assertThat(period("2027-03-01", "2027-03-01").to()).isEqualTo(LocalDate.of(2027, 3, 1));
        assertThat(period("2022-03-01", "2027-03-01").from()).isEqualTo(LocalDate.of(2022, 3, 1));

        assertRefused(() -> period("2027-03-02", "2027-03-01"), "to");
        assertRefused(() -> period("2022-03-01", "2027-03-02"), "to");
        assertRefused(() -> period("2027-3-1", "2027-03-31"), "from");
        assertRefused(() -> period("2027-02-30", "2027-03-31"), "from");
        assertRefused(() -> period("+999999999-01-01", "2027-03-31"), "from");
        // left out: to is today (the customer's), from the first day of to's year
        assertThat(period(null, "2027-03-31")).isEqualTo(new StatementPeriod(LocalDate.of(2027, 1, 1), LocalDate.of(2027, 3, 31)));
        assertThat(period("2027-03-01", "")).isEqualTo(new StatementPeriod(LocalDate.of(2027, 3, 1), TODAY));
        assertThat(period(null, null)).isEqualTo(new StatementPeriod(LocalDate.of(2027, 1, 1), TODAY));
        assertRefused(() -> period("2027-06-01", null), "to");
    }

    private static void assertRefused(Runnable parse, String field) {
        assertThatThrownBy(parse::run).isInstanceOfSatisfying(ApiProblem.class, p -> {
            assertThat(p.field()).isEqualTo(field);
            assertThat(p.status().value()).isEqualTo(400);
        });
    }

    private static final LocalDate TODAY = LocalDate.of(2027, 5, 20);

    private static StatementPeriod period(String from, String to) {
        return StatementPeriod.of(StatementPeriod.optionalDate("from", from), StatementPeriod.optionalDate("to", to), TODAY);
    }
}
