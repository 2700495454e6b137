package dev.billing.payment.bankstatement;

import dev.billing.support.web.ApiProblem;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.util.InvalidMimeTypeException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/payments/bank-statements}: import a statement file as the raw body ({@code POST}, 201; camt.053 as
 * {@code application/xml} or {@code text/xml}, MT940 as {@code text/plain}; at most 5 MB), list the imports newest
 * first, read one with its lines, and confirm a line as a payment or ignore it.
 */
@RestController
class BankStatementController {
    static final int MAX_BYTES = 5 * 1024 * 1024;
    private final ImportingBankStatement importing;
    private final DecidingStatementLine deciding;
    private final BankStatements statements;

    BankStatementController(ImportingBankStatement importing, DecidingStatementLine deciding, BankStatements statements) {
        this.importing = importing;
        this.deciding = deciding;
        this.statements = statements;
    }

    /** What the rule proposed at the import: {@code invoiceId}, {@code invoiceNumber} and {@code customerId} are empty for NONE. */
    record ProposalView(String confidence, UUID invoiceId, String invoiceNumber, UUID customerId, String reason) {
    }

    /**
     * {@code status}: OPEN, CONFIRMED (then {@code paymentId} and the {@code invoiceId}/{@code customerId} it was recorded for)
     * or IGNORED. {@code alreadyImported}: the line came with an earlier import ({@code importId}) and was left as it was.
     */
    record LineView(UUID id, UUID importId, int position, String account, LocalDate bookingDate, LocalDate valueDate, String direction,
                    String amount, String currency, String entryReference, String remittance, String payerName, ProposalView proposal,
                    String status, UUID paymentId, UUID invoiceId, UUID customerId, Instant decidedAt, String decidedBy,
                    boolean alreadyImported) {
    }

    /** {@code newLineCount}: the lines no earlier import had; {@code openLineCount}: credits still to confirm or ignore. */
    record ImportSummary(UUID id, String format, String statementId, String account, int lineCount, int newLineCount,
                         int openLineCount, Instant importedAt, String importedBy) {
    }

    record ImportView(UUID id, String format, String statementId, String account, int lineCount, int newLineCount, int openLineCount,
                      Instant importedAt, String importedBy, List<LineView> lines) {
    }

    /** {@code invoiceId}: the invoice it pays (any, not only the proposed); without it {@code customerId}, whose credit it becomes. */
    record ConfirmRequest(UUID invoiceId, UUID customerId) {
    }

    @PostMapping("/api/payments/bank-statements")
    @Operation(summary = "Import a camt.053 or MT940 statement file", requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(
            required = true, content = {@Content(mediaType = "application/xml", schema = @Schema(type = "string")),
            @Content(mediaType = "text/plain", schema = @Schema(type = "string"))}))
    ResponseEntity<ImportView> upload(HttpServletRequest request) throws IOException {
        BankStatement statement = parse(request.getContentType(), body(request));
        ImportingBankStatement.Imported imported = importing.add(statement);
        BankStatements.Import stored = statements.find(imported.id()).orElseThrow();
        return ResponseEntity.created(URI.create("/api/payments/bank-statements/" + imported.id()))
                .body(view(stored, imported.lines()));
    }

    @GetMapping("/api/payments/bank-statements")
    ResponseEntity<List<ImportSummary>> list(@RequestParam(defaultValue = "0") int page, @RequestParam(defaultValue = "20") int size) {
        if (page < 0) {
            throw ApiProblem.badRequest("page", "must be 0 or more");
        }
        if (size < 1 || size > 100) {
            throw ApiProblem.badRequest("size", "must be between 1 and 100");
        }
        return ResponseEntity.ok().header("X-Total-Count", String.valueOf(statements.count()))
                .body(statements.newestFirst(page, size).stream().map(i -> new ImportSummary(i.id(), i.format(), i.statementId(),
                        i.account(), i.lineCount(), i.newLineCount(), i.openLineCount(), i.importedAt(), i.importedBy())).toList());
    }

    @GetMapping("/api/payments/bank-statements/{id}")
    ImportView get(@PathVariable UUID id) {
        BankStatements.Import stored = statements.find(id).orElseThrow(() -> ApiProblem.notFound("Bank statement import", id));
        return view(stored, statements.linesOf(id));
    }

    @PostMapping("/api/payments/bank-statements/{id}/lines/{lineId}/confirm")
    LineView confirm(@PathVariable UUID id, @PathVariable UUID lineId, @RequestBody ConfirmRequest request) {
        return view(deciding.confirm(id, lineId, request.invoiceId(), request.customerId()), id);
    }

    @PostMapping("/api/payments/bank-statements/{id}/lines/{lineId}/ignore")
    LineView ignore(@PathVariable UUID id, @PathVariable UUID lineId) {
        return view(deciding.ignore(id, lineId), id);
    }

    /** The body, refused past the limit whether or not its length was declared, before any of it is parsed. */
    private static byte[] body(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > MAX_BYTES) {
            throw tooLarge();
        }
        try (InputStream in = request.getInputStream()) {
            byte[] body = in.readNBytes(MAX_BYTES + 1);
            if (body.length > MAX_BYTES) {
                throw tooLarge();
            }
            if (body.length == 0) {
                throw ApiProblem.badRequest("body", "is empty: send the statement file as the body");
            }
            return body;
        }
    }

    private static ApiProblem tooLarge() {
        return new ApiProblem(HttpStatus.CONTENT_TOO_LARGE, "Payload too large", "body",
                "body: a statement file may be at most " + MAX_BYTES + " bytes (5 MB); split a longer period");
    }

    private static BankStatement parse(String contentType, byte[] body) {
        MediaType type;
        try {
            type = contentType == null ? null : MediaType.parseMediaType(contentType);
        } catch (InvalidMimeTypeException e) {
            type = null;
        }
        try {
            if (type != null && (type.isCompatibleWith(MediaType.APPLICATION_XML) || type.isCompatibleWith(MediaType.TEXT_XML))) {
                return Camt053.parse(body);
            }
            if (type != null && type.isCompatibleWith(MediaType.TEXT_PLAIN)) {
                return Mt940.parse(body);
            }
        } catch (UnreadableStatement e) {
            throw ApiProblem.badRequest(e.field(), e.getMessage());
        }
        throw new ApiProblem(HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type", "Content-Type",
                "Content-Type: must be application/xml (camt.053) or text/plain (MT940), not " + contentType);
    }

    private static ImportView view(BankStatements.Import stored, List<BankStatements.Line> lines) {
        return new ImportView(stored.id(), stored.format(), stored.statementId(), stored.account(), stored.lineCount(),
                stored.newLineCount(), stored.openLineCount(), stored.importedAt(), stored.importedBy(),
                lines.stream().map(l -> view(l, stored.id())).toList());
    }

    private static LineView view(BankStatements.Line l, UUID importId) {
        StatementLine e = l.entry();
        return new LineView(l.id(), l.importId(), e.position(), e.account(), e.bookingDate(), e.valueDate(), e.direction().name(),
                e.amount().toPlainString(), e.currency(), e.entryReference(), e.remittance(), e.payerName(),
                new ProposalView(l.confidence(), l.proposedInvoiceId(), l.proposedInvoiceNumber(), l.proposedCustomerId(), l.reason()),
                l.status(), l.paymentId(), l.invoiceId(), l.customerId(), l.decidedAt(), l.decidedBy(), !l.importId().equals(importId));
    }
}
