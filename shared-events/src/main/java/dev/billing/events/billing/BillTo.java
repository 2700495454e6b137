package dev.billing.events.billing;

import dev.billing.events.OptionalField;

/** Who an invoice is addressed to, as the billing account was when the invoice was requested. */
public record BillTo(String name, String email, @OptionalField String phone, String language, String timeZone) {
}
