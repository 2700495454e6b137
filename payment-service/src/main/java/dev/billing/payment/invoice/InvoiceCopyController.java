package dev.billing.payment.invoice;

import dev.billing.support.web.ApiProblem;
import java.util.UUID;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /api/payments/invoices/{id}}: what payment-service knows of an invoice (the gateway finds a payment link's customer by it). */
@RestController
class InvoiceCopyController {
    private final InvoiceCopies invoices;

    InvoiceCopyController(InvoiceCopies invoices) {
        this.invoices = invoices;
    }

    @GetMapping("/api/payments/invoices/{id}")
    InvoiceCopies.InvoiceCopy get(@PathVariable UUID id) {
        return invoices.find(id).orElseThrow(() -> ApiProblem.notFound("Invoice", id));
    }
}
