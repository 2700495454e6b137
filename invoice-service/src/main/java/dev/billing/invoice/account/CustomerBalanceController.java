package dev.billing.invoice.account;

import dev.billing.support.money.Money;
import dev.billing.support.web.ApiProblem;
import dev.billing.support.web.RequestValues;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * A customer's money as invoice-service keeps it: open amount of issued invoices and credit, per
 * currency, with the credit's history ({@code GET /api/customers/{id}/balance}); and paying out
 * remaining credit, e.g. to a leaving customer ({@code POST /api/customers/{id}/credit-refunds}).
 * The gateway routes these two paths here; the rest of {@code /api/customers} is billing-service's.
 */
@RestController
@RequestMapping("/api/customers/{customerId}")
public class CustomerBalanceController {
    private final JdbcClient jdbc;
    private final CustomerCredits credits;

    public CustomerBalanceController(JdbcClient jdbc, CustomerCredits credits) {
        this.jdbc = jdbc;
        this.credits = credits;
    }

    public record CurrencyBalance(String currency, String openAmount, String credit) {
    }

    public record MovementView(UUID id, String currency, String change, String balance, String reason, UUID invoiceId,
                               UUID paymentId, Instant occurredAt) {
    }

    /** A payment or refund received for an invoice that is not issued yet; it is applied when the invoice is. */
    public record WaitingView(String kind, UUID invoiceId, Instant receivedAt) {
    }

    /**
     * How late the customer pays: over the invoices paid in full, the average of days from due date to the
     * day it was paid (UTC; negative: early), one decimal; null while none is paid.
     */
    public record PaymentDelay(long paidInvoices, String averageDaysLate) {
    }

    public record BalanceView(UUID customerId, List<CurrencyBalance> currencies, List<MovementView> creditMovements,
                              List<WaitingView> waiting, PaymentDelay paymentDelay) {
    }

    /** {@code refundId}: the caller's id for this payout; sending it again changes nothing (safe to retry). */
    public record CreditRefundRequest(@NotNull UUID refundId, @NotBlank String currency, @NotBlank String amount) {
    }

    public record CreditLeft(String currency, String refunded, String credit) {
    }

    @GetMapping("/balance")
    public BalanceView balance(@PathVariable UUID customerId) {
        Map<String, BigDecimal[]> byCurrency = new TreeMap<>();
        jdbc.sql("""
                        select currency, sum(open_amount) from invoice
                        where customer_id = :id and status in ('ISSUED', 'PARTIALLY_PAID') group by currency""")
                .param("id", customerId)
                .query((rs, n) -> byCurrency.computeIfAbsent(rs.getString(1), c -> zeros())[0] = rs.getBigDecimal(2))
                .list();
        jdbc.sql("select currency, amount from customer_credit where customer_id = :id")
                .param("id", customerId)
                .query((rs, n) -> byCurrency.computeIfAbsent(rs.getString(1), c -> zeros())[1] = rs.getBigDecimal(2))
                .list();
        return new BalanceView(customerId,
                byCurrency.entrySet().stream().map(e -> new CurrencyBalance(e.getKey(),
                        plain(Money.exact(e.getValue()[0], e.getKey())), plain(Money.exact(e.getValue()[1], e.getKey())))).toList(),
                credits.movements(customerId).stream().map(m -> new MovementView(m.id(), m.currency(),
                        plain(Money.exact(m.change(), m.currency())), plain(Money.exact(m.balance(), m.currency())), m.reason(), m.invoiceId(), m.paymentId(), m.occurredAt())).toList(),
                jdbc.sql("""
                                select kind, invoice_id, received_at from waiting_payment
                                where customer_id = :id order by received_at""")
                        .param("id", customerId)
                        .query((rs, n) -> new WaitingView(rs.getString("kind"), rs.getObject("invoice_id", UUID.class),
                                rs.getTimestamp("received_at").toInstant()))
                        .list(),
                jdbc.sql("""
                                select count(*), round(avg((paid_at at time zone 'UTC')::date - due_date), 1) from invoice
                                where customer_id = :id and status = 'PAID' and due_date is not null""")
                        .param("id", customerId)
                        .query((rs, n) -> new PaymentDelay(rs.getLong(1),
                                rs.getBigDecimal(2) == null ? null : rs.getBigDecimal(2).toPlainString()))
                        .single());
    }

    /**
     * Pays out credit: the amount (at most the credit in that currency) leaves the account as a REFUND
     * movement, once per {@code refundId} (recorded with the payments, so a retry finds it; the id used
     * again for another payout is a 409).
     */
    @PostMapping("/credit-refunds")
    @ResponseStatus(HttpStatus.CREATED)
    @Transactional
    public CreditLeft refundCredit(@PathVariable UUID customerId, @Valid @RequestBody CreditRefundRequest request) {
        String currency = RequestValues.currency("currency", request.currency()).getCurrencyCode();
        BigDecimal amount = RequestValues.amountIn("amount", request.amount(), currency);
        BigDecimal credit = credits.lockedBalance(customerId, currency);
        CustomerCredits.Payout payout = new CustomerCredits.Payout(customerId, currency, amount);
        Optional<CustomerCredits.Payout> before = credits.recordPayout(request.refundId(), payout);
        if (before.isPresent()) {
            if (!before.get().same(payout)) {
                throw ApiProblem.conflict("refundId", "was used for another payout: " + plain(before.get().amount()) + " "
                        + before.get().currency() + " to customer " + before.get().customerId());
            }
            return new CreditLeft(currency, plain(before.get().amount()), plain(credit));
        }
        if (amount.compareTo(credit) > 0) {
            throw ApiProblem.unprocessable("amount", "exceeds the customer's credit of " + plain(credit) + " " + currency);
        }
        BigDecimal left = credits.change(customerId, currency, amount.negate(), CustomerCredits.REFUND, null, request.refundId());
        return new CreditLeft(currency, plain(amount), plain(left));
    }

    private static BigDecimal[] zeros() {
        return new BigDecimal[] {BigDecimal.ZERO, BigDecimal.ZERO};
    }

    private static String plain(BigDecimal amount) {
        return amount.toPlainString();
    }
}
