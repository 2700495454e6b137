package dev.billing.payment.provider.sandbox;

import dev.billing.payment.provider.PaymentProvider;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The sandbox's refunds, as a real provider keeps them: each under its idempotency key, so the same key again answers
 * the same refund and gives nothing more back. A refund of a charge the sandbox did not make (a checkout's or a saved
 * card's) is refused.
 */
@Repository
class SandboxRefunds {
    private final JdbcClient jdbc;

    SandboxRefunds(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    PaymentProvider.RefundOutcome refund(PaymentProvider.RefundOrder order, Instant at) {
        boolean charged = jdbc.sql("""
                        select exists (select 1 from sandbox_charge where transaction_id = :transaction and status = 'SUCCEEDED')
                            or exists (select 1 from sandbox_card_charge where transaction_id = :transaction and status = 'SUCCEEDED')""")
                .param("transaction", order.transactionId()).query(Boolean.class).single();
        jdbc.sql("""
                        insert into sandbox_refund (idempotency_key, transaction_id, amount, currency, refund_id, status, failure, refunded_at)
                        values (:key, :transaction, :amount, :currency, :refund, :status, :failure, :at)
                        on conflict (idempotency_key) do nothing""")
                .param("key", order.idempotencyKey()).param("transaction", order.transactionId()).param("amount", order.amount())
                .param("currency", order.currency()).param("refund", "sbx_re_" + UUID.randomUUID().toString().replace("-", ""))
                .param("status", charged ? SandboxCharges.SUCCEEDED : "FAILED")
                .param("failure", charged ? null : "the sandbox made no charge " + order.transactionId())
                .param("at", Timestamp.from(at))
                .update();
        return jdbc.sql("select refund_id, status, failure from sandbox_refund where idempotency_key = :key").param("key", order.idempotencyKey())
                .query((rs, n) -> rs.getString("status").equals(SandboxCharges.SUCCEEDED)
                        ? PaymentProvider.RefundOutcome.succeeded(rs.getString("refund_id"))
                        : PaymentProvider.RefundOutcome.refused(rs.getString("refund_id"), rs.getString("failure")))
                .single();
    }
}
