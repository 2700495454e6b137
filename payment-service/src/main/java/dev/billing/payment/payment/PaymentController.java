package dev.billing.payment.payment;

import dev.billing.events.payment.PaymentMethods;
import dev.billing.support.web.ApiProblem;
import dev.billing.support.web.RequestValues;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.data.domain.PageRequest;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/payments}: record a payment staff received ({@code POST}, 201), read one or a customer's or an invoice's
 * ({@code GET}), give back part or all of one ({@code POST /{id}/refunds}). A refund of a payment a provider took goes
 * through that provider: 201 when it gave the money back, 202 while it is PENDING there (no answer yet: it is asked again),
 * 422 naming {@code provider} when it refused (the refund is kept as FAILED). Amounts are decimal strings in the
 * currency's precision.
 */
@RestController
class PaymentController {
    private final RecordingPayment recording;
    private final RefundingPayment refunding;
    private final Payments payments;

    PaymentController(RecordingPayment recording, RefundingPayment refunding, Payments payments) {
        this.recording = recording;
        this.refunding = refunding;
        this.payments = payments;
    }

    record PaymentRequest(@NotNull UUID customerId, UUID invoiceId, @NotNull String amount, @NotNull String currency,
                          @NotNull String method, @Size(max = 200) String reference, LocalDate receivedOn) {
    }

    record RefundRequest(@NotNull String amount, @Size(max = 500) String reason) {
    }

    /**
     * {@code status}: PENDING, SUCCEEDED or FAILED; {@code refundedAt}: when it was asked for; {@code decidedAt}: when it
     * became SUCCEEDED or FAILED; {@code providerReference}: the provider's name of the refund; {@code failure}: why the
     * provider refused it.
     */
    record RefundView(UUID id, String amount, String reason, Instant refundedAt, String refundedBy, String status,
                      String providerReference, String failure, Instant decidedAt) {
    }

    /** {@code refundable}: what is left to give back. {@code provider} and its reference are empty for a payment staff recorded. */
    record PaymentView(UUID id, UUID customerId, UUID invoiceId, String currency, String amount, String method, String provider,
                       String providerReference, String reference, Instant receivedAt, Instant recordedAt, String recordedBy,
                       String refundable, List<RefundView> refunds) {
    }

    @PostMapping("/api/payments")
    ResponseEntity<PaymentView> record(@Valid @RequestBody PaymentRequest request) {
        String currency = RequestValues.currency("currency", request.currency()).getCurrencyCode();
        if (!PaymentMethods.ALL.contains(request.method())) {
            throw ApiProblem.badRequest("method", "must be one of " + PaymentMethods.ALL);
        }
        RecordingPayment.ManualPayment payment = new RecordingPayment.ManualPayment(request.customerId(), request.invoiceId(),
                RequestValues.amountIn("amount", request.amount(), currency), currency, request.method(),
                blankToNull(RequestValues.singleLine("reference", request.reference())), request.receivedOn());
        Payment recorded = recording.record(payment);
        return ResponseEntity.created(URI.create("/api/payments/" + recorded.id())).body(view(recorded));
    }

    @Operation(summary = "Give back part or all of a payment (ACCOUNTANT)",
            description = "Never more than is left of the payment (refundable). A payment staff recorded is refunded at once; "
                    + "one a card payment provider took is given back by that provider, and the refund stays PENDING until "
                    + "it answers (asked again every few minutes with the same idempotency key). SUCCEEDED publishes "
                    + "PaymentRefunded. Location names the refund.",
            responses = {
                    @ApiResponse(responseCode = "201", description = "given back: the payment with its refunds, this one SUCCEEDED",
                            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = PaymentView.class))),
                    @ApiResponse(responseCode = "202", description = "accepted, the provider has not given it back yet (no answer, "
                            + "or its refund is pending there): the payment with this refund PENDING",
                            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = PaymentView.class))),
                    @ApiResponse(responseCode = "400", description = "amount not a decimal in the currency's digits, or reason too long "
                            + "(problem+json naming the field)", content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(implementation = ProblemDetail.class))),
                    @ApiResponse(responseCode = "404", description = "no such payment", content = @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE, schema = @Schema(implementation = ProblemDetail.class))),
                    @ApiResponse(responseCode = "422", description = "refused, nothing given back (problem+json naming the field): "
                            + "amount not positive or beyond what is left to refund (amount); the provider that took the payment "
                            + "takes no refunds from here (paymentId); the provider refused it, the refund kept as FAILED with its "
                            + "reason (provider)", content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE,
                            schema = @Schema(implementation = ProblemDetail.class)))})
    @PostMapping("/api/payments/{id}/refunds")
    ResponseEntity<PaymentView> refund(@PathVariable UUID id, @Valid @RequestBody RefundRequest request) {
        // a payment's currency never changes: it may be read before the refund locks the payment
        String currency = payments.findById(id).map(Payment::currency).orElseThrow(() -> ApiProblem.notFound("Payment", id));
        Refund refund = refunding.refund(id, RequestValues.amountIn("amount", request.amount(), currency),
                blankToNull(RequestValues.multiLine("reason", request.reason())));
        return ResponseEntity.status(refund.status() == Refund.Status.PENDING ? HttpStatus.ACCEPTED : HttpStatus.CREATED)
                .location(URI.create("/api/payments/" + id + "/refunds/" + refund.id())).body(view(payments.withRefunds(id).orElseThrow()));
    }

    @GetMapping("/api/payments/{id}")
    @Transactional(readOnly = true)
    PaymentView get(@PathVariable UUID id) {
        return payments.findById(id).map(PaymentController::view).orElseThrow(() -> ApiProblem.notFound("Payment", id));
    }

    /** A customer's payments or an invoice's (one of the two is needed), newest first. */
    @GetMapping("/api/payments")
    @Transactional(readOnly = true)
    List<PaymentView> list(@RequestParam(required = false) UUID customerId, @RequestParam(required = false) UUID invoiceId,
                           @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "50") int size) {
        if (customerId == null && invoiceId == null) {
            throw ApiProblem.badRequest("customerId", "give customerId or invoiceId");
        }
        if (page < 0) {
            throw ApiProblem.badRequest("page", "must be 0 or more");
        }
        if (size < 1 || size > 100) {
            throw ApiProblem.badRequest("size", "must be between 1 and 100");
        }
        PageRequest slice = PageRequest.of(page, size);
        List<Payment> found = invoiceId == null ? payments.ofCustomer(customerId, slice)
                : customerId == null ? payments.ofInvoice(invoiceId, slice) : payments.ofInvoiceOfCustomer(invoiceId, customerId, slice);
        return found.stream().map(PaymentController::view).toList();
    }

    private static PaymentView view(Payment p) {
        return new PaymentView(p.id(), p.customerId(), p.invoiceId(), p.currency(), p.amount().toPlainString(), p.method(), p.provider(),
                p.providerReference(), p.reference(), p.receivedAt(), p.recordedAt(), p.recordedBy(), p.refundable().toPlainString(),
                p.refunds().stream().map(r -> new RefundView(r.id(), r.amount().toPlainString(), r.reason(), r.refundedAt(),
                        r.refundedBy(), r.status().name(), r.providerReference(), r.failure(), r.decidedAt())).toList());
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
