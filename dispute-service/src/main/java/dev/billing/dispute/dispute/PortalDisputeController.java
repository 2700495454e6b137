package dev.billing.dispute.dispute;

import dev.billing.dispute.attachment.Uploads;
import dev.billing.support.security.PortalCustomer;
import dev.billing.support.web.ApiProblem;
import java.net.URI;
import java.util.List;
import java.util.UUID;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RequestPart;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

/**
 * {@code /api/portal/disputes}: the customer's side, with a CUSTOMER token, for the one customer it names
 * ({@link PortalCustomer}): open a dispute on their invoice, read and write its thread (never the internal notes),
 * ask for a copy of the invoice, withdraw it. Another customer's dispute, invoice or file is a 404, as if it did not exist.
 */
@RestController
@RequestMapping("/api/portal/disputes")
class PortalDisputeController {
    private final OpeningDispute opening;
    private final PostingMessage posting;
    private final WithdrawingDispute withdrawing;
    private final Disputes disputes;
    private final DisputeViews views;
    private final Uploads uploads;

    PortalDisputeController(OpeningDispute opening, PostingMessage posting, WithdrawingDispute withdrawing, Disputes disputes,
                            DisputeViews views, Uploads uploads) {
        this.opening = opening;
        this.posting = posting;
        this.withdrawing = withdrawing;
        this.disputes = disputes;
        this.views = views;
        this.uploads = uploads;
    }

    /** A customer's message; {@code requestInvoiceCopy} true asks for a copy of the invoice (PDF) by email. */
    record CustomerMessage(String body, Boolean requestInvoiceCopy) {
    }

    record WithdrawRequest(String reason) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DisputeViews.DisputeView> open(@RequestBody OpeningDispute.Request request) {
        return created(opening.open(request, List.of(), PortalCustomer.current()));
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<DisputeViews.DisputeView> openWithFiles(@RequestPart(name = "dispute", required = false) String dispute,
                                                           @RequestPart(name = "files", required = false) List<MultipartFile> files) {
        return created(opening.open(uploads.part("dispute", dispute, OpeningDispute.Request.class), Uploads.of(files),
                PortalCustomer.current()));
    }

    private ResponseEntity<DisputeViews.DisputeView> created(Dispute dispute) {
        return ResponseEntity.created(URI.create("/api/portal/disputes/" + dispute.id())).body(views.portal(own(dispute.id())));
    }

    @GetMapping
    DisputeViews.ItemsView list(@RequestParam(required = false) UUID invoiceId) {
        return new DisputeViews.ItemsView(views.summaries(disputes.ofCustomer(PortalCustomer.current(), invoiceId), false));
    }

    @GetMapping("/invoices/{invoiceId}")
    DisputeViews.InvoiceDisputesView invoice(@PathVariable UUID invoiceId) {
        return views.invoice(invoiceId, PortalCustomer.current());
    }

    @GetMapping("/{id}")
    DisputeViews.DisputeView get(@PathVariable UUID id) {
        return views.portal(own(id));
    }

    @PostMapping(path = "/{id}/messages", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DisputeViews.DisputeView> post(@PathVariable UUID id, @RequestBody CustomerMessage message) {
        posting.byCustomer(PortalCustomer.current(), id, message.body(), Boolean.TRUE.equals(message.requestInvoiceCopy()), List.of());
        return ResponseEntity.status(201).body(views.portal(own(id)));
    }

    @PostMapping(path = "/{id}/messages", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<DisputeViews.DisputeView> postWithFiles(@PathVariable UUID id,
                                                           @RequestPart(name = "message", required = false) String message,
                                                           @RequestPart(name = "files", required = false) List<MultipartFile> files) {
        CustomerMessage parsed = uploads.part("message", message, CustomerMessage.class);
        posting.byCustomer(PortalCustomer.current(), id, parsed.body(), Boolean.TRUE.equals(parsed.requestInvoiceCopy()),
                Uploads.of(files));
        return ResponseEntity.status(201).body(views.portal(own(id)));
    }

    @PostMapping("/{id}/withdraw")
    DisputeViews.DisputeView withdraw(@PathVariable UUID id, @RequestBody(required = false) WithdrawRequest request) {
        withdrawing.withdraw(PortalCustomer.current(), id, request == null ? null : request.reason());
        return views.portal(own(id));
    }

    /** Only files of messages the customer sees. */
    @GetMapping("/{id}/attachments/{attachmentId}")
    ResponseEntity<byte[]> attachment(@PathVariable UUID id, @PathVariable UUID attachmentId) {
        own(id);
        Disputes.Content content = disputes.attachment(id, attachmentId).filter(c -> !c.internal())
                .orElseThrow(() -> ApiProblem.notFound("Attachment", attachmentId));
        return Uploads.download(content.attachment().fileName(), content.attachment().contentType(), content.bytes());
    }

    private Dispute own(UUID id) {
        return disputes.find(id).filter(d -> d.customerId().equals(PortalCustomer.current()))
                .orElseThrow(() -> ApiProblem.notFound("Dispute", id));
    }
}
