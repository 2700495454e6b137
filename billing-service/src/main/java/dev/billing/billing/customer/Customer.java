package dev.billing.billing.customer;

import dev.billing.billing.terms.PaymentTerms;
import java.time.ZoneId;
import java.util.UUID;

/** A billing account: who is billed, how to reach them, in which language and time zone, on what terms. */
public record Customer(UUID id, String name, String email, String phone, String language, ZoneId timeZone,
                       PaymentTerms terms) {

    public int paymentTermDays() {
        return terms.days();
    }
}
