package dev.billing.dispute.dispute;

import dev.billing.dispute.attachment.Uploads;
import dev.billing.support.web.ApiProblem;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * {@code /api/disputes}: the staff side. Every staff role reads; COLLECTOR, ACCOUNTANT and ADMIN open disputes, write
 * in the thread (internal notes too), assign and propose outcomes; ACCOUNTANT and ADMIN approve or decline a proposed
 * credit note or re-issue (never their own: four-eyes). Bodies are JSON, or multipart/form-data with the JSON in a
 * part ({@code dispute}, {@code message}) and up to 5 {@code files} (PDF, JPEG, PNG; at most 10 MB each).
 */
@RestController
@RequestMapping("/api/disputes")
class DisputeController {
    private static final Set<String> VIEWS = Set.of("all", "unassigned", "mine", "sla-due");
    private final OpeningDispute opening;
    private final PostingMessage posting;
    private final AssigningDispute assigning;
    private final ResolvingDispute resolving;
    private final Disputes disputes;
    private final DisputeViews views;
    private final Uploads uploads;
    private final Clock clock;

    DisputeController(OpeningDispute opening, PostingMessage posting, AssigningDispute assigning, ResolvingDispute resolving,
                      Disputes disputes, DisputeViews views, Uploads uploads, Clock clock) {
        this.opening = opening;
        this.posting = posting;
        this.assigning = assigning;
        this.resolving = resolving;
        this.disputes = disputes;
        this.views = views;
        this.uploads = uploads;
        this.clock = clock;
    }

    /** A staff message: {@code internal} true for a note the customer never sees. */
    record StaffMessage(String body, Boolean internal) {
    }

    record AssignRequest(String assignee) {
    }

    record DeclineRequest(String reason) {
    }

    record SummaryView(long open, long underReview, Map<String, Long> byReason, Map<String, Long> byOutcome, Long oldestOpenDays,
                       Double averageHoursToFirstResponse, Double averageHoursToResolution) {
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DisputeViews.DisputeView> open(@RequestBody OpeningDispute.Request request) {
        return created(opening.open(request, List.of(), null));
    }

    @PostMapping(consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<DisputeViews.DisputeView> openWithFiles(@RequestPart(name = "dispute", required = false) String dispute,
                                                           @RequestPart(name = "files", required = false) List<MultipartFile> files) {
        return created(opening.open(uploads.part("dispute", dispute, OpeningDispute.Request.class), Uploads.of(files), null));
    }

    private ResponseEntity<DisputeViews.DisputeView> created(Dispute dispute) {
        return ResponseEntity.created(URI.create("/api/disputes/" + dispute.id()))
                .body(views.staff(disputes.find(dispute.id()).orElseThrow()));
    }

    @GetMapping
    DisputeViews.PageView list(@RequestParam(required = false) String status, @RequestParam(required = false) String reason,
                               @RequestParam(required = false) UUID customerId, @RequestParam(required = false) UUID invoiceId,
                               @RequestParam(required = false) String assignee, @RequestParam(defaultValue = "all") String view,
                               @RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        if (!VIEWS.contains(view)) {
            throw ApiProblem.badRequest("view", "must be one of all, unassigned, mine, sla-due");
        }
        if (page < 0 || page > 100_000) {
            throw ApiProblem.badRequest("page", "must be between 0 and 100000");
        }
        if (size < 1 || size > 100) {
            throw ApiProblem.badRequest("size", "must be between 1 and 100");
        }
        Instant now = clock.instant();
        Disputes.Page found = disputes.list(new Disputes.Filter(status == null ? null : DisputeStatus.parse("status", status),
                reason == null ? null : Reason.parse("reason", reason), customerId, invoiceId,
                assignee == null || assignee.isBlank() ? null : assignee, view, Staff.id(), now, now.plus(Duration.ofHours(24))), page, size);
        return new DisputeViews.PageView(views.summaries(found.items(), true), found.total(), page, size);
    }

    /** Counts by status, reason and outcome; the oldest open dispute's age; average hours to first response and to resolution. */
    @GetMapping("/summary")
    SummaryView summary() {
        Disputes.Summary s = disputes.summary();
        return new SummaryView(s.open(), s.underReview(), s.byReason(), s.byOutcome(),
                s.oldestOpenedAt() == null ? null : Duration.between(s.oldestOpenedAt(), clock.instant()).toDays(),
                hours(s.averageSecondsToFirstResponse()), hours(s.averageSecondsToResolution()));
    }

    private static Double hours(Double seconds) {
        return seconds == null ? null : Math.round(seconds / 360.0) / 10.0;
    }

    @GetMapping("/invoices/{invoiceId}")
    DisputeViews.InvoiceDisputesView invoice(@PathVariable UUID invoiceId) {
        return views.invoice(invoiceId, null);
    }

    @GetMapping("/{id}")
    DisputeViews.DisputeView get(@PathVariable UUID id) {
        return views.staff(known(id));
    }

    @PostMapping(path = "/{id}/messages", consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<DisputeViews.DisputeView> post(@PathVariable UUID id, @RequestBody StaffMessage message) {
        posting.byStaff(id, message.body(), Boolean.TRUE.equals(message.internal()), List.of());
        return ResponseEntity.status(201).body(views.staff(known(id)));
    }

    @PostMapping(path = "/{id}/messages", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    ResponseEntity<DisputeViews.DisputeView> postWithFiles(@PathVariable UUID id,
                                                           @RequestPart(name = "message", required = false) String message,
                                                           @RequestPart(name = "files", required = false) List<MultipartFile> files) {
        StaffMessage parsed = uploads.part("message", message, StaffMessage.class);
        posting.byStaff(id, parsed.body(), Boolean.TRUE.equals(parsed.internal()), Uploads.of(files));
        return ResponseEntity.status(201).body(views.staff(known(id)));
    }

    @PostMapping("/{id}/assign")
    DisputeViews.DisputeView assign(@PathVariable UUID id, @RequestBody AssignRequest request) {
        assigning.assign(id, request.assignee());
        return views.staff(known(id));
    }

    @PostMapping("/{id}/proposal")
    DisputeViews.DisputeView propose(@PathVariable UUID id, @RequestBody ResolvingDispute.ProposalRequest request) {
        resolving.propose(id, request);
        return views.staff(known(id));
    }

    @PostMapping("/{id}/proposal/approve")
    DisputeViews.DisputeView approve(@PathVariable UUID id) {
        resolving.approve(id);
        return views.staff(known(id));
    }

    @PostMapping("/{id}/proposal/decline")
    DisputeViews.DisputeView decline(@PathVariable UUID id, @RequestBody DeclineRequest request) {
        resolving.decline(id, request.reason());
        return views.staff(known(id));
    }

    @GetMapping("/{id}/attachments/{attachmentId}")
    ResponseEntity<byte[]> attachment(@PathVariable UUID id, @PathVariable UUID attachmentId) {
        Disputes.Content content = disputes.attachment(id, attachmentId).orElseThrow(() -> ApiProblem.notFound("Attachment", attachmentId));
        return Uploads.download(content.attachment().fileName(), content.attachment().contentType(), content.bytes());
    }

    private Dispute known(UUID id) {
        return disputes.find(id).orElseThrow(() -> ApiProblem.notFound("Dispute", id));
    }
}
