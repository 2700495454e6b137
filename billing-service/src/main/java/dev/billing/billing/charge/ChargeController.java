package dev.billing.billing.charge;

import dev.billing.billing.customer.Customer;
import dev.billing.billing.customer.Customers;
import dev.billing.support.web.ApiProblem;
import dev.billing.support.web.RequestValues;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * One-off charges (a campaign, a setup fee): {@code POST /api/customers/{id}/charges} puts one on the
 * customer's next invoice, or with {@code "invoiceNow": true} invoices it (with whatever else is
 * pending in that currency) at once. {@code GET} lists what is pending.
 */
@RestController
public class ChargeController {
    private final Customers customers;
    private final PendingCharges pending;
    private final RequestingInvoice requesting;
    private final Clock clock;

    public ChargeController(Customers customers, PendingCharges pending, RequestingInvoice requesting, Clock clock) {
        this.customers = customers;
        this.pending = pending;
        this.requesting = requesting;
        this.clock = clock;
    }

    public record ChargeRequest(@NotBlank @Size(max = 500) String description, String quantity, @NotBlank String unitPrice,
                                @NotBlank String currency, @NotBlank String taxRate, Boolean invoiceNow) {
    }

    public record ChargeView(UUID id, String description, String quantity, String unitPrice, String taxRate,
                             String currency, String kind, String invoiceRequestId) {
    }

    @PostMapping("/api/customers/{customerId}/charges")
    @Transactional
    public ResponseEntity<ChargeView> charge(@PathVariable UUID customerId, @Valid @RequestBody ChargeRequest request) {
        BigDecimal quantity = request.quantity() == null ? BigDecimal.ONE : RequestValues.positive("quantity", request.quantity());
        BigDecimal unitPrice = RequestValues.positive("unitPrice", request.unitPrice()).stripTrailingZeros();
        BigDecimal taxRate = RequestValues.percent("taxRate", request.taxRate()).stripTrailingZeros();
        String currency = RequestValues.currency("currency", request.currency()).getCurrencyCode();
        LineLimit.require("unitPrice", quantity, unitPrice, taxRate);
        String description = RequestValues.singleLine("description", request.description()).trim();
        Customer customer = customers.find(customerId).orElseThrow(() -> ApiProblem.notFound("Customer", customerId));
        PendingCharges.Charge charge = new PendingCharges.Charge(UUID.randomUUID(), customerId, null,
                description, quantity, unitPrice, taxRate, currency, "ONE_OFF", null);
        pending.add(charge, clock.instant());
        String requestId = null;
        if (Boolean.TRUE.equals(request.invoiceNow())) {
            requestId = "charge:" + charge.id();
            LocalDate today = LocalDate.now(clock.withZone(customer.timeZone()));
            requesting.request(requestId, customer, null, currency, customer.terms(), today, today, today, today, List.of());
        }
        return ResponseEntity.status(201).body(new ChargeView(charge.id(), charge.description(), quantity.toPlainString(),
                unitPrice.toPlainString(), taxRate.toPlainString(), currency, charge.kind(), requestId));
    }

    @GetMapping("/api/customers/{customerId}/charges")
    public List<ChargeView> open(@PathVariable UUID customerId) {
        customers.find(customerId).orElseThrow(() -> ApiProblem.notFound("Customer", customerId));
        return pending.open(customerId).stream().map(c -> new ChargeView(c.id(), c.description(), c.quantity().toPlainString(),
                c.unitPrice().toPlainString(), c.taxRate().toPlainString(), c.currency(), c.kind(), null)).toList();
    }
}
