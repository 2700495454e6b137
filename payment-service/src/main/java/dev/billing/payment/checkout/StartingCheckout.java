package dev.billing.payment.checkout;

import dev.billing.payment.invoice.InvoiceCopies;
import dev.billing.payment.provider.PaymentProvider;
import dev.billing.support.web.ApiProblem;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A customer starts paying online from the portal: all their open invoices in one currency, or the chosen ones, for
 * what is open on them now, split oldest due first. The checkout is recorded (committed), then the provider
 * ({@code payment.provider}, the sandbox by default) is asked, outside any transaction, for the page to send the
 * customer to; a provider that cannot be reached fails the checkout, and the customer may try again.
 */
@Service
public class StartingCheckout {
    private final InvoiceCopies invoices;
    private final Checkouts checkouts;
    private final Map<String, PaymentProvider> providers;
    private final String provider;
    private final Clock clock;

    private final TransactionTemplate transactions;

    StartingCheckout(InvoiceCopies invoices, Checkouts checkouts, List<PaymentProvider> providers,
                     @Value("${payment.provider:sandbox}") String provider, Clock clock, TransactionTemplate transactions) {
        this.transactions = transactions;
        this.invoices = invoices;
        this.checkouts = checkouts;
        this.providers = providers.stream().collect(Collectors.toMap(PaymentProvider::name, p -> p));
        if (!this.providers.containsKey(provider)) {
            throw new IllegalStateException("PAYMENT_PROVIDER " + provider + " is not one of " + this.providers.keySet());
        }
        this.provider = provider;
        this.clock = clock;
    }

    public record Started(UUID checkoutId, String redirectUrl, String currency, BigDecimal amount) {
    }

    /** {@code invoiceIds} empty: every open invoice of the customer in {@code currency}; {@code returnUrl} gets {@code checkout=<id>}. */
    public Started start(UUID customerId, String currency, Set<UUID> invoiceIds, String returnUrl) {
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
                .map(invoice -> new Allocation.Open(invoice.invoiceId(), invoice.number(), invoice.dueDate(), invoice.openAmount())).toList();
        BigDecimal amount = toPay.stream().map(Allocation.Open::openAmount).reduce(BigDecimal.ZERO, BigDecimal::add);
        List<Checkouts.Part> parts = Allocation.oldestDueFirst(toPay, amount).stream()
                .map(share -> new Checkouts.Part(share.invoiceId(), share.amount())).toList();
        Instant now = clock.instant();
        UUID id = UUID.randomUUID();
        // the customer comes back to the portal page with the checkout named, so that it can show what became of it
        String back = returnUrl + (returnUrl.contains("?") ? "&" : "?") + "checkout=" + id;
        transactions.executeWithoutResult(status -> checkouts.add(
                new Checkouts.Checkout(id, customerId, provider, currency, amount, "OPEN", null, null, back, now, null), parts));
        String description = open.size() == 1 ? "Invoice " + open.get(0).number() : open.size() + " invoices";
        try {
            return new Started(id, providers.get(provider).start(id, currency, amount, description), currency, amount);
        } catch (RuntimeException unreachable) {
            transactions.executeWithoutResult(status -> checkouts.failed(id, null, "the provider could not be reached: " + unreachable,
                    clock.instant()));
            throw new ApiProblem(org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE, "Provider unavailable", "provider",
                    "the payment provider cannot be reached right now; please try again in a few minutes");
        }
    }
}
