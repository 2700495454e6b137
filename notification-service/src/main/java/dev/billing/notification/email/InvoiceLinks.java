package dev.billing.notification.email;

import dev.billing.events.access.DocumentLinks;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The links in customers' messages: a signed link that opens the invoice's PDF (or its storno's) without a login (the customer is not
 * staff), {@code /d/{token}} at the gateway. Its expiry is wall-clock time, as the gateway checks it: the test clock
 * must not stretch a link's life.
 */
@Component
public class InvoiceLinks {
    private final String publicBaseUrl;
    private final DocumentLinks links;
    private final Duration lifetime;
    private final Clock wallClock = Clock.systemUTC();

    InvoiceLinks(@Value("${notification.mail.public-base-url}") String publicBaseUrl,
                 @Value("${LINK_SIGNING_KEYS:" + DocumentLinks.LOCAL_ONLY_KEY + "}") String linkSigningKeys,
                 @Value("${notification.links.lifetime}") Duration lifetime) {
        this.publicBaseUrl = publicBaseUrl;
        this.links = DocumentLinks.withKeys(linkSigningKeys);
        this.lifetime = lifetime;
    }

    public String pdf(UUID invoiceId) {
        return link(DocumentLinks.Kind.INVOICE_PDF, invoiceId);
    }

    /** The storno document of a cancelled invoice. */
    public String storno(UUID invoiceId) {
        return link(DocumentLinks.Kind.STORNO_PDF, invoiceId);
    }

    /** The portal page that pays this invoice ({@code /p/}, the gateway's), signed with the same keys as the documents. */
    public String payment(UUID invoiceId) {
        return publicBaseUrl + "/p/" + links.token(DocumentLinks.Kind.INVOICE_PAYMENT, invoiceId, wallClock.instant().plus(lifetime));
    }

    /** The portal page that pays all of the customer's open invoices together. */
    public String accountPayment(UUID customerId) {
        return publicBaseUrl + "/p/" + links.token(DocumentLinks.Kind.ACCOUNT_PAYMENT, customerId, wallClock.instant().plus(lifetime));
    }

    private String link(DocumentLinks.Kind kind, UUID invoiceId) {
        return publicBaseUrl + "/d/" + links.token(kind, invoiceId, wallClock.instant().plus(lifetime));
    }
}
