package dev.billing.billing.rebill;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.LocalDate;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code POST /api/subscriptions/{id}/rebill} with {@code {"periodStart": "2027-03-01"}}: bills again a
 * period whose invoice was cancelled (202: the invoice is requested); 409 when it was not cancelled or
 * was billed again already, 422 when no billed period starts on that day.
 */
@RestController
public class RebillController {
    private final RebillingPeriod rebilling;

    public RebillController(RebillingPeriod rebilling) {
        this.rebilling = rebilling;
    }

    public record RebillRequest(@NotNull LocalDate periodStart) {
    }

    @PostMapping("/api/subscriptions/{id}/rebill")
    @ResponseStatus(HttpStatus.ACCEPTED)
    public RebillingPeriod.Rebilled rebill(@PathVariable UUID id, @Valid @RequestBody RebillRequest request) {
        return rebilling.rebill(id, request.periodStart());
    }
}
