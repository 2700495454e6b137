package dev.billing.payment.portal;

import dev.billing.payment.checkout.Checkouts;
import dev.billing.payment.checkout.StartingCheckout;
import dev.billing.payment.invoice.InvoiceCopies;
import dev.billing.support.money.Money;
import dev.billing.support.security.PortalCustomer;
import dev.billing.support.web.ApiProblem;
import dev.billing.support.web.RequestValues;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/portal}: what the customer portal may do, with a CUSTOMER token, for the one customer it names
 * ({@link PortalCustomer}): list their open invoices, start paying some or all of them in one currency, see what
 * became of that. Another customer's invoice or checkout is a 404, as if it did not exist.
 */
@RestController
class PortalController {
    private final InvoiceCopies invoices;
    private final StartingCheckout starting;
    private final Checkouts checkouts;
    private final String portalBase;

    PortalController(InvoiceCopies invoices, StartingCheckout starting, Checkouts checkouts,
                     @Value("${payment.public-base-url}") String publicBaseUrl) {
        this.invoices = invoices;
        this.starting = starting;
        this.checkouts = checkouts;
        this.portalBase = publicBaseUrl + "/p/";
    }

    record OpenInvoice(UUID invoiceId, String number, String currency, String openAmount, LocalDate dueDate) {
    }

    /**
     * {@code invoiceIds} empty: all open invoices in the currency. {@code returnUrl}: the portal page the provider sends the
     * customer back to. {@code provider}: one of the configured ones (empty: the default). {@code customerIp}: the
     * customer's browser's address, which some providers ask for. {@code saveCard}: save the card at the provider and
     * charge it automatically on the due dates of the customer's invoices from now on.
     */
    record CheckoutRequest(@NotNull String currency, @Size(max = 100) Set<UUID> invoiceIds, @NotNull String returnUrl,
                           @Size(max = 20) String provider, @Size(max = 45) String customerIp, Boolean saveCard) {
    }

    record CheckoutView(UUID checkoutId, String status, String currency, String amount, String failure, String redirectUrl) {
    }

    @GetMapping("/api/portal/invoices")
    List<OpenInvoice> openInvoices() {
        return invoices.openOf(PortalCustomer.current()).stream().map(invoice -> new OpenInvoice(invoice.invoiceId(), invoice.number(),
                invoice.currency(), Money.exact(invoice.openAmount(), invoice.currency()).toPlainString(), invoice.dueDate())).toList();
    }

    @PostMapping("/api/portal/checkouts")
    ResponseEntity<CheckoutView> start(@Valid @RequestBody CheckoutRequest request) {
        String currency = RequestValues.currency("currency", request.currency()).getCurrencyCode();
        // back only to the portal: a checkout must not become a way to send customers elsewhere
        if (!request.returnUrl().startsWith(portalBase) || request.returnUrl().length() > 2000 || !isUri(request.returnUrl())) {
            throw ApiProblem.badRequest("returnUrl", "must be a page of the portal, under " + portalBase);
        }
        if (request.customerIp() != null && !request.customerIp().matches("[0-9A-Fa-f:.]{2,45}")) {
            throw ApiProblem.badRequest("customerIp", "must be an IPv4 or IPv6 address");
        }
        StartingCheckout.Started started = starting.start(PortalCustomer.current(), currency,
                request.invoiceIds() == null ? Set.of() : request.invoiceIds(), request.returnUrl(),
                request.provider() == null || request.provider().isBlank() ? null : request.provider(), request.customerIp(),
                Boolean.TRUE.equals(request.saveCard()));
        return ResponseEntity.created(URI.create("/api/portal/checkouts/" + started.checkoutId()))
                .body(new CheckoutView(started.checkoutId(), "OPEN", currency, Money.exact(started.amount(), currency).toPlainString(),
                        null, started.redirectUrl()));
    }

    private static boolean isUri(String text) {
        try {
            URI.create(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @GetMapping("/api/portal/checkouts/{id}")
    CheckoutView checkout(@PathVariable UUID id) {
        return checkouts.find(id).filter(checkout -> checkout.customerId().equals(PortalCustomer.current()))
                .map(checkout -> new CheckoutView(checkout.id(), checkout.status(), checkout.currency(),
                        Money.exact(checkout.amount(), checkout.currency()).toPlainString(), checkout.failure(), null))
                .orElseThrow(() -> ApiProblem.notFound("Checkout", id));
    }
}
