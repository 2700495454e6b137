package dev.billing.payment.provider.sandbox;

import dev.billing.payment.provider.PaymentProvider;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The sandbox's saved cards, as a real provider keeps them: a token per card and, instead of the number, how the test
 * card answers later charges. {@code 4242 4242 4242 4242} is always paid; {@code 4000 0000 0000 9995} pays when saved
 * but its automatic charges are declined for insufficient funds (a soft decline, tried again);
 * {@code 4000 0000 0000 9979} is later reported stolen (a hard decline). Each charge is kept under its idempotency key:
 * the same key again answers the same outcome and charges nothing more.
 */
@Repository
class SandboxCards {
    static final Map<String, String> BEHAVIOUR = Map.of("4242424242424242", "PAYS", "4000000000003220", "PAYS",
            "4000000000009995", "INSUFFICIENT_FUNDS", "4000000000009979", "STOLEN");
    private final JdbcClient jdbc;

    SandboxCards(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Saves the test card: its token. */
    String save(String number, Instant at) {
        String token = "sbx_card_" + UUID.randomUUID().toString().replace("-", "");
        jdbc.sql("insert into sandbox_card (token, last4, behaviour, created_at) values (:token, :last4, :behaviour, :at)")
                .param("token", token).param("last4", number.substring(number.length() - 4)).param("behaviour", BEHAVIOUR.get(number))
                .param("at", Timestamp.from(at))
                .update();
        return token;
    }

    /** The saved card as the platform may keep it; it expires at the end of the month three years after it was saved. */
    Optional<PaymentProvider.SavedCard> find(String token) {
        return jdbc.sql("select last4, created_at from sandbox_card where token = :token").param("token", token)
                .query((rs, n) -> new PaymentProvider.SavedCard(token, "VISA", rs.getString("last4"),
                        LocalDate.ofInstant(rs.getTimestamp("created_at").toInstant(), ZoneOffset.UTC).plusYears(3)
                                .with(TemporalAdjusters.lastDayOfMonth())))
                .optional();
    }

    /** Deletes the card: it is never charged again (a card it does not have, or has deleted already, is deleted too). */
    void delete(String token, Instant at) {
        jdbc.sql("update sandbox_card set deleted_at = :at where token = :token and deleted_at is null")
                .param("at", Timestamp.from(at)).param("token", token).update();
    }

    PaymentProvider.Charged charge(PaymentProvider.SavedCharge charge, Instant at) {
        Optional<PaymentProvider.Charged> made = made(charge.idempotencyKey());
        if (made.isPresent()) {
            // the same key again answers the first outcome, also once the card was deleted since
            return made.get();
        }
        String behaviour = jdbc.sql("select behaviour from sandbox_card where token = :token and deleted_at is null")
                .param("token", charge.cardToken())
                .query(String.class).optional().orElse(null);
        if (behaviour == null) {
            return new PaymentProvider.Charged(false, null, "invalid_account", "the sandbox has no such card (never saved, or deleted)");
        }
        String declineCode = switch (behaviour) {
            case "INSUFFICIENT_FUNDS" -> "insufficient_funds";
            case "STOLEN" -> "stolen_card";
            default -> null;
        };
        jdbc.sql("""
                        insert into sandbox_card_charge (idempotency_key, token, amount, currency, transaction_id, status, decline_code, charged_at)
                        values (:key, :token, :amount, :currency, :transaction, :status, :code, :at)
                        on conflict (idempotency_key) do nothing""")
                .param("key", charge.idempotencyKey()).param("token", charge.cardToken()).param("amount", charge.amount())
                .param("currency", charge.currency()).param("transaction", "sbx_" + UUID.randomUUID().toString().replace("-", ""))
                .param("status", declineCode == null ? SandboxCharges.SUCCEEDED : SandboxCharges.DECLINED).param("code", declineCode)
                .param("at", Timestamp.from(at))
                .update();
        return made(charge.idempotencyKey()).orElseThrow();
    }

    private Optional<PaymentProvider.Charged> made(UUID idempotencyKey) {
        return jdbc.sql("select transaction_id, status, decline_code from sandbox_card_charge where idempotency_key = :key")
                .param("key", idempotencyKey)
                .query((rs, n) -> {
                    boolean paid = rs.getString("status").equals(SandboxCharges.SUCCEEDED);
                    String code = rs.getString("decline_code");
                    return new PaymentProvider.Charged(paid, rs.getString("transaction_id"), code,
                            paid ? null : code.equals("stolen_card") ? "the card was reported stolen" : "the card has insufficient funds");
                })
                .optional();
    }
}
