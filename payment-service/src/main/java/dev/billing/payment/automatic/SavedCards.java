package dev.billing.payment.automatic;

import dev.billing.payment.provider.PaymentProvider;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The cards customers saved at a provider for automatic charges: one ACTIVE card per customer (a newer one replaces
 * it), REMOVED when the customer withdraws the authorisation, BLOCKED after a hard decline. Only the provider's token
 * and what may be shown (brand, last four digits, expiry) are kept. A card no longer active is deleted at its provider
 * afterwards ({@link DeletingEndedCards}).
 */
@Repository
public class SavedCards {
    private static final Logger log = LoggerFactory.getLogger(SavedCards.class);
    public static final String ACTIVE = "ACTIVE";
    public static final String REMOVED = "REMOVED";
    public static final String BLOCKED = "BLOCKED";
    private final JdbcClient jdbc;

    SavedCards(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public record Card(UUID id, UUID customerId, String provider, String token, String brand, String last4, LocalDate expiresOn,
                       String status, Instant authorisedAt, Instant endedAt, String endedReason, Instant deletedAtProvider,
                       String providerDeletionRefused) {
    }

    /**
     * The customer saved {@code card} while paying checkout {@code checkoutId}: it replaces the card they had,
     * unless it is that card (a provider may give the token of a card it stores again).
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void saved(UUID customerId, String provider, PaymentProvider.SavedCard card, UUID checkoutId, Instant at) {
        Optional<UUID> owner = jdbc.sql("select customer_id from saved_card where provider = :provider and provider_token = :token")
                .param("provider", provider).param("token", card.token()).query(UUID.class).optional();
        if (owner.isPresent() && !owner.get().equals(customerId)) {
            log.warn("{} gave checkout {} of customer {} the token of a card saved for customer {}: not saved, the customer keeps"
                    + " the card they had", provider, checkoutId, customerId, owner.get());
            return;
        }
        jdbc.sql("""
                        select id from saved_card where customer_id = :customer and status = 'ACTIVE'
                            and not (provider = :provider and provider_token = :token) for update""")
                .param("customer", customerId).param("provider", provider).param("token", card.token()).query(UUID.class).optional()
                .ifPresent(before -> end(before, REMOVED, "replaced by the card saved with checkout " + checkoutId, at));
        // a provider may hand out the token of a card it stores for the customer again: that card is theirs again,
        // authorised anew with this checkout, and stays at the provider
        jdbc.sql("""
                        insert into saved_card (id, customer_id, provider, provider_token, brand, last4, expires_on, status, checkout_id, authorised_at)
                        values (:id, :customer, :provider, :token, :brand, :last4, :expires, 'ACTIVE', :checkout, :at)
                        on conflict (provider, provider_token) do update set status = 'ACTIVE', brand = excluded.brand,
                            last4 = excluded.last4, expires_on = excluded.expires_on, checkout_id = excluded.checkout_id,
                            authorised_at = excluded.authorised_at, ended_at = null, ended_reason = null, deleted_at_provider = null,
                            provider_deletion_refused = null, provider_deletion_asked_at = null
                        where saved_card.customer_id = excluded.customer_id""")
                .param("id", UUID.randomUUID()).param("customer", customerId).param("provider", provider).param("token", card.token())
                .param("brand", card.brand()).param("last4", card.last4()).param("expires", card.expiresOn()).param("checkout", checkoutId)
                .param("at", Timestamp.from(at))
                .update();
    }

    public Optional<Card> active(UUID customerId) {
        return jdbc.sql("select * from saved_card where customer_id = :customer and status = 'ACTIVE'")
                .param("customer", customerId).query(SavedCards::map).optional();
    }

    public Optional<Card> find(UUID id) {
        return jdbc.sql("select * from saved_card where id = :id").param("id", id).query(SavedCards::map).optional();
    }

    /** The customer's cards, the newest first (the 50 latest). */
    public List<Card> of(UUID customerId) {
        return jdbc.sql("select * from saved_card where customer_id = :customer order by authorised_at desc, id limit 50")
                .param("customer", customerId).query(SavedCards::map).list();
    }

    /**
     * Ends an active card ({@link #REMOVED} or {@link #BLOCKED}); the automatic charges waiting for their next attempt
     * with it stop. False when it was not active.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean end(UUID id, String status, String reason, Instant at) {
        int ended = jdbc.sql("""
                        update saved_card set status = :status, ended_at = :at, ended_reason = :reason
                        where id = :id and status = 'ACTIVE'""")
                .param("status", status).param("at", Timestamp.from(at)).param("reason", reason).param("id", id)
                .update();
        jdbc.sql("""
                        update automatic_charge set status = 'STOPPED', next_attempt_on = null, last_failure = :reason, updated_at = :at
                        where card_id = :id and status = 'SCHEDULED'""")
                .param("reason", "the card was " + status.toLowerCase() + ": " + reason).param("at", Timestamp.from(at)).param("id", id)
                .update();
        return ended == 1;
    }

    /**
     * Cards no longer charged that their provider still keeps (neither deleted there nor refused), of the
     * {@code providers} named (the ones configured that keep cards; a card of another waits until it is back), the
     * least recently asked first, so cards that keep failing do not hold back the others. A card with an automatic
     * charge still {@code CHARGING} waits: that charge's answer may be asked for again with the same key, and the
     * provider must still know the card to give it.
     */
    public List<Card> toDeleteAtProvider(Collection<String> providers, int limit) {
        return jdbc.sql("""
                        select * from saved_card s
                        where s.status <> 'ACTIVE' and s.deleted_at_provider is null and s.provider_deletion_refused is null
                          and s.provider in (:providers)
                          and not exists (select 1 from automatic_charge a where a.card_id = s.id and a.status = 'CHARGING')
                        order by s.provider_deletion_asked_at nulls first, s.ended_at, s.id limit :limit""")
                .param("providers", providers).param("limit", limit).query(SavedCards::map).list();
    }

    /** The provider deleted the card (or no longer had it); a second instance's answer changes nothing. */
    public void markDeletedAtProvider(UUID id, Instant at) {
        jdbc.sql("""
                        update saved_card set deleted_at_provider = :at, provider_deletion_asked_at = :at
                        where id = :id and status <> 'ACTIVE' and deleted_at_provider is null and provider_deletion_refused is null""")
                .param("at", Timestamp.from(at)).param("id", id).update();
    }

    /** The provider refused to delete the card: kept with its reason, not asked again. */
    public void markDeletionRefused(UUID id, String reason, Instant at) {
        jdbc.sql("""
                        update saved_card set provider_deletion_refused = :reason, provider_deletion_asked_at = :at
                        where id = :id and status <> 'ACTIVE' and deleted_at_provider is null and provider_deletion_refused is null""")
                .param("reason", reason).param("at", Timestamp.from(at)).param("id", id).update();
    }

    /** The provider gave no answer: asked again after the cards asked less recently. */
    public void markDeletionAsked(UUID id, Instant at) {
        jdbc.sql("update saved_card set provider_deletion_asked_at = :at where id = :id and status <> 'ACTIVE'")
                .param("at", Timestamp.from(at)).param("id", id)
                .update();
    }

    private static Card map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        Timestamp ended = rs.getTimestamp("ended_at");
        Timestamp deleted = rs.getTimestamp("deleted_at_provider");
        return new Card(rs.getObject("id", UUID.class), rs.getObject("customer_id", UUID.class), rs.getString("provider"),
                rs.getString("provider_token"), rs.getString("brand"), rs.getString("last4"), rs.getObject("expires_on", LocalDate.class),
                rs.getString("status"), rs.getTimestamp("authorised_at").toInstant(), ended == null ? null : ended.toInstant(),
                rs.getString("ended_reason"), deleted == null ? null : deleted.toInstant(), rs.getString("provider_deletion_refused"));
    }
}
