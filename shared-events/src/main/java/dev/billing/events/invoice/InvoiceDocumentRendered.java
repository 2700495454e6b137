package dev.billing.events.invoice;

import dev.billing.events.OptionalField;
import java.time.Instant;
import java.util.UUID;

/**
 * An invoice's document was rendered and stored, once: {@code kind} {@code INVOICE} (the invoice's PDF, {@code number}
 * the invoice number) or {@code STORNO} (the storno's PDF, {@code number} the storno number). {@code content} is the
 * PDF (base64 in JSON), absent when it is larger than an event may carry; then the document is only to be had by its
 * link. The same document is never rendered twice, so this comes at most once per invoice and kind (redelivery aside).
 */
public record InvoiceDocumentRendered(UUID invoiceId, UUID customerId, String kind, String number, String filename,
                                      @OptionalField byte[] content, Instant renderedAt) {
}
