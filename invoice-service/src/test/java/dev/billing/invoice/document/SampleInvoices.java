package dev.billing.invoice.document;

import dev.billing.events.billing.BillTo;
import dev.billing.invoice.invoice.Invoice;
import dev.billing.invoice.invoice.InvoiceCalculator;
import dev.billing.invoice.invoice.InvoiceStatus;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.UUID;

/** Invoices for document tests: three lines (one discounted, one at 0 %), net 10 500, tax 1 925, total 12 425. */
public final class SampleInvoices {
    public static final Seller SELLER = new Seller("Billing Platform A.Ş.", "Büyükdere Cad. No: 1\n34394 Şişli", "1234567890",
            "Zincirlikuyu", "İstanbul", "Türkiye");

    public static Invoice issued(String language, String currency, String customerName, String... descriptions) {
        return issued(language, currency, customerName, List.of(
                new InvoiceCalculator.LineInput(descriptions[0], new BigDecimal("1"), new BigDecimal("10000"),
                        new BigDecimal("10"), new BigDecimal("20")),
                new InvoiceCalculator.LineInput(descriptions[1], new BigDecimal("500"), new BigDecimal("2.50"),
                        BigDecimal.ZERO, new BigDecimal("10")),
                new InvoiceCalculator.LineInput(descriptions[2], new BigDecimal("1"), new BigDecimal("250"),
                        BigDecimal.ZERO, new BigDecimal("0"))));
    }

    public static Invoice issued(String language, String currency, String customerName, List<InvoiceCalculator.LineInput> lines) {
        InvoiceCalculator.Result amounts = InvoiceCalculator.calculate(Currency.getInstance(currency), lines);
        String zone = "hu".equals(language) ? "Europe/Budapest" : "Europe/Istanbul";
        return new Invoice(UUID.fromString("7d3c8a52-5b1e-4f0a-9c1d-2e6f4a8b9c01"), "INV-2027-000123", "INV",
                InvoiceStatus.ISSUED, UUID.randomUUID(), null, null,
                new BillTo(customerName, "finans@example.com", "+90 212 555 00 00", language, zone),
                LocalDate.of(2027, 3, 1), LocalDate.of(2027, 2, 28), LocalDate.of(2027, 3, 16), 15, currency,
                amounts.lines(), amounts.taxSummary(), amounts.netTotal(), amounts.taxTotal(), amounts.total(),
                amounts.total(), BigDecimal.ZERO, null, null, null, null, null);
    }

    static Invoice cancelled(Invoice invoice, String stornoNumber, String reason) {
        return new Invoice(invoice.id(), invoice.number(), invoice.series(), InvoiceStatus.CANCELLED, invoice.customerId(),
                invoice.requestId(), invoice.subscriptionId(), invoice.billTo(), invoice.issueDate(),
                invoice.fulfilmentDate(), invoice.dueDate(), invoice.paymentTermDays(), invoice.currency(), invoice.lines(),
                invoice.taxSummary(), invoice.netTotal(), invoice.taxTotal(), invoice.total(), BigDecimal.ZERO,
                invoice.creditedAmount(), null, stornoNumber, reason, null, null);
    }

    static Invoice draft(Invoice invoice) {
        return new Invoice(invoice.id(), null, invoice.series(), InvoiceStatus.TO_BE_ISSUED, invoice.customerId(),
                null, null, invoice.billTo(), null, invoice.fulfilmentDate(), null, invoice.paymentTermDays(),
                invoice.currency(), invoice.lines(), invoice.taxSummary(), invoice.netTotal(), invoice.taxTotal(),
                invoice.total(), invoice.total(), BigDecimal.ZERO, null, null, null, null, null);
    }

    private SampleInvoices() {
    }
}
