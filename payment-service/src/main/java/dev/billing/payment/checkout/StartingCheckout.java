package dev.billing.payment.checkout;

import dev.billing.payment.invoice.InvoiceCopies;
import dev.billing.payment.provider.PaymentProvider;
import dev.billing.payment.provider.Providers;
import dev.billing.support.money.Money;
import dev.billing.support.web.ApiProblem;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A customer starts paying online from the portal: all their open invoices in one currency, or the chosen ones, for
 * what is open on them now, split oldest due first. The checkout is recorded (committed), then the provider (the one
 * named, else {@code payment.provider}, the sandbox by default) is asked through its circuit breaker, outside any
 * transaction, for the page to send the customer to; a provider that refuses or cannot be reached fails the checkout
 * (503), and the customer may try again.
 */
@Service
public class StartingCheckout {
    /** How long a begun payment blocks another of the same invoices: as long as PayTR keeps its page ({@code timeout_limit}). */
    static final java.time.Duration UNDER_WAY = java.time.Duration.ofMinutes(30);
    private final InvoiceCopies invoices;
    private final Checkouts checkouts;
    private final Providers providers;
    private final Clock clock;
    private final TransactionTemplate transactions;

    StartingCheckout(InvoiceCopies invoices, Checkouts checkouts, Providers providers, Clock clock, TransactionTemplate transactions) {
        this.transactions = transactions;
        this.invoices = invoices;
        this.checkouts = checkouts;
        this.providers = providers;
        this.clock = clock;
    }

    public record Started(UUID checkoutId, String redirectUrl, String currency, BigDecimal amount) {
    }

    /**
     * {@code invoiceIds} empty: every open invoice of the customer in {@code currency}; {@code returnUrl} gets
     * {@code checkout=<id>}; {@code providerName} null: the default provider; {@code customerIp} the browser's;
     * {@code saveCard}: the customer saves the card at the provider and authorises automatic charges with it.
     */
    public Started start(UUID customerId, String currency, Set<UUID> invoiceIds, String returnUrl, String providerName, String customerIp,
                         boolean saveCard) {
        PaymentProvider provider = providers.get(providerName);
        if (saveCard && !provider.savesCards()) {
            throw ApiProblem.unprocessable("saveCard", provider.name() + " does not save cards for automatic payments");
        }
        if (!provider.accepts(currency)) {
            throw ApiProblem.unprocessable("currency", provider.name() + " takes no payments in " + currency);
        }
        List<InvoiceCopies.InvoiceCopy> open = invoices.openOf(customerId).stream()
                .filter(invoice -> invoice.currency().equals(currency))
                .filter(invoice -> invoiceIds.isEmpty() || invoiceIds.contains(invoice.invoiceId()))
                .toList();
        if (!invoiceIds.isEmpty() && open.size() != invoiceIds.size()) {
            throw ApiProblem.unprocessable("invoiceIds", "each must be one of your invoices in " + currency + " with something to pay");
        }
        if (open.isEmpty()) {
            throw ApiProblem.unprocessable("currency", "nothing is open to pay in " + currency);
        }
        List<Allocation.Open> toPay = open.stream()
                .map(invoice -> new Allocation.Open(invoice.invoiceId(), invoice.number(), invoice.dueDate(),
                        Money.exact(invoice.openAmount(), currency))).toList();
        BigDecimal amount = toPay.stream().map(Allocation.Open::openAmount).reduce(BigDecimal.ZERO, BigDecimal::add);
        List<Checkouts.Part> parts = Allocation.oldestDueFirst(toPay, amount).stream()
                .map(share -> new Checkouts.Part(share.invoiceId(), share.amount())).toList();
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        // the customer comes back to the portal page with the checkout named, so that it can show what became of it
        String back = returnUrl + (returnUrl.contains("?") ? "&" : "?") + "checkout=" + id;
        List<UUID> paying = open.stream().map(InvoiceCopies.InvoiceCopy::invoiceId).toList();
        transactions.executeWithoutResult(status -> {
            // one payment of an invoice at a time: two tabs or a double click must not charge the card twice
            invoices.lock(paying);
            checkouts.underWay(customerId, paying, now.minus(UNDER_WAY)).ifPresent(begun -> {
                throw ApiProblem.conflict("invoiceIds", begun.status().equals("OPEN")
                        ? "a payment of these invoices began at " + begun.createdAt() + " and is not finished: finish it at the payment "
                                + "page, or start again once it is decided or " + UNDER_WAY.toMinutes() + " minutes after it began"
                        : "these invoices were just paid (" + begun.completedAt() + "); they show as paid in a moment");
            });
            checkouts.add(new Checkouts.Checkout(id, customerId, provider.name(), currency, amount, "OPEN", null, null, back, now, null, saveCard),
                    parts);
        });
        String description = open.size() == 1 ? "Invoice " + open.get(0).number() : open.size() + " invoices";
        InvoiceCopies.InvoiceCopy first = open.get(0);
        PaymentProvider.Start start = new PaymentProvider.Start(id, currency, amount, description,
                new PaymentProvider.Payer(first.payerName(), first.payerEmail(), first.payerPhone(), customerIp), back, saveCard);
        try {
            return new Started(id, providers.call(provider.name(), () -> provider.start(start)), currency, amount);
        } catch (RuntimeException unreachable) {
            transactions.executeWithoutResult(status -> checkouts.failed(id, null, "the provider could not be reached: " + unreachable,
                    clock.instant()));
            throw new ApiProblem(org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE, "Provider unavailable", "provider",
                    "the payment provider cannot be reached right now; please try again in a few minutes");
        }
    }
}
