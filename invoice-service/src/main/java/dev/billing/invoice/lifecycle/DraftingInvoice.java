package dev.billing.invoice.lifecycle;

import dev.billing.invoice.account.CustomerAccounts;
import dev.billing.invoice.invoice.AmountLimits;
import dev.billing.invoice.invoice.Invoice;
import dev.billing.invoice.invoice.InvoiceCalculator;
import dev.billing.invoice.invoice.InvoiceStatus;
import dev.billing.invoice.invoice.Invoices;
import dev.billing.support.web.ApiProblem;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Currency;
import java.util.List;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Staff invoices: a draft (TO_BE_ISSUED) with free lines, editable until it is issued. */
@Service
public class DraftingInvoice {
    private final Invoices invoices;
    private final CustomerAccounts accounts;
    private final Clock clock;
    private final String series;

    public DraftingInvoice(Invoices invoices, CustomerAccounts accounts, Clock clock,
                           @Value("${invoice.numbering.series:INV}") String series) {
        this.invoices = invoices;
        this.accounts = accounts;
        this.clock = clock;
        this.series = series;
    }

    @Transactional
    public Invoice create(UUID customerId, Currency currency, Integer paymentTermDays, LocalDate fulfilmentDate,
                          List<InvoiceCalculator.LineInput> lines) {
        CustomerAccounts.Account account = accounts.find(customerId)
                .orElseThrow(() -> ApiProblem.notFound("customerId", "Customer", customerId));
        InvoiceCalculator.Result amounts = amounts(currency, lines);
        Invoice draft = new Invoice(UUID.randomUUID(), null, series, InvoiceStatus.TO_BE_ISSUED, customerId, null, null,
                account.billTo(), null, fulfilmentDate, null,
                paymentTermDays == null ? account.paymentTermDays() : paymentTermDays, currency.getCurrencyCode(),
                amounts.lines(), amounts.taxSummary(), amounts.netTotal(), amounts.taxTotal(), amounts.total(),
                amounts.total(), BigDecimal.ZERO, null, null, null, null, null);
        invoices.insert(draft, clock.instant());
        invoices.setDueRule(draft.id(), account.dueRule());
        return invoices.find(draft.id()).orElseThrow();
    }

    @Transactional
    public Invoice replaceLines(UUID id, LocalDate fulfilmentDate, List<InvoiceCalculator.LineInput> lines) {
        Invoice draft = invoices.lock(id).orElseThrow(() -> ApiProblem.notFound("Invoice", id));
        if (draft.status() != InvoiceStatus.TO_BE_ISSUED) {
            throw ApiProblem.conflict("status", "only a draft (TO_BE_ISSUED) can be edited; this invoice is " + draft.status()
                    + " — use a credit note or storno instead");
        }
        InvoiceCalculator.Result amounts = amounts(Currency.getInstance(draft.currency()), lines);
        invoices.replaceLines(new Invoice(id, null, draft.series(), draft.status(), draft.customerId(), null, null,
                draft.billTo(), null, fulfilmentDate == null ? draft.fulfilmentDate() : fulfilmentDate, null,
                draft.paymentTermDays(), draft.currency(), amounts.lines(), amounts.taxSummary(), amounts.netTotal(),
                amounts.taxTotal(), amounts.total(), amounts.total(), BigDecimal.ZERO, null, null, null, null, null));
        return invoices.find(id).orElseThrow();
    }

    private static InvoiceCalculator.Result amounts(Currency currency, List<InvoiceCalculator.LineInput> lines) {
        InvoiceCalculator.Result amounts = InvoiceCalculator.calculate(currency, lines);
        AmountLimits.tooLarge(lines, amounts).ifPresent(field -> {
            throw ApiProblem.badRequest(field, "makes an amount of the invoice too large; " + AmountLimits.RULE);
        });
        return amounts;
    }
}
