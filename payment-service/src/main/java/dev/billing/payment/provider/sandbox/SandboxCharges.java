package dev.billing.payment.provider.sandbox;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The sandbox provider's own book: one charge per checkout, as a real provider keeps its transactions. */
@Repository
class SandboxCharges {
    static final String SUCCEEDED = "SUCCEEDED";
    static final String DECLINED = "DECLINED";
    static final String AWAITING_CONFIRMATION = "AWAITING_CONFIRMATION";
    private final JdbcClient jdbc;

    SandboxCharges(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** {@code cardToken}: the card saved with it (null: none). */
    record Charge(UUID checkoutId, String transactionId, String status, String cardLast4, String declineReason, String cardToken) {
    }

    Optional<Charge> find(UUID checkoutId) {
        return jdbc.sql("select * from sandbox_charge where checkout_id = :id").param("id", checkoutId)
                .query((rs, n) -> new Charge(rs.getObject("checkout_id", UUID.class), rs.getString("transaction_id"), rs.getString("status"),
                        rs.getString("card_last4"), rs.getString("decline_reason"), rs.getString("card_token")))
                .optional();
    }

    /**
     * Records the attempt unless one is decided already; false when the checkout's charge was decided before.
     * {@code cardToken}: the card saved with a successful charge.
     */
    boolean charge(UUID checkoutId, String status, String cardLast4, String declineReason, String cardToken, Instant at) {
        return jdbc.sql("""
                        insert into sandbox_charge (checkout_id, transaction_id, status, card_last4, decline_reason, card_token, charged_at)
                        values (:id, :transaction, :status, :last4, :reason, :token, :at)
                        on conflict (checkout_id) do update set status = excluded.status, decline_reason = excluded.decline_reason,
                            card_last4 = excluded.card_last4, card_token = excluded.card_token, charged_at = excluded.charged_at
                        where sandbox_charge.status = 'AWAITING_CONFIRMATION'""")
                .param("id", checkoutId).param("transaction", "sbx_" + UUID.randomUUID().toString().replace("-", ""))
                .param("status", status).param("last4", cardLast4).param("reason", declineReason).param("token", cardToken)
                .param("at", Timestamp.from(at))
                .update() == 1;
    }
}
