package dev.billing.payment.bankstatement;

import static org.assertj.core.api.Assertions.assertThat;

import dev.billing.payment.bankstatement.StatementMatching.Confidence;
import dev.billing.payment.bankstatement.StatementMatching.Proposal;
import dev.billing.payment.invoice.InvoiceCopies.InvoiceCopy;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class StatementMatchingTest {
    private static final InvoiceCopy ADA = invoice("INV-2027-000001", "TRY", "1440.00", "ISSUED", "Ada Ajans Reklamcılık Ltd. Şti.");
    private static final InvoiceCopy KOVACS = invoice("INV-2027-000002", "HUF", "254000", "ISSUED", "Kovács Péter");
    private static final InvoiceCopy NAGY = invoice("INV-2027-000003", "HUF", "12000", "PARTIALLY_PAID", "Nagy és Társa Kft.");
    private static final InvoiceCopy PAID = invoice("INV-2027-000004", "TRY", "0.00", "PAID", "Ada Ajans");
    private static final List<InvoiceCopy> ALL = List.of(ADA, KOVACS, NAGY, PAID);

    static InvoiceCopy invoice(String number, String currency, String open, String status, String payer) {
        return new InvoiceCopy(UUID.randomUUID(), UUID.randomUUID(), number, currency, new BigDecimal(open).max(BigDecimal.ONE),
                new BigDecimal(open), status, LocalDate.of(2027, 3, 15), payer, null, null, null);
    }

    static StatementLine credit(String amount, String currency, String remittance, String payer) {
        return new StatementLine(1, "TR33", LocalDate.of(2027, 3, 10), LocalDate.of(2027, 3, 10), StatementLine.Direction.CREDIT,
                new BigDecimal(amount), currency, "REF-1", remittance, payer);
    }

    @ParameterizedTest
    @ValueSource(strings = {"INV-2027-000001", "Fatura inv 2027-000 001 odemesi", "inv-2027-000001/ADA", "EREF+INV2027000001"})
    void theNumberAndTheOpenAmountAreExactHoweverTheNumberIsWritten(String remittance) {
        Proposal proposal = StatementMatching.propose(credit("1440.00", "TRY", remittance, null), ALL);
        assertThat(proposal.confidence()).isEqualTo(Confidence.EXACT);
        assertThat(proposal.invoice()).isEqualTo(ADA);
        assertThat(proposal.reason()).contains("INV-2027-000001", "1440.00 TRY");
    }

    @Test
    void theNumberWithLessIsAPartialPaymentAndWithMoreLeavesCredit() {
        Proposal partial = StatementMatching.propose(credit("400.00", "TRY", "INV-2027-000001", null), ALL);
        assertThat(partial.confidence()).isEqualTo(Confidence.NUMBER);
        assertThat(partial.invoice()).isEqualTo(ADA);
        assertThat(partial.reason()).contains("partial payment", "1440.00 TRY");
        Proposal more = StatementMatching.propose(credit("1500.00", "TRY", "INV-2027-000001", null), ALL);
        assertThat(more.confidence()).isEqualTo(Confidence.NUMBER);
        assertThat(more.reason()).contains("credit");
    }

    @Test
    void aLongerNumberDoesNotNameAShorterOne() {
        assertThat(StatementMatching.propose(credit("1440.00", "TRY", "INV-2027-0000012", "Someone"), ALL).confidence())
                .isEqualTo(Confidence.NONE);
    }

    @Test
    void aNumberInAnotherCurrencyOrOfAPaidInvoiceIsNoProposalButSaysWhy() {
        Proposal otherCurrency = StatementMatching.propose(credit("1440.00", "EUR", "INV-2027-000001", null), ALL);
        assertThat(otherCurrency.confidence()).isEqualTo(Confidence.NONE);
        assertThat(otherCurrency.invoice()).isNull();
        assertThat(otherCurrency.reason()).contains("INV-2027-000001", "in TRY");
        Proposal paid = StatementMatching.propose(credit("100.00", "TRY", "INV-2027-000004", null), ALL);
        assertThat(paid.confidence()).isEqualTo(Confidence.NONE);
        assertThat(paid.reason()).contains("PAID");
    }

    @Test
    void withSeveralNumbersTheOneWhoseOpenAmountIsPaidIsTaken() {
        InvoiceCopy second = invoice("INV-2027-000010", "TRY", "400.00", "ISSUED", "Ada Ajans");
        Proposal proposal = StatementMatching.propose(credit("400.00", "TRY", "INV-2027-000001 INV-2027-000010", null),
                List.of(ADA, second));
        assertThat(proposal.confidence()).isEqualTo(Confidence.EXACT);
        assertThat(proposal.invoice()).isEqualTo(second);
        assertThat(proposal.reason()).contains("also names INV-2027-000001");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ADA AJANS REKLAMCILIK LTD STI|1440.00|TRY|AMOUNT_AND_NAME",
            "ADA AJANS REKLAMCILI|1440.00|TRY|AMOUNT_AND_NAME",
            "KOVACS PETER|254000|HUF|AMOUNT_AND_NAME",
            "Péter Kovács|254000|HUF|AMOUNT_AND_NAME",
            "NAGY ES TARSA KFT|12000|HUF|AMOUNT_AND_NAME",
            "Ada Yazılım|1440.00|TRY|NONE",
            "Szabó Anna|254000|HUF|NONE",
            "ADA AJANS|1441.00|TRY|NONE",
    })
    void withoutANumberTheOpenAmountAndALikeNameArePaired(String payer, String amount, String currency, Confidence expected) {
        Proposal proposal = StatementMatching.propose(credit(amount, currency, "havale", payer), ALL);
        assertThat(proposal.confidence()).as(proposal.reason()).isEqualTo(expected);
        assertThat(proposal.invoice() == null).isEqualTo(expected == Confidence.NONE);
    }

    @Test
    void twoInvoicesOfTheAmountToLikeNamesAreNoProposal() {
        InvoiceCopy twin = invoice("INV-2027-000020", "TRY", "1440.00", "ISSUED", "Ada Ajans Reklamcılık");
        Proposal proposal = StatementMatching.propose(credit("1440.00", "TRY", null, "ADA AJANS REKLAMCILIK"), List.of(ADA, twin));
        assertThat(proposal.confidence()).isEqualTo(Confidence.NONE);
        assertThat(proposal.reason()).contains("INV-2027-000001", "INV-2027-000020");
    }

    @Test
    void aDebitIsNeverMatched() {
        StatementLine debit = new StatementLine(1, "TR33", LocalDate.of(2027, 3, 10), LocalDate.of(2027, 3, 10),
                StatementLine.Direction.DEBIT, new BigDecimal("1440.00"), "TRY", "R", "INV-2027-000001", "Ada Ajans");
        assertThat(StatementMatching.propose(debit, ALL).confidence()).isEqualTo(Confidence.NONE);
    }

    /** Generated books and payments: whatever they are, a proposal never points at an invoice it cannot pay. */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2027, 987654321})
    void generatedPaymentsFindTheirInvoiceAndNoProposalIsEverWrong(long seed) {
        Random random = new Random(seed);
        List<String> currencies = List.of("TRY", "EUR", "HUF");
        List<String> names = List.of("Ada Ajans", "Kovács Péter", "Müller Maschinenbau GmbH", "Yılmaz İnşaat A.Ş.", "Nagy Kft", "Öz Gıda");
        List<InvoiceCopy> invoices = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String currency = currencies.get(random.nextInt(currencies.size()));
            String open = currency.equals("HUF") ? String.valueOf(1000 + random.nextInt(500000))
                    : (10 + random.nextInt(5000)) + "." + String.format("%02d", random.nextInt(100));
            invoices.add(invoice(String.format("INV-2027-%06d", 100000 + i * 7 + random.nextInt(7)), currency, open,
                    random.nextInt(10) == 0 ? "PAID" : "ISSUED", names.get(random.nextInt(names.size()))));
        }
        for (int n = 0; n < 300; n++) {
            InvoiceCopy target = invoices.get(random.nextInt(invoices.size()));
            int kind = random.nextInt(3);
            BigDecimal amount = kind == 1 && target.openAmount().compareTo(BigDecimal.TEN) > 0
                    ? target.openAmount().subtract(BigDecimal.ONE) : target.openAmount();
            String written = spaced(random.nextBoolean() ? target.number().toLowerCase() : target.number(), random);
            String remittance = kind == 2 ? "payment thank you" : "Invoice " + written + " ref " + random.nextInt(1000);
            StatementLine line = credit(amount.max(BigDecimal.ONE).toPlainString(), target.currency(), remittance,
                    random.nextBoolean() ? target.payerName().toUpperCase() : null);

            Proposal proposal = StatementMatching.propose(line, invoices);

            if (proposal.invoice() != null) {
                assertThat(proposal.invoice().open()).as(proposal.reason()).isTrue();
                assertThat(proposal.invoice().currency()).isEqualTo(line.currency());
            } else {
                assertThat(proposal.confidence()).isEqualTo(Confidence.NONE);
            }
            if (proposal.confidence() == Confidence.EXACT || proposal.confidence() == Confidence.AMOUNT_AND_NAME) {
                assertThat(proposal.invoice().openAmount()).isEqualByComparingTo(line.amount());
            }
            if (kind < 2 && target.open()) {
                assertThat(proposal.invoice()).as(remittance + ": " + proposal.reason()).isEqualTo(target);
                assertThat(proposal.confidence()).isEqualTo(amount.compareTo(target.openAmount()) == 0 ? Confidence.EXACT : Confidence.NUMBER);
            }
        }
    }

    /** The number as people type it: a space or two somewhere in it. */
    private static String spaced(String number, Random random) {
        StringBuilder written = new StringBuilder(number);
        for (int i = random.nextInt(3); i > 0; i--) {
            written.insert(1 + random.nextInt(written.length() - 1), ' ');
        }
        return written.toString();
    }
}
