package dev.billing.payment.automatic;

import dev.billing.events.EventCatalog;
import dev.billing.events.payment.PaymentFailed;
import dev.billing.events.payment.PaymentReceived;
import dev.billing.payment.checkout.Checkouts;
import dev.billing.payment.invoice.InvoiceCopies;
import dev.billing.payment.payment.Payment;
import dev.billing.payment.payment.Payments;
import dev.billing.payment.provider.PaymentProvider;
import dev.billing.payment.provider.ProviderRequests;
import dev.billing.payment.provider.Providers;
import dev.billing.support.events.Outbox;
import dev.billing.support.money.Money;
import dev.billing.support.time.DueWork;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On its due date (the customer's calendar day) an open invoice of a customer with a saved, authorised card is
 * charged with it, for what is open then; an invoice under an active payment plan is charged by its instalments
 * instead, each on its day for what is due through it ({@link InstalmentAmounts}). A decline is tried again on the {@link RetrySchedule} and published as
 * {@code PaymentFailed} with the next attempt's day; a hard decline blocks the card. Disputed invoices are not charged.
 * Each attempt is committed as CHARGING with a new idempotency key before the provider is asked (outside any
 * transaction, through its circuit breaker), and its answer is recorded after: an attempt whose answer never came is
 * asked again with the same key at the next pass, so a card is never charged twice for one attempt. Paid, it becomes a
 * payment (method CARD) published as {@code PaymentReceived}. Runs every 15 minutes and at once when the test clock moves.
 */
@Component
public class ChargingSavedCards implements DueWork {
    private static final Logger log = LoggerFactory.getLogger(ChargingSavedCards.class);
    private static final int PAGE = 100;
    /** As long as a portal payment of the invoice blocks another (StartingCheckout): the customer may be paying it right now. */
    private static final Duration CHECKOUT_UNDER_WAY = Duration.ofMinutes(30);
    private static final LocalDate BEFORE_ANY = LocalDate.of(1970, 1, 1);
    private static final UUID LOWEST = new UUID(Long.MIN_VALUE, Long.MIN_VALUE);
    private final AutomaticCharges charges;
    private final SavedCards cards;
    private final PaymentPlanCopies plans;
    private final InvoiceCopies invoices;
    private final Checkouts checkouts;
    private final Payments payments;
    private final Providers providers;
    private final Outbox outbox;
    private final TransactionTemplate transactions;
    private final Clock clock;

    ChargingSavedCards(AutomaticCharges charges, SavedCards cards, PaymentPlanCopies plans, InvoiceCopies invoices, Checkouts checkouts, Payments payments,
                       Providers providers, Outbox outbox, TransactionTemplate transactions, Clock clock) {
        this.charges = charges;
        this.cards = cards;
        this.plans = plans;
        this.invoices = invoices;
        this.checkouts = checkouts;
        this.payments = payments;
        this.providers = providers;
        this.outbox = outbox;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** One attempt under way: what was sent to the provider under {@code key}; {@code planId} null: the whole invoice. */
    private record Attempt(UUID chargeId, UUID key, UUID invoiceId, UUID planId, int instalment, UUID customerId, String number,
                           String currency, BigDecimal amount, SavedCards.Card card, LocalDate firstAttemptOn, int failedAttempts,
                           ZoneId zone) {
        String description() {
            return planId == null ? "Invoice " + number : "Invoice " + number + ", instalment " + instalment;
        }
    }

    @Scheduled(fixedDelayString = "${payment.automatic-charge-interval:15m}")
    public void scheduled() {
        runDueWork(clock.instant());
    }

    @Override
    public synchronized void runDueWork(Instant now) {
        for (AutomaticCharges.Charge underWay : charges.underWay(PAGE)) {
            resume(underWay, now);
        }
        // the furthest calendar day any time zone has reached: each candidate is then checked against its own
        LocalDate latest = now.atOffset(ZoneOffset.MAX).toLocalDate();
        LocalDate afterDate = BEFORE_ANY;
        UUID afterInvoice = LOWEST;
        int afterInstalment = -1;
        List<AutomaticCharges.Candidate> page;
        do {
            page = charges.candidates(latest, afterDate, afterInvoice, afterInstalment, PAGE);
            for (AutomaticCharges.Candidate candidate : page) {
                ZoneId zone = zone(candidate.timeZone());
                LocalDate today = now.atZone(zone).toLocalDate();
                if (!candidate.sortDate().isAfter(today)) {
                    begin(candidate, today, zone, now).ifPresent(attempt -> charge(attempt, now));
                }
            }
            if (!page.isEmpty()) {
                AutomaticCharges.Candidate last = page.get(page.size() - 1);
                afterDate = last.sortDate();
                afterInvoice = last.invoiceId();
                afterInstalment = last.instalment();
            }
        } while (page.size() == PAGE);
    }

    /** Records the attempt as CHARGING, if the invoice or instalment is still due for one; empty when it is not (any more). */
    private Optional<Attempt> begin(AutomaticCharges.Candidate candidate, LocalDate today, ZoneId zone, Instant now) {
        UUID invoiceId = candidate.invoiceId();
        return transactions.execute(status -> {
            invoices.lock(List.of(invoiceId));
            InvoiceCopies.InvoiceCopy invoice = invoices.find(invoiceId).filter(InvoiceCopies.InvoiceCopy::open).orElse(null);
            if (invoice == null || candidate.dueDate().isAfter(today) || invoices.disputed(invoiceId)) {
                return Optional.<Attempt>empty();
            }
            Optional<PaymentPlanCopies.Plan> plan = plans.activeOf(invoiceId);
            if (!plan.map(PaymentPlanCopies.Plan::planId).equals(Optional.ofNullable(candidate.planId()))
                    || plan.filter(p -> candidate.instalment() > p.instalments().size()).isPresent()) {
                return Optional.<Attempt>empty();
            }
            BigDecimal open = Money.exact(invoice.openAmount(), invoice.currency());
            BigDecimal amount = plan.map(p -> Money.exact(InstalmentAmounts.due(p.instalments(), candidate.instalment(), p.total(), open,
                    p.charged()), invoice.currency())).orElse(open);
            if (amount.signum() == 0) {
                return Optional.<Attempt>empty();
            }
            SavedCards.Card card = cards.active(invoice.customerId()).orElse(null);
            if (card == null || !providers.find(card.provider()).map(PaymentProvider::savesCards).orElse(false)) {
                return Optional.<Attempt>empty();
            }
            if (checkouts.underWay(invoice.customerId(), List.of(invoiceId), now.minus(CHECKOUT_UNDER_WAY)).isPresent()) {
                log.info("Invoice {} is being paid in the portal: its automatic charge waits for the next pass", invoice.number());
                return Optional.<Attempt>empty();
            }
            Optional<AutomaticCharges.Charge> before = charges.lockOf(invoiceId, candidate.planId(), candidate.instalment());
            UUID id = before.map(AutomaticCharges.Charge::id).orElseGet(UUID::randomUUID);
            LocalDate first = today;
            int failed = 0;
            if (before.isPresent()) {
                AutomaticCharges.Charge charge = before.get();
                boolean retry = charge.status().equals(AutomaticCharges.SCHEDULED) && !charge.nextAttemptOn().isAfter(today)
                        && charge.cardId().equals(card.id());
                boolean anotherCard = !charge.cardId().equals(card.id()) && !charge.status().equals(AutomaticCharges.PAID)
                        && !charge.status().equals(AutomaticCharges.CHARGING);
                // the card was saved again (authorised anew) after this charge stopped or gave up on it
                boolean authorisedSince = charge.cardId().equals(card.id()) && charge.updatedAt().isBefore(card.authorisedAt())
                        && List.of(AutomaticCharges.STOPPED, AutomaticCharges.HARD_DECLINED, AutomaticCharges.GAVE_UP).contains(charge.status());
                if (!retry && !anotherCard && !authorisedSince) {
                    return Optional.<Attempt>empty();
                }
                if (retry) {
                    first = charge.firstAttemptOn();
                    failed = charge.failedAttempts();
                }
            }
            UUID key = UUID.randomUUID();
            charges.charging(id, invoiceId, candidate.planId(), candidate.instalment(), invoice.customerId(), card.id(), invoice.currency(),
                    amount, first, failed, key, now);
            return Optional.of(new Attempt(id, key, invoiceId, candidate.planId(), candidate.instalment(), invoice.customerId(),
                    invoice.number(), invoice.currency(), amount, card, first, failed, zone));
        });
    }

    /** An attempt whose answer was not recorded: asked again, with the same key. */
    private void resume(AutomaticCharges.Charge charge, Instant now) {
        SavedCards.Card card = cards.find(charge.cardId()).orElseThrow();
        InvoiceCopies.InvoiceCopy invoice = invoices.find(charge.invoiceId()).orElseThrow();
        charge(new Attempt(charge.id(), charge.attemptKey(), charge.invoiceId(), charge.planId(), charge.instalment(), charge.customerId(),
                invoice.number(), charge.currency(), Money.exact(charge.amount(), charge.currency()), card, charge.firstAttemptOn(),
                charge.failedAttempts(), zone(invoice.timeZone())), now);
    }

    private void charge(Attempt attempt, Instant now) {
        PaymentProvider provider = providers.find(attempt.card().provider()).orElse(null);
        if (provider == null) {
            log.warn("Automatic charge {} is at provider {}, which is not configured here; it waits", attempt.chargeId(), attempt.card().provider());
            return;
        }
        PaymentProvider.Charged charged;
        try {
            charged = providers.call(provider.name(), () -> provider.chargeSaved(new PaymentProvider.SavedCharge(attempt.key(),
                    attempt.card().token(), attempt.currency(), attempt.amount(), attempt.description())));
        } catch (ProviderRequests.NotListedYet e) {
            log.info("The charge of {} stays CHARGING, asked again at a later pass: {}", attempt.description(), e.getMessage());
            return;
        } catch (RuntimeException e) {
            log.warn("Could not charge {} at {}; asked again with the same key at the next pass: {}", attempt.description(),
                    provider.name(), e.toString());
            return;
        }
        transactions.executeWithoutResult(status -> record(attempt, provider.name(), charged, clock.instant()));
    }

    private void record(Attempt attempt, String provider, PaymentProvider.Charged charged, Instant now) {
        AutomaticCharges.Charge charge = charges.lockOf(attempt.invoiceId(), attempt.planId(), attempt.instalment()).orElseThrow();
        if (!charge.status().equals(AutomaticCharges.CHARGING) || !attempt.key().equals(charge.attemptKey())) {
            return;
        }
        if (charged.paid()) {
            Payment payment = payments.save(new Payment(UUID.randomUUID(), attempt.customerId(), attempt.invoiceId(), attempt.currency(),
                    attempt.amount(), "CARD", provider, charged.transactionId(), null, now, now, "automatic-charge"));
            outbox.add(EventCatalog.PAYMENT_RECEIVED, attempt.customerId(), "payment/" + payment.id(),
                    new PaymentReceived(payment.id(), attempt.customerId(), attempt.invoiceId(), attempt.currency(), attempt.amount(),
                            "CARD", provider, charged.transactionId(), now));
            charges.paid(charge.id(), payment.id(), now);
            return;
        }
        int failed = attempt.failedAttempts() + 1;
        LocalDate today = now.atZone(attempt.zone()).toLocalDate();
        Optional<LocalDate> next = RetrySchedule.next(attempt.firstAttemptOn(), failed, charged.declineCode(), today);
        boolean hard = RetrySchedule.hard(charged.declineCode());
        String failure = charged.failure() == null ? charged.declineCode() : charged.failure();
        charges.declined(charge.id(), failed, hard ? AutomaticCharges.HARD_DECLINED : next.isPresent() ? AutomaticCharges.SCHEDULED
                : AutomaticCharges.GAVE_UP, next.orElse(null), failure, now);
        if (hard) {
            cards.end(attempt.card().id(), SavedCards.BLOCKED, "declined by " + provider + ": " + charged.declineCode(), now);
        }
        log.info("Automatic charge of {} declined ({}, {}); next attempt: {}", attempt.description(), charged.declineCode(), failure,
                next.map(LocalDate::toString).orElse("none"));
        outbox.add(EventCatalog.PAYMENT_FAILED, attempt.customerId(), "automatic-charge/" + charge.id(),
                new PaymentFailed(charge.id(), attempt.customerId(), attempt.invoiceId(), attempt.currency(), attempt.amount(), provider,
                        failure, now, charged.declineCode(), next.orElse(null)));
    }

    /** The customer's zone; UTC for copies from before it was kept (or a name this JVM does not know). */
    private static ZoneId zone(String timeZone) {
        if (timeZone == null) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(timeZone);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }
}
