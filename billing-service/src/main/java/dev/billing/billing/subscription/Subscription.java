package dev.billing.billing.subscription;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Period;
import java.util.UUID;

/** A recurring service sold to a customer, billed in advance from its start date. */
public record Subscription(UUID id, UUID customerId, String description, BigDecimal quantity, BigDecimal unitPrice,
                          String currency, BigDecimal taxRate, Period interval, LocalDate startDate,
                          int periodsBilled, LocalDate nextCutDate, String status) {

    public BillingSchedule schedule() {
        return new BillingSchedule(startDate, interval);
    }
}
