package dev.billing.invoice.statement;

import dev.billing.invoice.document.DocumentLanguage;
import dev.billing.support.security.PortalCustomer;
import dev.billing.support.web.ApiProblem;
import dev.billing.support.web.RequestValues;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The statement of account ({@link Statement}): for staff {@code GET /api/customers/{id}/statement}
 * (the gateway routes this path here; the rest of {@code /api/customers} is billing-service's), and for
 * the customer of a portal token {@code GET /api/portal/statement}. JSON, or the PDF with
 * {@code Accept: application/pdf}.
 */
@RestController
public class StatementController {
    private final StatementReader reader;
    private final StatementPdf pdf;
    private final Clock clock;

    public StatementController(StatementReader reader, StatementPdf pdf, Clock clock) {
        this.reader = reader;
        this.pdf = pdf;
        this.clock = clock;
    }

    public record EntryView(LocalDate date, String kind, String reference, UUID invoiceId, String invoiceNumber,
                            UUID paymentId, String debit, String credit, String balance) {
    }

    public record CurrencyStatementView(String currency, String openingBalance, List<EntryView> entries, String totalDebit,
                                        String totalCredit, String closingBalance) {
    }

    public record StatementView(UUID customerId, String customerName, LocalDate from, LocalDate to, String timeZone,
                                List<CurrencyStatementView> currencies) {
    }

    @Operation(summary = "A customer's statement of account",
            description = "Per currency: the balance at the start of from, the entries of the period (in the customer's "
                    + "time zone) with the running balance, the totals and the balance at the end of to; a positive "
                    + "balance is owed by the customer. Accept: application/pdf gives the PDF.",
            responses = @ApiResponse(responseCode = "200", description = "the statement", content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = StatementView.class)),
                    @Content(mediaType = MediaType.APPLICATION_PDF_VALUE, schema = @Schema(type = "string", format = "binary"))}))
    @GetMapping("/api/customers/{customerId}/statement")
    public ResponseEntity<?> customerStatement(@PathVariable UUID customerId,
                                               @Parameter(description = "first day, YYYY-MM-DD; default the first day of to's year") @RequestParam(required = false) String from,
                                               @Parameter(description = "last day, YYYY-MM-DD, at most 5 years after from; default today (the customer's day)") @RequestParam(required = false) String to,
                                               @Parameter(description = "only this currency (ISO 4217)") @RequestParam(required = false) String currency,
                                               @Parameter(description = "language of the PDF: tr, en or hu; default the customer's") @RequestParam(required = false) String lang,
                                               @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        return statement(customerId, from, to, currency, lang, accept);
    }

    @Operation(summary = "The statement of account of the portal token's customer",
            description = "As GET /api/customers/{customerId}/statement, for the customer the CUSTOMER token names.",
            responses = @ApiResponse(responseCode = "200", description = "the statement", content = {
                    @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(implementation = StatementView.class)),
                    @Content(mediaType = MediaType.APPLICATION_PDF_VALUE, schema = @Schema(type = "string", format = "binary"))}))
    @GetMapping("/api/portal/statement")
    public ResponseEntity<?> portalStatement(@Parameter(description = "first day, YYYY-MM-DD; default the first day of to's year") @RequestParam(required = false) String from,
                                             @Parameter(description = "last day, YYYY-MM-DD, at most 5 years after from; default today (the customer's day)") @RequestParam(required = false) String to,
                                             @Parameter(description = "only this currency (ISO 4217)") @RequestParam(required = false) String currency,
                                             @Parameter(description = "language of the PDF: tr, en or hu; default the customer's") @RequestParam(required = false) String lang,
                                             @RequestHeader(value = HttpHeaders.ACCEPT, required = false) String accept) {
        return statement(PortalCustomer.current(), from, to, currency, lang, accept);
    }

    private ResponseEntity<?> statement(UUID customerId, String from, String to, String currency, String lang, String accept) {
        // every parameter is checked before anything is read
        LocalDate fromDate = StatementPeriod.optionalDate("from", from);
        LocalDate toDate = StatementPeriod.optionalDate("to", to);
        Optional<String> only = Optional.ofNullable(currency).map(c -> RequestValues.currency("currency", c).getCurrencyCode());
        Optional<DocumentLanguage> language = Optional.ofNullable(lang).map(StatementController::language);
        boolean asPdf = wantsPdf(accept);
        StatementReader.Customer customer = reader.customer(customerId).orElseThrow(() -> ApiProblem.notFound("Customer", customerId));
        StatementPeriod period = StatementPeriod.of(fromDate, toDate, LocalDate.ofInstant(clock.instant(), customer.zone()));
        List<Statement> statements = reader.read(customer, period, only);
        if (asPdf) {
            byte[] content = pdf.render(customerId, customer.name(), period, statements,
                    language.orElseGet(() -> DocumentLanguage.of(customer.language())));
            return ResponseEntity.ok().contentType(MediaType.APPLICATION_PDF)
                    .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                            .filename("statement-" + period.from() + "-" + period.to() + ".pdf").build().toString())
                    .body(content);
        }
        return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).body(new StatementView(customerId, customer.name(),
                period.from(), period.to(), customer.zone().getId(), statements.stream().map(StatementController::view).toList()));
    }

    private static CurrencyStatementView view(Statement statement) {
        return new CurrencyStatementView(statement.currency(), plain(statement.openingBalance()),
                statement.lines().stream().map(line -> new EntryView(line.entry().date(), line.entry().kind().name(),
                        line.entry().reference(), line.entry().invoiceId(), line.entry().invoiceNumber(), line.entry().paymentId(),
                        plain(line.debit()), plain(line.credit()), plain(line.balance()))).toList(),
                plain(statement.totalDebit()), plain(statement.totalCredit()), plain(statement.closingBalance()));
    }

    private static DocumentLanguage language(String code) {
        return Arrays.stream(DocumentLanguage.values()).filter(l -> l.code().equals(code)).findFirst()
                .orElseThrow(() -> ApiProblem.badRequest("lang", "must be tr, en or hu"));
    }

    /** The PDF only when asked for by name: a browser's or a tool's wildcard gets the JSON. */
    private static boolean wantsPdf(String accept) {
        if (accept == null || accept.isBlank()) {
            return false;
        }
        try {
            return MediaType.parseMediaTypes(accept).stream().anyMatch(type -> type.equalsTypeAndSubtype(MediaType.APPLICATION_PDF));
        } catch (InvalidMediaTypeException e) {
            throw ApiProblem.badRequest("Accept", "is not a list of media types: " + e.getMessage());
        }
    }

    private static String plain(BigDecimal amount) {
        return amount == null ? null : amount.toPlainString();
    }
}
